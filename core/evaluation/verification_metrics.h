#pragma once

#include <limits>
#include <vector>

namespace facecase {

// One scored trial: the distance between two faces (infinity when a face could not be found, so
// that the trial counts as "different"), the truth, and its cross-validation fold.
struct ScoredTrial {
    double distance = std::numeric_limits<double>::infinity();
    bool samePerson = false;
    int fold = 0;
};

struct VerificationReport {
    int pairs = 0;
    int genuinePairs = 0;
    int impostorPairs = 0;
    double accuracy = 0;        // mean over folds, threshold chosen on the other folds
    double accuracyStdDev = 0;  // over folds
    double auc = 0;             // P(genuine distance < impostor distance), ties count half
    double threshold = 0;       // best single threshold over all pairs ("same" if distance < it)
    double accuracyAtThreshold = 0;
    double tarAtFar = 0;        // genuine accept rate at the threshold giving FAR <= targetFar
    double targetFar = 1e-3;
    double thresholdAtFar = 0;
    std::vector<double> foldThresholds;
};

// Face-verification metrics in the LFW style. Pure functions over numbers; thread-safe.
class VerificationMetrics {
public:
    static VerificationReport evaluate(const std::vector<ScoredTrial>& trials, double targetFar = 1e-3);

    // The threshold that maximises accuracy on `trials` (midway between neighbouring distances).
    static double bestThreshold(const std::vector<ScoredTrial>& trials);
    static double accuracyAt(const std::vector<ScoredTrial>& trials, double threshold);
    static double rocAuc(const std::vector<ScoredTrial>& trials);
    // Largest threshold whose false-accept rate is <= far; TAR at it. With n impostors the
    // finest FAR resolvable is 1/n: below that no false accept is allowed at all.
    static double thresholdAtFar(const std::vector<ScoredTrial>& trials, double far);
};

}  // namespace facecase
