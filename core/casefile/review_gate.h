#pragma once

#include <QString>
#include <vector>

#include "casefile/case_snapshot.h"

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
// Extension point, second reviewer (issue 6): once the policy lives in the database, the
// exporter reads it in its transaction and passes it here; the rule "a possible match needs a
// confirming verdict by a different analyst" then joins the reason rule in check(), producing
// Findings the same way. Not implemented: there is no policy storage yet.
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

        bool passed() const { return refusals.empty(); }
        // "export refused: <finding>; <finding>; ..." for an error message.
        QString refusalMessage() const;
    };

    static Review check(const CaseSnapshot& snapshot);

    static Outcome outcomeOf(const CaseSnapshot::CandidateEntry& candidate);
    static QString outcomeName(Outcome outcome);  // "possible_match", ..., "not_assessed"
};

}  // namespace facecase
