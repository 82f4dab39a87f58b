#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "store/case_record.h"
#include "store/database_connection.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// The cases of a workspace as the start screen, the Audit log view and `facecase-cli case ...`
// see them: open, list, find, close, reopen, and change a case's retention period. One service
// for both front ends, so the app and the CLI refuse and record alike, and the actor of every
// audit record (case_created, case_closed, case_reopened, case_retention_changed) is the
// workspace's Actor, never a name a front end made up.
//
// The rules live here; CaseRepository only writes and reads rows. Each change (open, close,
// reopen, retention) is one write transaction that reads what it decides on under the write
// lock (a taken number, the case's status or period), so two analysts closing the same case or
// taking the same number cannot both succeed, and writes the row and its audit record together
// or not at all. What is refused leaves no trace. A change may carry the case's version the
// analyst saw (CaseRecord::changeSeq), so that one made on a stale screen is refused instead.
//
// Case numbers are unique ignoring ASCII case ("2024-CR-17" and "2024-cr-17" cannot both exist),
// checked under the write lock because the v1 column is case-sensitive.
//
// Uses the calling thread's connection (in the app: inside a DatabaseWorker lambda, never the
// GUI thread's); keeps a reference to it. Each call is one short transaction of a few indexed
// statements (well under a millisecond plus the commit's fsync).
class CaseCatalog {
public:
    // Text limits, for the widgets that take them (QLineEdit::setMaxLength).
    static constexpr int kMaxNumberLength = 64;
    static constexpr int kMaxTitleLength = 200;
    static constexpr int kMaxNameLength = 200;
    static constexpr int kMaxPurposeLength = 4000;
    static constexpr int kMaxReasonLength = 4000;
    static constexpr int kMaxRetentionDays = 36500;  // AgencyPolicy's bound too
    // How audit records name "no period of its own".
    static inline const QString kPolicyDefaultRetention = QStringLiteral("policy default");

    CaseCatalog(const DatabaseConnection& connection, Actor actor)
        : m_connection(connection), m_actor(std::move(actor)) {}

    // Opens a case from draft.caseNumber and draft.purpose (both required), draft.title,
    // draft.analyst (the actor when blank) and draft.retentionDays (none: the policy's period).
    // Refuses a blank number or purpose, overlong or control-character text, a period outside
    // 1..kMaxRetentionDays and a number already taken (ignoring ASCII case), naming that case.
    Result<CaseRecord> create(const CaseRecord& draft) const;

    // Every case, most recent activity first.
    Result<std::vector<CaseRecord>> list() const;
    // Ignoring ASCII case and surrounding spaces; NotFound names the number and the database.
    Result<CaseRecord> findByNumber(const QString& caseNumber) const;
    Result<CaseRecord> findById(qint64 id) const;

    // Open -> closed and closed -> open, `reason` (optional) on the audit record
    // (case_closed / case_reopened: {case_number, previous_status, reason}). Refused, naming
    // the case, when it is already in that state; a purged case is never reopened.
    //
    // `seenChange`: the case's changeSeq as the analyst's screen showed it. When the case was
    // changed since (another analyst closed, reopened, purged it or changed its period), the
    // change is refused with Error::Kind::Conflict naming who did what and when, and nothing
    // is written: a decision taken on a stale screen never silently undoes a colleague's.
    // None: act on the case as it is (the CLI).
    Result<CaseRecord> close(qint64 id, const QString& reason = {},
                             std::optional<qint64> seenChange = std::nullopt) const;
    Result<CaseRecord> reopen(qint64 id, const QString& reason = {},
                              std::optional<qint64> seenChange = std::nullopt) const;

    // How long the case's data is kept after closing: `days`, or none for the policy's period.
    // `reason` is required; the audit record case_retention_changed says {case_number, from, to,
    // reason}, each period as whole days or kPolicyDefaultRetention. Allowed in open and closed
    // cases (a longer period holds a closed case's data); refused for a purged case and when
    // nothing would change. `seenChange` as for close().
    Result<CaseRecord> setRetention(qint64 id, std::optional<int> days, const QString& reason,
                                    std::optional<qint64> seenChange = std::nullopt) const;

private:
    Result<CaseRecord> changeStatus(qint64 id, CaseRecord::Status to, const QString& reason,
                                    std::optional<qint64> seenChange) const;
    // Under the write lock: Conflict when `current` changed after `seenChange` (what `intent`,
    // "close it", would have been based on), else nothing.
    Result<void> checkUnchanged(const CaseRecord& current, std::optional<qint64> seenChange,
                                const QString& intent) const;

    const DatabaseConnection& m_connection;
    Actor m_actor;
};

}  // namespace facecase
