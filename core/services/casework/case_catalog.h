#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "store/case_record.h"
#include "store/case_repository.h"
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
// The rules it promises (the text checks, a taken number refused naming the case, an open case
// only closed and a closed, unpurged case only reopened, each change with its audit record in
// the same transaction) are today carried out by CaseRepository under the write lock; callers
// depend on this class, so they can move here without touching a view or a command.
//
// Uses the calling thread's connection (in the app: inside a DatabaseWorker lambda, never the
// GUI thread's); keeps a reference to it. Each call is one short transaction.
class CaseCatalog {
public:
    // Text limits, for the widgets that take them (QLineEdit::setMaxLength).
    static constexpr int kMaxNumberLength = CaseRepository::kMaxNumberLength;
    static constexpr int kMaxTitleLength = CaseRepository::kMaxTitleLength;
    static constexpr int kMaxNameLength = CaseRepository::kMaxNameLength;
    static constexpr int kMaxPurposeLength = CaseRepository::kMaxPurposeLength;
    static constexpr int kMaxReasonLength = CaseRepository::kMaxReasonLength;
    static constexpr int kMaxRetentionDays = CaseRepository::kMaxRetentionDays;

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

    // Open -> closed and closed -> open, `reason` (optional) on the audit record. Refused,
    // naming the case, when it is already in that state; a purged case is never reopened.
    Result<CaseRecord> close(qint64 id, const QString& reason = {}) const;
    Result<CaseRecord> reopen(qint64 id, const QString& reason = {}) const;

    // How long the case's data is kept after closing: `days`, or none for the policy's period.
    // `reason` is required. Refused for a purged case and when nothing would change.
    Result<CaseRecord> setRetention(qint64 id, std::optional<int> days, const QString& reason) const;

private:
    const DatabaseConnection& m_connection;
    Actor m_actor;
};

}  // namespace facecase
