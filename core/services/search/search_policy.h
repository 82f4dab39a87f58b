#pragma once

#include <QString>

#include "policy/agency_policy.h"
#include "types/face_quality.h"
#include "types/result.h"

namespace facecase {

class ScoreCalibration;

// The agency's limits on an investigative search, enforced in core so the GUI and the CLI obey
// them alike (issue "accountability guardrails"). Defaults follow the issue: a ranked list of
// 5 to 100 candidates (never a single "match"), a distance cut-off only where the calibrated
// false-match rate stays at or below 1 in 10,000 per comparison, and no search with a face
// smaller than 20 px between the eyes (too little detail for any descriptor to mean much).
struct SearchPolicy {
    int minCandidates = 5;
    int maxCandidates = 100;
    double maxFalseMatchRate = 1e-4;  // at a requested threshold, per comparison
    double minEyeDistancePx = 20;     // below: refused; FaceQuality warns from 40 px down

    // The search limits of the agency's policy (stored in the workspace, PolicyStore).
    static SearchPolicy from(const AgencyPolicy& policy);

    // InvalidInput with a sentence the analyst can act on, naming the policy value; nothing
    // when the search may run. `calibration` may be null: a threshold then cannot be checked
    // and is refused.
    // The list length alone: the part of check() that is the same for every face of a batch.
    Result<void> checkListLength(int k) const;
    Result<void> check(int k, const FaceQuality& face, const double* threshold,
                       const ScoreCalibration* calibration) const;
};

}  // namespace facecase
