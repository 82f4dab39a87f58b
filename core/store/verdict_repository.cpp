#include "store/verdict_repository.h"

#include <QSqlQuery>

#include "store/sql_values.h"
#include "store/store_error.h"

namespace facecase {

namespace {
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

Result<VerdictRepository::CandidateRef> VerdictRepository::candidate(qint64 candidateId) const {
    QSqlQuery lookup(m_connection.database());
    lookup.setForwardOnly(true);
    lookup.prepare(QStringLiteral("SELECT c.search_id, c.rank, s.case_id FROM candidates c "
                                  "JOIN searches s ON s.id = c.search_id WHERE c.id = ?"));
    lookup.bindValue(0, candidateId);
    if (!lookup.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look up candidate %1").arg(candidateId), lookup.lastError());
    }
    if (!lookup.next()) {
        return Error::notFound(QStringLiteral("%1: no candidate with id %2")
                                   .arg(m_connection.databasePath())
                                   .arg(candidateId));
    }
    return CandidateRef{candidateId, lookup.value(0).toLongLong(), lookup.value(1).toInt(),
                        lookup.value(2).toLongLong()};
}

Result<qint64> VerdictRepository::candidateOfVerdict(qint64 annotationId) const {
    QSqlQuery owner(m_connection.database());
    owner.setForwardOnly(true);
    owner.prepare(QStringLiteral("SELECT candidate_id FROM annotations WHERE id = ? AND kind = 'verdict'"));
    owner.bindValue(0, annotationId);
    if (!owner.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look up verdict %1").arg(annotationId), owner.lastError());
    }
    if (!owner.next()) {
        return Error::notFound(QStringLiteral("%1: no verdict with id %2")
                                   .arg(m_connection.databasePath())
                                   .arg(annotationId));
    }
    return owner.value(0).toLongLong();
}

Result<VerdictRecord> VerdictRepository::insert(const NewVerdict& v) {
    const QString& path = m_connection.databasePath();
    QSqlQuery insert(m_connection.database());
    insert.prepare(QStringLiteral(
        "INSERT INTO annotations (case_id, search_id, candidate_id, kind, verdict, note, analyst, "
        "created_at, reason) VALUES (?, ?, ?, 'verdict', ?, ?, ?, ?, ?) RETURNING id"));
    insert.bindValue(0, v.candidate.caseId);
    insert.bindValue(1, v.candidate.searchId);
    insert.bindValue(2, v.candidate.candidateId);
    insert.bindValue(3, VerdictRecord::verdictName(v.verdict));
    insert.bindValue(4, sql::text(v.notes));
    insert.bindValue(5, v.analyst);
    insert.bindValue(6, v.createdAt);
    insert.bindValue(7, v.reason);
    if (!insert.exec()) {
        return databaseError(path, QStringLiteral("record the verdict on candidate %1").arg(v.candidate.rank),
                             insert.lastError());
    }
    const qint64 annotationId = sql::insertedId(insert);
    QSqlQuery markInsert(m_connection.database());
    markInsert.prepare(QStringLiteral(
        "INSERT INTO annotation_marks (annotation_id, side, x, y, label) VALUES (?, ?, ?, ?, ?)"));
    for (const VerdictRecord::Mark& mark : v.marks) {
        markInsert.bindValue(0, annotationId);
        markInsert.bindValue(1, VerdictRecord::sideName(mark.side));
        markInsert.bindValue(2, mark.position.x());
        markInsert.bindValue(3, mark.position.y());
        markInsert.bindValue(4, sql::text(mark.label.trimmed()));
        if (!markInsert.exec()) {
            return databaseError(path, QStringLiteral("record the verdict's marks"), markInsert.lastError());
        }
    }
    auto stored = select(QStringLiteral("a.id = ?"), annotationId);
    if (!stored) return stored.error();
    if (stored->empty()) {
        return Error::internal(QStringLiteral("%1: verdict %2 vanished").arg(path).arg(annotationId));
    }
    return stored->front();
}

Result<VerdictReview> VerdictRepository::insertReview(VerdictReview review) {
    const QString reviewedAt = sql::timestamp();
    review.reviewedAt = QDateTime::fromString(reviewedAt, Qt::ISODateWithMs);
    QSqlQuery insert(m_connection.database());
    insert.prepare(QStringLiteral("INSERT INTO verdict_reviews (annotation_id, outcome, reason, analyst, "
                                  "reviewed_at) VALUES (?, ?, ?, ?, ?) RETURNING id"));
    insert.bindValue(0, review.annotationId);
    insert.bindValue(1, VerdictReview::outcomeName(review.outcome));
    insert.bindValue(2, review.reason);
    insert.bindValue(3, review.analyst);
    insert.bindValue(4, reviewedAt);
    if (!insert.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("record the review of verdict %1").arg(review.annotationId),
                             insert.lastError());
    }
    review.id = sql::insertedId(insert);
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
