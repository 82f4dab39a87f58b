#pragma once

#include <QJsonObject>
#include <optional>

#include "audit/audit_trail.h"
#include "store/database_connection.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// An auditor's check of the audit log, the same from the app's Audit log view and from
// `facecase-cli audit verify`: recompute the hash chain, then put the check itself on record
// as `audit_verified` (with what it found: a broken chain is recorded too, since that a check
// found it is evidence).
//
// The record is written after verifying, in a transaction of its own: verify() reads a snapshot
// and must not hold the write lock over a long log. Use from any thread with that thread's
// connection; cost: one pass over every record (SHA-256 each) and one small write.
class AuditInspection {
public:
    struct Check {
        AuditVerification verification;
        std::optional<qint64> recordedSeq;  // the audit_verified record of this check
        std::optional<Error> recordError;   // the check ran but could not be recorded
    };

    // `record` false: a read-only look (a database opened read-only); nothing is written.
    static Result<Check> verify(const DatabaseConnection& connection, const Actor& actor,
                                bool record = true);

    // {intact, records, head_seq, head_hash} or {intact, records, break: {seq, kind,
    // explanation}}: the details of the audit_verified record and of `audit verify --json`.
    static QJsonObject verificationJson(const AuditVerification& verification);
};

}  // namespace facecase
