#include "evaluation/verification_metrics.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace facecase {

double VerificationMetrics::accuracyAt(const std::vector<ScoredTrial>& trials, double threshold) {
    if (trials.empty()) return 0.0;
    int correct = 0;
    for (const ScoredTrial& t : trials) correct += ((t.distance < threshold) == t.samePerson) ? 1 : 0;
    return double(correct) / double(trials.size());
}

double VerificationMetrics::bestThreshold(const std::vector<ScoredTrial>& trials) {
    std::vector<double> finite;
    for (const ScoredTrial& t : trials)
        if (std::isfinite(t.distance)) finite.push_back(t.distance);
    if (finite.empty()) return 0.0;
    std::sort(finite.begin(), finite.end());
    finite.erase(std::unique(finite.begin(), finite.end()), finite.end());

    // Sweep candidate thresholds in distance order, updating the count of correct decisions
    // incrementally: O(n log n) rather than O(n^2).
    std::vector<ScoredTrial> sorted = trials;
    std::sort(sorted.begin(), sorted.end(),
              [](const ScoredTrial& a, const ScoredTrial& b) { return a.distance < b.distance; });
    int impostors = 0;
    for (const ScoredTrial& t : sorted) impostors += t.samePerson ? 0 : 1;
    int correct = impostors;  // threshold below everything: all called "different"
    int best = correct;
    double bestT = finite.front() - 1e-6;
    std::size_t i = 0;
    for (std::size_t k = 0; k < finite.size(); ++k) {
        while (i < sorted.size() && sorted[i].distance <= finite[k]) {
            correct += sorted[i].samePerson ? 1 : -1;
            ++i;
        }
        if (correct > best) {
            best = correct;
            bestT = k + 1 < finite.size() ? (finite[k] + finite[k + 1]) / 2 : finite[k] + 1e-6;
        }
    }
    return bestT;
}

double VerificationMetrics::rocAuc(const std::vector<ScoredTrial>& trials) {
    std::vector<std::pair<double, bool>> all;
    for (const ScoredTrial& t : trials) all.emplace_back(t.distance, t.samePerson);
    std::sort(all.begin(), all.end());
    double genuine = 0, impostor = 0, wins = 0;
    // For each genuine trial count impostors strictly farther, plus half the ties.
    std::size_t i = 0;
    double impostorsSoFar = 0;
    double totalImpostors = 0;
    for (const auto& a : all) totalImpostors += a.second ? 0 : 1;
    while (i < all.size()) {
        std::size_t j = i;
        double g = 0, im = 0;
        while (j < all.size() && all[j].first == all[i].first) {
            (all[j].second ? g : im) += 1;
            ++j;
        }
        wins += g * (totalImpostors - impostorsSoFar - im) + 0.5 * g * im;
        impostorsSoFar += im;
        genuine += g;
        impostor += im;
        i = j;
    }
    return genuine > 0 && impostor > 0 ? wins / (genuine * impostor) : 0.0;
}

double VerificationMetrics::thresholdAtFar(const std::vector<ScoredTrial>& trials, double far) {
    std::vector<double> impostor;
    for (const ScoredTrial& t : trials)
        if (!t.samePerson) impostor.push_back(t.distance);
    if (impostor.empty()) return 0.0;
    std::sort(impostor.begin(), impostor.end());
    const auto allowed = std::size_t(std::floor(far * double(impostor.size()) + 1e-9));
    // "same" means distance < threshold: accept at most `allowed` impostors.
    return impostor[std::min(allowed, impostor.size() - 1)];
}

VerificationReport VerificationMetrics::evaluate(const std::vector<ScoredTrial>& trials, double targetFar) {
    VerificationReport r;
    r.pairs = int(trials.size());
    for (const ScoredTrial& t : trials) (t.samePerson ? r.genuinePairs : r.impostorPairs) += 1;
    r.auc = rocAuc(trials);
    r.threshold = bestThreshold(trials);
    r.accuracyAtThreshold = accuracyAt(trials, r.threshold);
    r.targetFar = targetFar;
    r.thresholdAtFar = thresholdAtFar(trials, targetFar);
    int accepted = 0;
    for (const ScoredTrial& t : trials) accepted += (t.samePerson && t.distance < r.thresholdAtFar) ? 1 : 0;
    r.tarAtFar = r.genuinePairs > 0 ? double(accepted) / r.genuinePairs : 0.0;

    std::set<int> folds;
    for (const ScoredTrial& t : trials) folds.insert(t.fold);
    std::vector<double> accuracies;
    for (int fold : folds) {
        std::vector<ScoredTrial> train, test;
        for (const ScoredTrial& t : trials) (t.fold == fold ? test : train).push_back(t);
        if (train.empty() || test.empty()) continue;
        const double threshold = bestThreshold(train);
        r.foldThresholds.push_back(threshold);
        accuracies.push_back(accuracyAt(test, threshold));
    }
    if (accuracies.empty()) {
        r.accuracy = r.accuracyAtThreshold;  // a single fold: no held-out data to speak of
    } else {
        double sum = 0, sumSq = 0;
        for (double a : accuracies) { sum += a; sumSq += a * a; }
        r.accuracy = sum / double(accuracies.size());
        r.accuracyStdDev = std::sqrt(std::max(0.0, sumSq / double(accuracies.size()) - r.accuracy * r.accuracy));
    }
    return r;
}

}  // namespace facecase
