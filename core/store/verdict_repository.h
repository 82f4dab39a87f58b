#pragma once

#include <QString>
#include <vector>

#include "store/database_connection.h"
#include "store/verdict_record.h"
#include "store/verdict_review.h"
#include "types/result.h"

namespace facecase {

// Verdicts on recorded candidates and their second reviews: SQL and row mapping only. The rules
// (required reasons, text limits, open-case guard, refusal records, who may review) and the
// transactions around them are CaseWork's (core/services/casework). Nothing is ever edited: a
// candidate's history is every verdict it got, the current verdict the latest; read verdicts
// carry their marks and reviews.
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`,
// which must outlive it. Each call is a few indexed statements; writes expect the caller's
// write transaction to be open.
class VerdictRepository {
public:
    // Where a candidate was listed.
    struct CandidateRef {
        qint64 candidateId = 0;
        qint64 searchId = 0;
        int rank = 0;
        qint64 caseId = 0;
    };
    // A verdict as it is written: texts already checked and cleaned.
    struct NewVerdict {
        CandidateRef candidate;
        VerdictRecord::Verdict verdict = VerdictRecord::Verdict::Inconclusive;
        QString reason;
        QString notes;  // empty: none
        QString analyst;
        QString createdAt;  // sql::timestamp()
        std::vector<VerdictRecord::Mark> marks;
    };

    explicit VerdictRepository(const DatabaseConnection& connection) : m_connection(connection) {}

    // NotFound naming the id when there is no such candidate.
    Result<CandidateRef> candidate(qint64 candidateId) const;
    // The candidate a verdict (annotation) is about; NotFound when there is no such verdict.
    Result<qint64> candidateOfVerdict(qint64 annotationId) const;
    // Inserts the annotation and its marks; returns the stored verdict.
    Result<VerdictRecord> insert(const NewVerdict& verdict);
    // Inserts `review` (its id and reviewedAt are set from what was written).
    Result<VerdictReview> insertReview(VerdictReview review);

    // The latest verdict of each candidate of the search that has one, in rank order.
    Result<std::vector<VerdictRecord>> currentVerdicts(qint64 searchId) const;
    // Every verdict the candidate got, oldest first.
    Result<std::vector<VerdictRecord>> history(qint64 candidateId) const;

private:
    Result<std::vector<VerdictRecord>> select(const QString& where, qint64 value) const;
    Result<void> readMarks(std::vector<VerdictRecord>& verdicts) const;
    Result<void> readReviews(std::vector<VerdictRecord>& verdicts) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
