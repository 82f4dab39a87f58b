#pragma once

#include <QString>

#include "types/result.h"

namespace facecase {

// The supervisor passphrase that guards policy changes, hashed with Argon2id (libsodium's
// crypto_pwhash_str: a random salt, the algorithm and its cost parameters travel inside the
// stored string, so the cost can be raised later without breaking stored hashes).
//
// Cost: libsodium's "interactive" limits (2 passes over 64 MiB), about 0.1 s per hash or check
// on this class of machine: cheap for a supervisor at the keyboard, expensive for anyone trying
// a dictionary against a copied database. Thread-safe (libsodium is once initialised).
class SupervisorPassphrase {
public:
    static constexpr int kMinLength = 12;  // characters
    static constexpr int kMaxLength = 1024;

    // The encoded hash ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash"), or InvalidInput when the
    // passphrase is too short/long, or Internal when libsodium fails (out of memory).
    static Result<QString> hash(const QString& passphrase);

    // True when `passphrase` matches `encodedHash`; false for any mismatch or a malformed hash.
    static bool matches(const QString& encodedHash, const QString& passphrase);
};

}  // namespace facecase
