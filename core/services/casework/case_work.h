#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "store/database_connection.h"
#include "store/probe_record.h"
#include "store/verdict_record.h"
#include "store/verdict_review.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// The analyst's decisions on a case's candidates, the same from the compare view and from
// `facecase-cli verdict`: a verdict with its reason (and marks), and a second analyst's review of
// a possible match. The rules live here; VerdictRepository only writes and reads rows.
//
// setVerdict() appends the verdict, its marks and the `verdict_set` audit record (old verdict ->
// new, reason) in one write transaction; reviewVerdict() appends the review and
// `verdict_reviewed`. Both read what they decide on under the write lock, so two analysts
// deciding at once cannot both see "no verdict yet"; and both may be told what the analyst's
// screen showed (the drafts' seen... ids), so that a decision taken on a screen that is no
// longer current is refused with a Conflict, never written over a colleague's. An attempt in a closed or purged case is
// refused and audited (`verdict_refused`, `verdict_review_refused`).
//
// Uses the calling thread's connection (never the GUI thread's); keeps a reference to it.
class CaseWork {
public:
    struct VerdictDraft {
        qint64 candidateId = 0;
        VerdictRecord::Verdict verdict = VerdictRecord::Verdict::Inconclusive;
        QString reason;   // required: why this verdict (morphological comparison, ...)
        QString notes;    // optional
        QString analyst;  // the actor when empty
        std::vector<VerdictRecord::Mark> marks;
        // The candidate's current verdict as the analyst's screen showed it: its annotation
        // id, 0 for "no verdict yet". When the candidate's latest verdict is another one by the
        // time the write lock is held, the verdict is refused (Error::Kind::Conflict, naming who
        // set what and when) rather than silently replacing a colleague's. None: decide on
        // whatever is current (`facecase-cli verdict set` without --expect).
        std::optional<qint64> seenVerdictId;
    };

    struct ReviewDraft {
        qint64 candidateId = 0;   // the candidate whose latest verdict is reviewed, or 0 ...
        qint64 annotationId = 0;  // ... this verdict, which must still be its candidate's latest
        VerdictReview::Outcome outcome = VerdictReview::Outcome::Disputed;
        QString reason;   // required: what the second comparison found
        QString analyst;  // the actor when empty; never the verdict's analyst
        // The verdict's latest review as the reviewer's screen showed it (its id, 0 for none):
        // refused as a Conflict when another review came in meanwhile, since the latest review
        // decides (VerdictRecord::decisiveReview) and would silently undo a colleague's. None:
        // review whatever is current (the CLI).
        std::optional<qint64> seenReviewId;
    };

    static constexpr int kMaxReasonLength = 4000;
    static constexpr int kMaxNotesLength = 20000;
    static constexpr int kMaxLabelLength = 200;

    CaseWork(const DatabaseConnection& connection, Actor actor)
        : m_connection(connection), m_actor(std::move(actor)) {}

    // Refuses a blank reason, an unknown candidate, a case that is not open (naming it and how
    // to reopen it), marks at negative coordinates or with overlong labels, and (Conflict) a
    // verdict decided on a screen that no longer shows the current one (seenVerdictId).
    Result<VerdictRecord> setVerdict(const VerdictDraft& draft) const;

    // Refuses a blank reason, a case that is not open, a candidate without a verdict, a verdict
    // other than possible_match, a reviewer who is the verdict's analyst ("the second review
    // must be by another analyst than ana, who set the verdict"), and (Conflict) a verdict
    // replaced meanwhile (annotationId given) or reviewed meanwhile (seenReviewId given); each
    // refusal names the search and rank.
    Result<VerdictReview> reviewVerdict(const ReviewDraft& draft) const;

    // Every verdict the candidate got, oldest first, with marks and reviews.
    Result<std::vector<VerdictRecord>> history(qint64 candidateId) const;
    // The latest verdict of each candidate of the search that has one, in rank order.
    Result<std::vector<VerdictRecord>> currentVerdicts(qint64 searchId) const;

    // The case's probe photos, in import order (ProbeImporter adds them).
    Result<std::vector<ProbeRecord>> probes(qint64 caseId) const;

private:
    const DatabaseConnection& m_connection;
    Actor m_actor;
};

}  // namespace facecase
