#pragma once

#include <QByteArray>
#include <QString>

namespace facecase {

// What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802/7677, the format of
// pg_authid.rolpassword): "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>".
// Computed here, as psql's \password does, so that CREATE/ALTER ROLE … PASSWORD sends the
// verifier and never the password: it cannot end up in the server's statement log,
// pg_stat_activity or a backup. The password is normalised NFKC (SASLprep's core) and UTF-8
// encoded. 4096 iterations is PostgreSQL's default (scram_iterations).
class ScramVerifier {
public:
    static constexpr int kIterations = 4096;
    static constexpr int kSaltBytes = 16;

    // A fresh random salt from the system's generator.
    static QString forPassword(const QString& password);
    static QString forPassword(const QString& password, const QByteArray& salt, int iterations);
};

}  // namespace facecase
