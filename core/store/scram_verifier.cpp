#include "store/scram_verifier.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace facecase {

namespace {
QByteArray hmac(const QByteArray& key, const QByteArray& message) {
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

// PBKDF2-HMAC-SHA-256 (RFC 8018) for one output block, which is all SCRAM-SHA-256 needs:
// Hi(password, salt, i) in RFC 5802. (Qt Core has no PBKDF2; Qt Network's is not a dependency.)
QByteArray saltedPassword(const QByteArray& password, const QByteArray& salt, int iterations) {
    QByteArray u = hmac(password, salt + QByteArray("\x00\x00\x00\x01", 4));
    QByteArray result = u;
    for (int i = 1; i < iterations; ++i) {
        u = hmac(password, u);
        for (int b = 0; b < result.size(); ++b) result[b] = char(result[b] ^ u[b]);
    }
    return result;
}
}  // namespace

QString ScramVerifier::forPassword(const QString& password) {
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(salt.data()),
                                          kSaltBytes / int(sizeof(quint32)));
    return forPassword(password, salt, kIterations);
}

QString ScramVerifier::forPassword(const QString& password, const QByteArray& salt,
                                   int iterations) {
    const QByteArray salted = saltedPassword(
        password.normalized(QString::NormalizationForm_KC).toUtf8(), salt, iterations);
    const QByteArray clientKey = hmac(salted, QByteArrayLiteral("Client Key"));
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
    const QByteArray serverKey = hmac(salted, QByteArrayLiteral("Server Key"));
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
             QString::fromLatin1(serverKey.toBase64()));
}

}  // namespace facecase
