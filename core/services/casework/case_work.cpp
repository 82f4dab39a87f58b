#include "services/casework/case_work.h"

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <iterator>

#include "audit/audit_numbers.h"
#include "audit/audit_trail.h"
#include "store/open_case_guard.h"
#include "store/probe_repository.h"
#include "store/refusal_record.h"
#include "store/sql_values.h"
#include "store/text_field.h"
#include "store/transaction.h"
#include "store/verdict_repository.h"
#include "types/display_time.h"

namespace facecase {

namespace {
// Reasons and notes may run over several lines; other control characters are refused, as for
// every text the store keeps (TextField). Required-ness is checked by the callers, whose
// messages say why a reason is needed.
Result<QString> cleanText(const QString& text, const QString& what, int maxLength) {
    return TextField::clean(text, what, maxLength, false, TextField::Lines::Many);
}

Result<void> checkMarks(const std::vector<VerdictRecord::Mark>& marks) {
    for (const VerdictRecord::Mark& mark : marks) {
        if (!std::isfinite(mark.position.x()) || !std::isfinite(mark.position.y()) ||
            mark.position.x() < 0 || mark.position.y() < 0) {
            return Error::invalidInput(QStringLiteral("mark \"%1\" lies outside the image (%2, %3)")
                                           .arg(mark.label)
                                           .arg(mark.position.x())
                                           .arg(mark.position.y()));
        }
        if (mark.label.trimmed().size() > CaseWork::kMaxLabelLength) {
            return Error::invalidInput(QStringLiteral("mark label too long (at most %1 characters)")
                                           .arg(CaseWork::kMaxLabelLength));
        }
    }
    return {};
}

// "candidate 3 of search 12": how the refusals below name a candidate, as `case show` lists it.
QString candidateName(qint64 searchId, int rank) {
    return QStringLiteral("candidate %1 of search %2").arg(rank).arg(searchId);
}

// The refusal of a verdict decided while the screen showed verdict `seenId` (0: none) and the
// candidate's history, oldest first, ends elsewhere: who set which verdict when, and what to do.
Error verdictMoved(const std::vector<VerdictRecord>& history, qint64 seenId) {
    const VerdictRecord& latest = history.back();
    // How many verdicts came after the one the screen showed (all of them when it showed none).
    const auto seen = std::find_if(history.rbegin(), history.rend(),
                                   [seenId](const VerdictRecord& v) { return v.annotationId == seenId; });
    const auto since = std::distance(history.rbegin(), seen);
    return Error::conflict(
        QStringLiteral("%1 got the verdict %2 from %3 at %4 since you opened it%5; look at it and "
                       "set yours again")
            .arg(candidateName(latest.searchId, latest.rank),
                 VerdictRecord::verdictName(latest.verdict), latest.analyst,
                 displayTime(latest.createdAt),
                 since > 1 ? QStringLiteral(" (%1 verdicts since)").arg(since) : QString()));
}

QJsonArray marksJson(const std::vector<VerdictRecord::Mark>& marks) {
    QJsonArray out;
    for (const VerdictRecord::Mark& mark : marks) {
        out.append(QJsonObject{
            {QStringLiteral("side"), VerdictRecord::sideName(mark.side)},
            {QStringLiteral("x"), audit::decimal(mark.position.x(), 1)},
            {QStringLiteral("y"), audit::decimal(mark.position.y(), 1)},
            {QStringLiteral("label"), mark.label.trimmed()},
        });
    }
    return out;
}
}  // namespace

Result<VerdictRecord> CaseWork::setVerdict(const VerdictDraft& draft) const {
    auto reason = cleanText(draft.reason, QStringLiteral("reason"), kMaxReasonLength);
    if (!reason) return reason.error();
    if (reason->isEmpty()) {
        return Error::invalidInput(QStringLiteral(
            "a verdict needs a reason: say what in the two faces supports it (FISWG practice)"));
    }
    auto notes = cleanText(draft.notes, QStringLiteral("notes"), kMaxNotesLength);
    if (!notes) return notes.error();
    auto analyst = cleanText(draft.analyst.trimmed().isEmpty() ? m_actor.name() : draft.analyst,
                             QStringLiteral("analyst"), 200);
    if (!analyst) return analyst.error();
    if (auto marks = checkMarks(draft.marks); !marks) return marks.error();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    VerdictRepository verdicts(m_connection);
    auto candidate = verdicts.candidate(draft.candidateId);
    if (!candidate) return candidate.error();
    auto theCase = OpenCaseGuard::require(m_connection, candidate->caseId, QStringLiteral("record a verdict"));
    if (!theCase) {
        // A verdict attempted in a closed or purged case is a refused action: on record.
        transaction->rollback();
        return RefusalRecord::write(
            m_connection, QStringLiteral("verdict_refused"), candidate->caseId,
            QJsonObject{{QStringLiteral("candidate_id"), draft.candidateId},
                        {QStringLiteral("search_id"), candidate->searchId},
                        {QStringLiteral("rank"), candidate->rank},
                        {QStringLiteral("verdict"), VerdictRecord::verdictName(draft.verdict)}},
            m_actor.name(), theCase.error());
    }
    // Read under the write lock, so that the audit record's "old" is the verdict this one
    // replaces even when two analysts decide at once.
    auto previous = verdicts.history(draft.candidateId);
    if (!previous) return previous.error();
    const qint64 latestId = previous->empty() ? 0 : previous->back().annotationId;
    if (draft.seenVerdictId && *draft.seenVerdictId != latestId) {
        if (previous->empty()) {  // shown a verdict the candidate does not have
            return Error::conflict(
                QStringLiteral("%1 has no verdict on record, not the one your screen showed; "
                               "look at it again and set yours")
                    .arg(candidateName(candidate->searchId, candidate->rank)));
        }
        return verdictMoved(*previous, *draft.seenVerdictId);
    }
    const QJsonValue oldVerdict =
        previous->empty() ? QJsonValue() : QJsonValue(VerdictRecord::verdictName(previous->back().verdict));

    const QString createdAt = sql::timestamp();
    auto stored = verdicts.insert(VerdictRepository::NewVerdict{*candidate, draft.verdict, *reason, *notes,
                                                                *analyst, createdAt, draft.marks});
    if (!stored) return stored.error();

    AuditEntry entry;
    entry.action = QStringLiteral("verdict_set");
    entry.actor = m_actor.name();
    entry.caseId = candidate->caseId;
    entry.at = QDateTime::fromString(createdAt, Qt::ISODateWithMs);
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), theCase->caseNumber},
        {QStringLiteral("annotation_id"), stored->annotationId},
        {QStringLiteral("candidate_id"), draft.candidateId},
        {QStringLiteral("search_id"), candidate->searchId},
        {QStringLiteral("rank"), candidate->rank},
        {QStringLiteral("old_verdict"), oldVerdict},
        {QStringLiteral("verdict"), VerdictRecord::verdictName(draft.verdict)},
        {QStringLiteral("reason"), *reason},
        {QStringLiteral("notes"), *notes},
        {QStringLiteral("analyst"), *analyst},
        {QStringLiteral("marks"), marksJson(draft.marks)},
    };
    if (auto recorded = AuditTrail(m_connection).append(*transaction, entry); !recorded) {
        return recorded.error();
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return stored;
}

Result<VerdictReview> CaseWork::reviewVerdict(const ReviewDraft& draft) const {
    auto reason = cleanText(draft.reason, QStringLiteral("reason"), kMaxReasonLength);
    if (!reason) return reason.error();
    if (reason->isEmpty()) {
        return Error::invalidInput(QStringLiteral(
            "a review needs a reason: say what your own comparison of the two faces found"));
    }
    auto analyst = cleanText(draft.analyst.trimmed().isEmpty() ? m_actor.name() : draft.analyst,
                             QStringLiteral("analyst"), 200);
    if (!analyst) return analyst.error();
    if (analyst->isEmpty()) return Error::invalidInput(QStringLiteral("a review names its analyst"));

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    VerdictRepository verdicts(m_connection);
    qint64 candidateId = draft.candidateId;
    if (draft.annotationId > 0) {
        auto owner = verdicts.candidateOfVerdict(draft.annotationId);
        if (!owner || (candidateId > 0 && *owner != candidateId)) {
            if (owner || owner.error().kind == Error::Kind::NotFound) {
                return Error::notFound(QStringLiteral("%1: no verdict with id %2%3")
                                           .arg(m_connection.databasePath())
                                           .arg(draft.annotationId)
                                           .arg(candidateId > 0 ? QStringLiteral(" on candidate %1").arg(candidateId)
                                                                : QString()));
            }
            return owner.error();
        }
        candidateId = *owner;
    }
    // Read under the write lock: the verdict reviewed is the candidate's latest at commit time.
    auto history = verdicts.history(candidateId);
    if (!history) return history.error();
    if (history->empty()) {
        auto candidate = verdicts.candidate(candidateId);
        if (!candidate) return candidate.error();
        return Error::invalidInput(QStringLiteral("search %1 rank %2 has no verdict to review yet")
                                       .arg(candidate->searchId)
                                       .arg(candidate->rank));
    }
    const VerdictRecord& latest = history->back();
    const QString where = QStringLiteral("search %1 rank %2").arg(latest.searchId).arg(latest.rank);
    auto theCase = OpenCaseGuard::require(m_connection, latest.caseId, QStringLiteral("review a verdict"));
    if (!theCase) {
        transaction->rollback();
        return RefusalRecord::write(
            m_connection, QStringLiteral("verdict_review_refused"), latest.caseId,
            QJsonObject{{QStringLiteral("candidate_id"), candidateId},
                        {QStringLiteral("search_id"), latest.searchId},
                        {QStringLiteral("rank"), latest.rank},
                        {QStringLiteral("annotation_id"), latest.annotationId}},
            m_actor.name(), theCase.error());
    }
    if (draft.annotationId > 0 && draft.annotationId != latest.annotationId) {
        return Error::conflict(
            QStringLiteral("%1: the verdict under review was replaced by a newer one (%2 by %3 at "
                           "%4); review the current verdict")
                .arg(where, VerdictRecord::verdictName(latest.verdict), latest.analyst,
                     displayTime(latest.createdAt)));
    }
    const qint64 latestReviewId = latest.reviews.empty() ? 0 : latest.reviews.back().id;
    if (draft.seenReviewId && *draft.seenReviewId != latestReviewId) {
        if (latest.reviews.empty()) {
            return Error::conflict(QStringLiteral("%1: the verdict has no review on record, not the "
                                                  "one your screen showed; look at it again")
                                       .arg(where));
        }
        const VerdictReview& review = latest.reviews.back();
        return Error::conflict(
            QStringLiteral("%1: %2 %3 the verdict at %4 since you opened it; look at their review "
                           "and give yours again")
                .arg(where, review.analyst,
                     review.outcome == VerdictReview::Outcome::Confirmed ? QStringLiteral("confirmed")
                                                                         : QStringLiteral("disputed"),
                     displayTime(review.reviewedAt)));
    }
    if (latest.verdict != VerdictRecord::Verdict::PossibleMatch) {
        return Error::invalidInput(
            QStringLiteral("%1: only a possible-match verdict is reviewed by a second analyst; "
                           "the current verdict is %2 (by %3)")
                .arg(where, VerdictRecord::verdictName(latest.verdict), latest.analyst));
    }
    // Unicode-aware, so stricter than the schema's trigger (which folds ASCII case only).
    if (analyst->compare(latest.analyst.trimmed(), Qt::CaseInsensitive) == 0) {
        return Error::invalidInput(
            QStringLiteral("%1: the second review must be by another analyst than %2, who set the verdict")
                .arg(where, latest.analyst));
    }

    VerdictReview review;
    review.annotationId = latest.annotationId;
    review.outcome = draft.outcome;
    review.reason = *reason;
    review.analyst = *analyst;
    auto stored = verdicts.insertReview(review);
    if (!stored) return stored.error();

    AuditEntry entry;
    entry.action = QStringLiteral("verdict_reviewed");
    entry.actor = m_actor.name();
    entry.caseId = latest.caseId;
    entry.at = stored->reviewedAt;
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), theCase->caseNumber},
        {QStringLiteral("review_id"), stored->id},
        {QStringLiteral("annotation_id"), latest.annotationId},
        {QStringLiteral("candidate_id"), latest.candidateId},
        {QStringLiteral("search_id"), latest.searchId},
        {QStringLiteral("rank"), latest.rank},
        {QStringLiteral("verdict"), VerdictRecord::verdictName(latest.verdict)},
        {QStringLiteral("first_analyst"), latest.analyst},
        {QStringLiteral("outcome"), VerdictReview::outcomeName(stored->outcome)},
        {QStringLiteral("reason"), stored->reason},
        {QStringLiteral("analyst"), stored->analyst},
    };
    if (auto recorded = AuditTrail(m_connection).append(*transaction, entry); !recorded) {
        return recorded.error();
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return stored;
}

Result<std::vector<VerdictRecord>> CaseWork::history(qint64 candidateId) const {
    return VerdictRepository(m_connection).history(candidateId);
}

Result<std::vector<VerdictRecord>> CaseWork::currentVerdicts(qint64 searchId) const {
    return VerdictRepository(m_connection).currentVerdicts(searchId);
}

Result<std::vector<ProbeRecord>> CaseWork::probes(qint64 caseId) const {
    return ProbeRepository(m_connection).listForCase(caseId);
}

}  // namespace facecase
