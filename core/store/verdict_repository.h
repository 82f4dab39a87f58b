#pragma once

#include <QString>
#include <vector>

#include "store/database_connection.h"
#include "store/verdict_record.h"
#include "store/verdict_review.h"
#include "types/result.h"

namespace facecase {

// Verdicts on recorded candidates (the review gate of issue 5 rests on them). set() appends an
// `annotations` row of kind 'verdict', its marks and the `verdict_set` audit record (old verdict
// -> new, reason) in one write transaction; nothing is ever edited, so the history of a
// candidate is every verdict it got, and the current verdict is the latest.
//
// review() appends a second analyst's review of a possible-match verdict (`verdict_reviews`)
// and its `verdict_reviewed` audit record, in one write transaction; read verdicts carry their
// reviews. A new verdict on the candidate needs a new review: reviews belong to one verdict.
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`,
// which must outlive it. Each call is a few indexed statements.
class VerdictRepository {
public:
    struct Draft {
        qint64 candidateId = 0;
        VerdictRecord::Verdict verdict = VerdictRecord::Verdict::Inconclusive;
        QString reason;   // required: why this verdict (morphological comparison, ...)
        QString notes;    // optional
        QString analyst;  // the actor when empty
        std::vector<VerdictRecord::Mark> marks;
    };

    struct ReviewDraft {
        qint64 candidateId = 0;   // the candidate whose latest verdict is reviewed, or 0 ...
        qint64 annotationId = 0;  // ... this verdict, which must still be its candidate's latest
        VerdictReview::Outcome outcome = VerdictReview::Outcome::Disputed;
        QString reason;   // required: what the second comparison found
        QString analyst;  // the actor when empty; never the verdict's analyst
    };

    explicit VerdictRepository(const DatabaseConnection& connection) : m_connection(connection) {}

    // Refuses a blank reason, an unknown candidate, a case that is not open (naming it and how
    // to reopen it), and marks at negative coordinates.
    Result<VerdictRecord> set(const Draft& draft, const QString& actor);

    // Refuses a blank reason, a case that is not open, a candidate without a verdict, a verdict
    // that was replaced meanwhile (annotationId given), a verdict other than possible_match,
    // and a reviewer who is the verdict's analyst ("the second review must be by another
    // analyst than ana, who set the verdict"); each refusal names the search and rank.
    Result<VerdictReview> review(const ReviewDraft& draft, const QString& actor);

    // The latest verdict of each candidate of the search that has one, in rank order.
    Result<std::vector<VerdictRecord>> currentVerdicts(qint64 searchId) const;
    // Every verdict the candidate got, oldest first.
    Result<std::vector<VerdictRecord>> history(qint64 candidateId) const;

    static constexpr int kMaxReasonLength = 4000;
    static constexpr int kMaxNotesLength = 20000;
    static constexpr int kMaxLabelLength = 200;

private:
    Result<std::vector<VerdictRecord>> select(const QString& where, qint64 value) const;
    Result<void> readMarks(std::vector<VerdictRecord>& verdicts) const;
    Result<void> readReviews(std::vector<VerdictRecord>& verdicts) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
