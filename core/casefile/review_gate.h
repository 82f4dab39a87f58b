#pragma once

#include <QString>
#include <QStringList>
#include <vector>

#include "casefile/case_snapshot.h"
#include "policy/agency_policy.h"

namespace facecase {

// What must hold before a case leaves the application (issue 5, FISWG practice):
//  - every candidate the analyst was shown is in the export, not only the chosen ones: the
//    stored list of each search must be exactly the list its `search_run` audit record says was
//    shown (same length, same candidate at every rank);
//  - a candidate leaves as a *possible match* only with an analyst verdict that gives a reason.
//    The store refuses blank reasons since schema 3, but verdicts recorded before that, or
//    written around FaceCase, can lack one; such a case is refused naming search and rank.
// Candidates without a verdict are exported too, as "not assessed".
//
// With the agency policy's second reviewer required (review.second_reviewer = required), also:
//  - a possible match leaves only confirmed by a second analyst: its latest verdict has a
//    review, by an analyst other than the verdict's, and the latest such review is
//    'confirmed' (a dispute after a confirmation refuses; a confirmation after a dispute
//    settles it). A changed verdict is a new verdict and needs its own review.
// The exporter reads the policy in the same transaction as the snapshot and passes it here.
//
// Stateless; thread-safe. Linear in the number of candidates.
class ReviewGate {
public:
    // How a candidate leaves the application.
    enum class Outcome { PossibleMatch, NoMatch, Inconclusive, NotAssessed };

    // One reason to refuse the export.
    struct Finding {
        qint64 searchId = 0;
        int rank = 0;  // 0 when the finding concerns the whole search
        QString message;
    };

    struct Review {
        std::vector<Finding> refusals;
        int possibleMatches = 0;
        int noMatches = 0;
        int inconclusive = 0;
        int notAssessed = 0;
        bool secondReviewerRequired = false;  // the policy in force when checked
        int confirmedBySecondAnalyst = 0;     // possible matches whose decisive review confirms

        bool passed() const { return refusals.empty(); }
        // "export refused: <finding>; <finding>; ..." for an error message.
        QString refusalMessage() const;
    };

    static Review check(const CaseSnapshot& snapshot, const AgencyPolicy& policy);
    // The names of the rules check() applies under `policy`, for the manifest.
    static QStringList rules(const AgencyPolicy& policy);

    static Outcome outcomeOf(const CaseSnapshot::CandidateEntry& candidate);
    static QString outcomeName(Outcome outcome);  // "possible_match", ..., "not_assessed"
};

}  // namespace facecase
