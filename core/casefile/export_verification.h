#pragma once

#include <QString>
#include <vector>

namespace facecase {

// What ExportVerifier found in a case bundle. Plain value.
struct ExportVerification {
    struct Problem {
        enum class Kind {
            Changed,    // the file's bytes are not the ones the manifest (or SHA256SUMS) hashed
            Missing,    // listed, not there
            Extra,      // there, not listed
            Malformed,  // not what its format says (a manifest that does not parse, ...)
            Chain,      // the audit excerpt does not verify: a record or link is broken
        };
        QString path;  // the file concerned, relative to the bundle root
        Kind kind = Kind::Changed;
        QString detail;
    };

    QString caseNumber;
    int filesChecked = 0;      // files whose hash was compared
    qint64 auditRecords = 0;   // records in audit.jsonl that were re-hashed
    qint64 headSeq = 0;        // chain head the bundle claims
    QString headHash;
    QString manifestSha256;    // of manifest.json as found: compare with the case_exported record
    QString sumsSha256;        // of SHA256SUMS as found: likewise (its sums_sha256)
    std::vector<Problem> problems;

    bool ok() const { return problems.empty(); }
    static QString kindName(Problem::Kind kind) {
        switch (kind) {
        case Problem::Kind::Changed: return QStringLiteral("changed");
        case Problem::Kind::Missing: return QStringLiteral("missing");
        case Problem::Kind::Extra: return QStringLiteral("extra");
        case Problem::Kind::Malformed: return QStringLiteral("malformed");
        case Problem::Kind::Chain: return QStringLiteral("chain");
        }
        return QStringLiteral("changed");
    }
};

}  // namespace facecase
