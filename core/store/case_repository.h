#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "store/case_record.h"
#include "audit/audit_entry.h"
#include "store/database_connection.h"
#include "store/transaction.h"
#include "types/result.h"

namespace facecase {

// Cases: open, list, find, close, reopen, set the retention period. Every change writes its
// audit record (case_created, case_closed, case_reopened, case_retention_changed) through
// AuditTrail in the same transaction, so a case never exists, closes or reopens without the
// record saying who did it and when. Cases are never deleted (the schema refuses it while
// anything refers to them); CasePurger removes a case's data, never its row.
//
// Case numbers are unique ignoring ASCII case ("2024-CR-17" and "2024-cr-17" cannot both exist),
// checked under the write lock because the v1 column is case-sensitive. Uses the calling
// thread's connection; not thread-safe. Keeps a reference to `connection`, which must outlive
// it. Each call is one transaction of a few indexed statements (well under a millisecond plus
// the commit's fsync).
class CaseRepository {
public:
    explicit CaseRepository(const DatabaseConnection& connection) : m_connection(connection) {}

    // Opens a case from draft.caseNumber (required), draft.purpose (required), draft.title and
    // draft.analyst (the actor when empty) and draft.retentionDays (none: the policy default;
    // otherwise 1 to kMaxRetentionDays); other fields of `draft` are ignored. Text is
    // trimmed. `actor` is who opens it, for the audit record. A taken number is refused naming
    // the existing case's number as stored.
    Result<CaseRecord> create(const CaseRecord& draft, const QString& actor);

    // Every case, most recent activity first.
    Result<std::vector<CaseRecord>> list() const;
    // Ignoring ASCII case and surrounding spaces. NotFound names the number.
    Result<CaseRecord> findByNumber(const QString& caseNumber) const;
    Result<CaseRecord> findById(qint64 id) const;

    // Open -> closed, and closed -> open. Refused (InvalidInput) when the case is not in the
    // state to leave. `reason` is optional and goes into the audit record.
    Result<CaseRecord> close(qint64 id, const QString& actor, const QString& reason = {});
    Result<CaseRecord> reopen(qint64 id, const QString& actor, const QString& reason = {});

    // Changes how long the case's data is kept after closing: `days`, or none for the policy
    // default. `reason` is required; the audit record case_retention_changed says {case_number,
    // from, to, reason}, each period as whole days or kPolicyDefaultRetention. Allowed in open
    // and closed cases (a longer period holds a closed case's data); refused for a purged case
    // and when nothing would change.
    Result<CaseRecord> setRetention(qint64 id, std::optional<int> days, const QString& actor,
                                    const QString& reason);

    // How audit records and listings name "no period of its own".
    static inline const QString kPolicyDefaultRetention = QStringLiteral("policy default");
    static constexpr int kMaxRetentionDays = 36500;  // AgencyPolicy's bound too
    static constexpr int kMaxNumberLength = 64;
    static constexpr int kMaxTitleLength = 200;
    static constexpr int kMaxNameLength = 200;
    static constexpr int kMaxPurposeLength = 4000;
    static constexpr int kMaxReasonLength = 4000;

private:
    // Appends `entry` in `transaction`, reads case `id` back and commits: the last step of every
    // change, so the case returned is exactly the one committed with its audit record.
    Result<CaseRecord> recordAndCommit(Transaction& transaction, const AuditEntry& entry, qint64 id) const;
    static Result<void> checkRetention(const std::optional<int>& days);
    Result<std::vector<CaseRecord>> select(const QString& where, const QVariant& value) const;
    Result<CaseRecord> changeStatus(qint64 id, CaseRecord::Status to, const QString& actor,
                                    const QString& reason);

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
