#pragma once

#include <QJsonObject>
#include <optional>

#include "audit/audit_anchor_check.h"
#include "audit/audit_cross_check.h"
#include "audit/audit_trail.h"
#include "store/database_connection.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// An auditor's check of the audit log, the same from the app's Audit log view and from
// `facecase-cli audit verify`: recompute the hash chain, compare the log with the chain heads
// anchored outside it (AuditAnchorCheck: a missing tail, a rewritten stretch), then put the
// cross-check the workspace's state against the trail (AuditCrossCheck), then put the check
// itself on record
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
        AuditAnchorCheck anchors;
        AuditCrossCheck crossCheck;
        std::optional<qint64> recordedSeq;  // the audit_verified record of this check
        std::optional<Error> recordError;   // the check ran but could not be recorded

        // The chain is intact, no anchor contradicts it and the state agrees with it.
        bool ok() const { return verification.intact() && anchors.agrees() && crossCheck.agrees(); }
    };

    struct Options {
        bool record = true;  // false: a read-only look (a database opened read-only)
        // The witness file to compare with; nullopt: the connection's (auditWitnessPath).
        std::optional<QString> witnessPath;
        std::vector<AuditAnchor> namedHeads;  // heads an auditor noted (`--anchor SEQ:HASH`)
    };

    static Result<Check> verify(const DatabaseConnection& connection, const Actor& actor,
                                const Options& options);
    static Result<Check> verify(const DatabaseConnection& connection, const Actor& actor,
                                bool record = true) {
        Options options;
        options.record = record;
        return verify(connection, actor, options);
    }

    // {intact, records, head_seq, head_hash} or {intact, records, break: {seq, kind,
    // explanation}}: the details of the audit_verified record and of `audit verify --json`.
    static QJsonObject verificationJson(const AuditVerification& verification);
    // verificationJson plus "anchors" (AuditAnchorCheck::json), "complete" (the anchors agree)
    // and "cross_check" (AuditCrossCheck::json): the details of audit_verified and the body of
    // `audit verify --json`.
    static QJsonObject checkJson(const Check& check);
};

}  // namespace facecase
