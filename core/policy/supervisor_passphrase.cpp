#include "policy/supervisor_passphrase.h"

#include <sodium.h>

#include <QByteArray>

namespace facecase {

namespace {
bool sodiumReady() {
    // sodium_init() is thread-safe and idempotent; a static makes it run once.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

// The passphrase's UTF-8 bytes, wiped when done: a passphrase should not linger in freed heap.
class SecretBytes {
public:
    explicit SecretBytes(const QString& text) : m_bytes(text.toUtf8()) {}
    ~SecretBytes() { sodium_memzero(m_bytes.data(), size_t(m_bytes.size())); }
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;
    const char* data() const { return m_bytes.constData(); }
    unsigned long long size() const { return static_cast<unsigned long long>(m_bytes.size()); }

private:
    QByteArray m_bytes;
};
}  // namespace

Result<QString> SupervisorPassphrase::hash(const QString& passphrase) {
    if (passphrase.size() < kMinLength) {
        return Error::invalidInput(
            QStringLiteral("the supervisor passphrase is too short (%1 characters, at least %2)")
                .arg(passphrase.size())
                .arg(kMinLength));
    }
    if (passphrase.size() > kMaxLength) {
        return Error::invalidInput(
            QStringLiteral("the supervisor passphrase is too long (at most %1 characters)").arg(kMaxLength));
    }
    if (!sodiumReady()) return Error::internal(QStringLiteral("libsodium cannot be initialised"));
    SecretBytes secret(passphrase);
    char encoded[crypto_pwhash_STRBYTES] = {};
    if (crypto_pwhash_str_alg(encoded, secret.data(), secret.size(),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Error::internal(QStringLiteral(
            "cannot hash the supervisor passphrase (Argon2id needs 64 MiB of memory)"));
    }
    return QString::fromLatin1(encoded);
}

bool SupervisorPassphrase::matches(const QString& encodedHash, const QString& passphrase) {
    if (!sodiumReady() || passphrase.isEmpty() || passphrase.size() > kMaxLength) return false;
    const QByteArray stored = encodedHash.toLatin1();
    if (stored.size() >= crypto_pwhash_STRBYTES) return false;
    char encoded[crypto_pwhash_STRBYTES] = {};
    std::copy(stored.begin(), stored.end(), encoded);
    SecretBytes secret(passphrase);
    return crypto_pwhash_str_verify(encoded, secret.data(), secret.size()) == 0;
}

}  // namespace facecase
