#include "services/search/search_policy.h"

#include "matching/fmr_wording.h"
#include "matching/score_calibration.h"

namespace facecase {

namespace {
QString oneIn(double rate) { return FmrWording::shortRate(FmrEstimate{rate, false}); }
}  // namespace

SearchPolicy SearchPolicy::from(const AgencyPolicy& policy) {
    SearchPolicy limits;
    limits.minCandidates = policy.minCandidates;
    limits.maxCandidates = policy.maxCandidates;
    limits.maxFalseMatchRate = policy.maxFalseMatchRate();
    limits.minEyeDistancePx = policy.minEyeDistancePx;
    return limits;
}

Result<void> SearchPolicy::checkListLength(int k) const {
    if (k < minCandidates || k > maxCandidates) {
        return Error::invalidInput(
            QStringLiteral("a candidate list of %1 is outside the policy's %2 to %3: results are "
                           "always a ranked list of leads, never a single match")
                .arg(k).arg(minCandidates).arg(maxCandidates));
    }
    return {};
}

Result<void> SearchPolicy::check(int k, const FaceQuality& face, const double* threshold,
                                 const ScoreCalibration* calibration) const {
    if (auto length = checkListLength(k); !length) return length;
    if (!(face.eyeDistancePx >= minEyeDistancePx)) {
        return Error::invalidInput(
            QStringLiteral("the face is too small to search: %1 px between the eyes, the policy "
                           "needs at least %2 px (find a better photo of the person)")
                .arg(face.eyeDistancePx, 0, 'f', 0).arg(minEyeDistancePx, 0, 'f', 0));
    }
    if (threshold) {
        if (!calibration) {
            return Error::invalidInput(
                QStringLiteral("a distance threshold needs a calibration to check its false-match "
                               "rate against the policy, and none is loaded for this model"));
        }
        const FmrEstimate rate = calibration->fmrAt(*threshold);
        if (rate.fmr > maxFalseMatchRate) {
            const auto allowed = calibration->thresholdFor(maxFalseMatchRate);
            return Error::invalidInput(
                QStringLiteral("threshold %1 lets about %2 different-person comparisons through "
                               "(false-match rate %3); the policy allows at most %4%5")
                    .arg(*threshold, 0, 'f', 3)
                    .arg(oneIn(rate.fmr))
                    .arg(rate.fmr, 0, 'g', 2)
                    .arg(oneIn(maxFalseMatchRate))
                    .arg(allowed ? QStringLiteral(" (distance %1 or closer)").arg(allowed->distance, 0, 'f', 3)
                                 : QString()));
        }
    }
    return {};
}

}  // namespace facecase
