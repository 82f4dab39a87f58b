#include "store/verdict_repository.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <cmath>

#include "audit/audit_numbers.h"
#include "audit/audit_trail.h"
#include "store/open_case_guard.h"
#include "store/refusal_record.h"
#include "store/sql_values.h"
#include "store/text_field.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
// Reasons and notes may run over several lines; other control characters are refused, as for
// every text the store keeps (TextField). Required-ness is checked by the callers, whose
// messages say why a reason is needed.
Result<QString> cleanText(const QString& text, const QString& what, int maxLength) {
    return TextField::clean(text, what, maxLength, false, TextField::Lines::Many);
}

const QString kColumns = QStringLiteral(
    "SELECT a.id, a.case_id, a.search_id, a.candidate_id, c.rank, a.verdict, a.reason, a.note, "
    "a.analyst, a.created_at FROM annotations a JOIN candidates c ON c.id = a.candidate_id "
    "WHERE a.kind = 'verdict' AND ");
}  // namespace

Result<std::vector<VerdictRecord>> VerdictRepository::select(const QString& where,
                                                             qint64 value) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(kColumns + where);
    query.bindValue(0, value);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read verdicts"),
                             query.lastError());
    }
    std::vector<VerdictRecord> verdicts;
    while (query.next()) {
        VerdictRecord v;
        v.annotationId = query.value(0).toLongLong();
        v.caseId = query.value(1).toLongLong();
        v.searchId = query.value(2).toLongLong();
        v.candidateId = query.value(3).toLongLong();
        v.rank = query.value(4).toInt();
        v.verdict = VerdictRecord::verdictFromName(query.value(5).toString())
                        .value_or(VerdictRecord::Verdict::Inconclusive);
        v.reason = query.value(6).toString();
        v.notes = query.value(7).toString();
        v.analyst = query.value(8).toString();
        v.createdAt = QDateTime::fromString(query.value(9).toString(), Qt::ISODateWithMs);
        verdicts.push_back(std::move(v));
    }
    query.finish();
    if (auto marks = readMarks(verdicts); !marks) return marks.error();
    if (auto reviews = readReviews(verdicts); !reviews) return reviews.error();
    return verdicts;
}

Result<void> VerdictRepository::readMarks(std::vector<VerdictRecord>& verdicts) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT side, x, y, label FROM annotation_marks WHERE annotation_id = ? ORDER BY id"));
    for (VerdictRecord& v : verdicts) {
        query.bindValue(0, v.annotationId);
        if (!query.exec()) {
            return databaseError(m_connection.databasePath(), QStringLiteral("read verdict marks"),
                                 query.lastError());
        }
        while (query.next()) {
            VerdictRecord::Mark mark;
            mark.side = VerdictRecord::sideFromName(query.value(0).toString())
                            .value_or(VerdictRecord::Mark::Side::Probe);
            mark.position = QPointF(query.value(1).toDouble(), query.value(2).toDouble());
            mark.label = query.value(3).toString();
            v.marks.push_back(std::move(mark));
        }
    }
    return {};
}

Result<void> VerdictRepository::readReviews(std::vector<VerdictRecord>& verdicts) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, outcome, reason, analyst, reviewed_at FROM verdict_reviews "
                                 "WHERE annotation_id = ? ORDER BY id"));
    for (VerdictRecord& v : verdicts) {
        if (v.verdict != VerdictRecord::Verdict::PossibleMatch) continue;  // a trigger keeps others bare
        query.bindValue(0, v.annotationId);
        if (!query.exec()) {
            return databaseError(m_connection.databasePath(), QStringLiteral("read verdict reviews"),
                                 query.lastError());
        }
        while (query.next()) {
            VerdictReview review;
            review.id = query.value(0).toLongLong();
            review.annotationId = v.annotationId;
            // A CHECK constraint admits only the two names.
            review.outcome = VerdictReview::outcomeFromName(query.value(1).toString())
                                 .value_or(VerdictReview::Outcome::Disputed);
            review.reason = query.value(2).toString();
            review.analyst = query.value(3).toString();
            review.reviewedAt = QDateTime::fromString(query.value(4).toString(), Qt::ISODateWithMs);
            v.reviews.push_back(std::move(review));
        }
    }
    return {};
}

Result<VerdictRecord> VerdictRepository::set(const Draft& draft, const QString& actor) {
    auto reason = cleanText(draft.reason, QStringLiteral("reason"), kMaxReasonLength);
    if (!reason) return reason.error();
    if (reason->isEmpty()) {
        return Error::invalidInput(QStringLiteral(
            "a verdict needs a reason: say what in the two faces supports it (FISWG practice)"));
    }
    auto notes = cleanText(draft.notes, QStringLiteral("notes"), kMaxNotesLength);
    if (!notes) return notes.error();
    auto analyst = cleanText(draft.analyst.trimmed().isEmpty() ? actor : draft.analyst,
                             QStringLiteral("analyst"), 200);
    if (!analyst) return analyst.error();
    for (const VerdictRecord::Mark& mark : draft.marks) {
        if (!std::isfinite(mark.position.x()) || !std::isfinite(mark.position.y()) ||
            mark.position.x() < 0 || mark.position.y() < 0) {
            return Error::invalidInput(QStringLiteral("mark \"%1\" lies outside the image (%2, %3)")
                                           .arg(mark.label)
                                           .arg(mark.position.x())
                                           .arg(mark.position.y()));
        }
        if (mark.label.trimmed().size() > kMaxLabelLength) {
            return Error::invalidInput(
                QStringLiteral("mark label too long (at most %1 characters)").arg(kMaxLabelLength));
        }
    }
    const QString& path = m_connection.databasePath();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    QSqlQuery lookup(m_connection.database());
    lookup.setForwardOnly(true);
    lookup.prepare(QStringLiteral("SELECT c.search_id, c.rank, s.case_id FROM candidates c "
                                  "JOIN searches s ON s.id = c.search_id WHERE c.id = ?"));
    lookup.bindValue(0, draft.candidateId);
    if (!lookup.exec()) {
        return databaseError(path, QStringLiteral("look up candidate %1").arg(draft.candidateId),
                             lookup.lastError());
    }
    if (!lookup.next()) {
        return Error::notFound(
            QStringLiteral("%1: no candidate with id %2").arg(path).arg(draft.candidateId));
    }
    const qint64 searchId = lookup.value(0).toLongLong();
    const int rank = lookup.value(1).toInt();
    const qint64 caseId = lookup.value(2).toLongLong();
    lookup.finish();
    auto theCase = OpenCaseGuard::require(m_connection, caseId, QStringLiteral("record a verdict"));
    if (!theCase) {
        // A verdict attempted in a closed or purged case is a refused action: on record.
        transaction->rollback();
        return RefusalRecord::write(
            m_connection, QStringLiteral("verdict_refused"), caseId,
            QJsonObject{{QStringLiteral("candidate_id"), draft.candidateId},
                        {QStringLiteral("search_id"), searchId},
                        {QStringLiteral("rank"), rank},
                        {QStringLiteral("verdict"), VerdictRecord::verdictName(draft.verdict)}},
            actor, theCase.error());
    }

    // Read under the write lock, so that the audit record's "old" is the verdict this one
    // replaces even when two analysts decide at once.
    auto previous = history(draft.candidateId);
    if (!previous) return previous.error();
    const QJsonValue oldVerdict =
        previous->empty() ? QJsonValue() : QJsonValue(VerdictRecord::verdictName(previous->back().verdict));

    const QString createdAt = sql::timestamp();
    QSqlQuery insert(m_connection.database());
    insert.prepare(QStringLiteral(
        "INSERT INTO annotations (case_id, search_id, candidate_id, kind, verdict, note, analyst, "
        "created_at, reason) VALUES (?, ?, ?, 'verdict', ?, ?, ?, ?, ?)"));
    insert.bindValue(0, caseId);
    insert.bindValue(1, searchId);
    insert.bindValue(2, draft.candidateId);
    insert.bindValue(3, VerdictRecord::verdictName(draft.verdict));
    insert.bindValue(4, sql::text(*notes));
    insert.bindValue(5, *analyst);
    insert.bindValue(6, createdAt);
    insert.bindValue(7, *reason);
    if (!insert.exec()) {
        return databaseError(path, QStringLiteral("record the verdict on candidate %1").arg(rank),
                             insert.lastError());
    }
    const qint64 annotationId = insert.lastInsertId().toLongLong();

    QSqlQuery markInsert(m_connection.database());
    markInsert.prepare(QStringLiteral(
        "INSERT INTO annotation_marks (annotation_id, side, x, y, label) VALUES (?, ?, ?, ?, ?)"));
    QJsonArray marksJson;
    for (const VerdictRecord::Mark& mark : draft.marks) {
        markInsert.bindValue(0, annotationId);
        markInsert.bindValue(1, VerdictRecord::sideName(mark.side));
        markInsert.bindValue(2, mark.position.x());
        markInsert.bindValue(3, mark.position.y());
        markInsert.bindValue(4, sql::text(mark.label.trimmed()));
        if (!markInsert.exec()) {
            return databaseError(path, QStringLiteral("record the verdict's marks"),
                                 markInsert.lastError());
        }
        marksJson.append(QJsonObject{
            {QStringLiteral("side"), VerdictRecord::sideName(mark.side)},
            {QStringLiteral("x"), audit::decimal(mark.position.x(), 1)},
            {QStringLiteral("y"), audit::decimal(mark.position.y(), 1)},
            {QStringLiteral("label"), mark.label.trimmed()},
        });
    }

    AuditEntry entry;
    entry.action = QStringLiteral("verdict_set");
    entry.actor = actor;
    entry.caseId = caseId;
    entry.at = QDateTime::fromString(createdAt, Qt::ISODateWithMs);
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), theCase->caseNumber},
        {QStringLiteral("annotation_id"), annotationId},
        {QStringLiteral("candidate_id"), draft.candidateId},
        {QStringLiteral("search_id"), searchId},
        {QStringLiteral("rank"), rank},
        {QStringLiteral("old_verdict"), oldVerdict},
        {QStringLiteral("verdict"), VerdictRecord::verdictName(draft.verdict)},
        {QStringLiteral("reason"), *reason},
        {QStringLiteral("notes"), *notes},
        {QStringLiteral("analyst"), *analyst},
        {QStringLiteral("marks"), marksJson},
    };
    if (auto recorded = AuditTrail(m_connection).append(*transaction, entry); !recorded) {
        return recorded.error();
    }
    auto stored = select(QStringLiteral("a.id = ?"), annotationId);
    if (!stored) return stored.error();
    if (stored->empty()) {
        return Error::internal(QStringLiteral("%1: verdict %2 vanished").arg(path).arg(annotationId));
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return stored->front();
}

Result<VerdictReview> VerdictRepository::review(const ReviewDraft& draft, const QString& actor) {
    auto reason = cleanText(draft.reason, QStringLiteral("reason"), kMaxReasonLength);
    if (!reason) return reason.error();
    if (reason->isEmpty()) {
        return Error::invalidInput(QStringLiteral(
            "a review needs a reason: say what your own comparison of the two faces found"));
    }
    auto analyst = cleanText(draft.analyst.trimmed().isEmpty() ? actor : draft.analyst,
                             QStringLiteral("analyst"), 200);
    if (!analyst) return analyst.error();
    if (analyst->isEmpty()) return Error::invalidInput(QStringLiteral("a review names its analyst"));
    const QString& path = m_connection.databasePath();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    qint64 candidateId = draft.candidateId;
    if (draft.annotationId > 0) {
        QSqlQuery owner(m_connection.database());
        owner.setForwardOnly(true);
        owner.prepare(QStringLiteral("SELECT candidate_id FROM annotations WHERE id = ? AND kind = 'verdict'"));
        owner.bindValue(0, draft.annotationId);
        if (!owner.exec()) {
            return databaseError(path, QStringLiteral("look up verdict %1").arg(draft.annotationId),
                                 owner.lastError());
        }
        if (!owner.next() || (candidateId > 0 && owner.value(0).toLongLong() != candidateId)) {
            return Error::notFound(QStringLiteral("%1: no verdict with id %2%3")
                                       .arg(path)
                                       .arg(draft.annotationId)
                                       .arg(candidateId > 0 ? QStringLiteral(" on candidate %1").arg(candidateId)
                                                            : QString()));
        }
        candidateId = owner.value(0).toLongLong();
    }
    // Read under the write lock: the verdict reviewed is the candidate's latest at commit time.
    auto verdicts = history(candidateId);
    if (!verdicts) return verdicts.error();
    if (verdicts->empty()) {
        QSqlQuery lookup(m_connection.database());
        lookup.setForwardOnly(true);
        lookup.prepare(QStringLiteral("SELECT search_id, rank FROM candidates WHERE id = ?"));
        lookup.bindValue(0, candidateId);
        if (!lookup.exec() || !lookup.next()) {
            return Error::notFound(QStringLiteral("%1: no candidate with id %2").arg(path).arg(candidateId));
        }
        return Error::invalidInput(QStringLiteral("search %1 rank %2 has no verdict to review yet")
                                       .arg(lookup.value(0).toLongLong())
                                       .arg(lookup.value(1).toInt()));
    }
    const VerdictRecord& latest = verdicts->back();
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
            actor, theCase.error());
    }
    if (draft.annotationId > 0 && draft.annotationId != latest.annotationId) {
        return Error::invalidInput(
            QStringLiteral("%1: the verdict under review was replaced by a newer one (%2 by %3); "
                           "review the current verdict")
                .arg(where, VerdictRecord::verdictName(latest.verdict), latest.analyst));
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
    const QString reviewedAt = sql::timestamp();
    review.reviewedAt = QDateTime::fromString(reviewedAt, Qt::ISODateWithMs);
    QSqlQuery insert(m_connection.database());
    insert.prepare(QStringLiteral("INSERT INTO verdict_reviews (annotation_id, outcome, reason, analyst, "
                                  "reviewed_at) VALUES (?, ?, ?, ?, ?)"));
    insert.bindValue(0, review.annotationId);
    insert.bindValue(1, VerdictReview::outcomeName(review.outcome));
    insert.bindValue(2, review.reason);
    insert.bindValue(3, review.analyst);
    insert.bindValue(4, reviewedAt);
    if (!insert.exec()) {
        return databaseError(path, QStringLiteral("record the review of %1").arg(where), insert.lastError());
    }
    review.id = insert.lastInsertId().toLongLong();

    AuditEntry entry;
    entry.action = QStringLiteral("verdict_reviewed");
    entry.actor = actor;
    entry.caseId = latest.caseId;
    entry.at = review.reviewedAt;
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), theCase->caseNumber},
        {QStringLiteral("review_id"), review.id},
        {QStringLiteral("annotation_id"), latest.annotationId},
        {QStringLiteral("candidate_id"), latest.candidateId},
        {QStringLiteral("search_id"), latest.searchId},
        {QStringLiteral("rank"), latest.rank},
        {QStringLiteral("verdict"), VerdictRecord::verdictName(latest.verdict)},
        {QStringLiteral("first_analyst"), latest.analyst},
        {QStringLiteral("outcome"), VerdictReview::outcomeName(review.outcome)},
        {QStringLiteral("reason"), review.reason},
        {QStringLiteral("analyst"), review.analyst},
    };
    if (auto recorded = AuditTrail(m_connection).append(*transaction, entry); !recorded) {
        return recorded.error();
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return review;
}

Result<std::vector<VerdictRecord>> VerdictRepository::currentVerdicts(qint64 searchId) const {
    return select(QStringLiteral("a.search_id = ? AND a.id = (SELECT max(b.id) FROM annotations b "
                                 "WHERE b.candidate_id = a.candidate_id AND b.kind = 'verdict') "
                                 "ORDER BY c.rank"),
                  searchId);
}

Result<std::vector<VerdictRecord>> VerdictRepository::history(qint64 candidateId) const {
    return select(QStringLiteral("a.candidate_id = ? ORDER BY a.id"), candidateId);
}

}  // namespace facecase
