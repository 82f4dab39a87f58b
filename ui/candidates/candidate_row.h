#pragma once

#include <cstddef>
#include <optional>

#include "candidates/candidate_verdict.h"
#include "services/search/gallery_search.h"

namespace facecase::ui {

// One candidate as the gallery and the compare view show it: the search's answer for it, the
// size N of the gallery searched (to say how many false candidates to expect), the id of the
// candidate's database row once the search is on record (absent before), and the candidate's
// current verdict with its annotation id: what the analyst's screen shows, which a verdict
// recorded from it names as the one it replaces (CaseWork::VerdictDraft::seenVerdictId).
struct CandidateRow {
    SearchCandidate candidate;
    std::size_t gallerySize = 0;
    std::optional<qint64> recordedCandidateId;
    CandidateVerdict verdict = CandidateVerdict::None;
    qint64 verdictId = 0;  // the annotation id of `verdict` on record; 0 for none
};

}  // namespace facecase::ui
