#pragma once

#include "types/result.h"

#include <vector>

namespace facecase {

// One operating point of a verification system: comparisons at a distance below `threshold`
// are called "same person".
struct TradeoffPoint {
    double threshold = 0;
    double fmr = 0;   // false match rate: share of impostor comparisons accepted
    double fnmr = 0;  // false non-match rate: share of genuine comparisons rejected
};

// The verification error trade-off (ISO/IEC 19795-1 FMR / FNMR) of a set of genuine and
// impostor distances, with the summaries an evaluation report states. Both sets are kept sorted,
// so any threshold costs two binary searches: 6.8 million LFW impostor distances are sorted once
// (~0.5 s) instead of rescanned per threshold. "Accepted" means distance < threshold, as in
// MatchInterpretation and ScoreCalibration.
// Immutable after fromDistances(); const calls are thread-safe.
class ErrorTradeoff {
public:
    // InvalidInput when either set is empty or holds a non-finite distance.
    static Result<ErrorTradeoff> fromDistances(std::vector<double> genuine,
                                               std::vector<double> impostor);

    std::size_t genuineCount() const { return m_genuine.size(); }
    std::size_t impostorCount() const { return m_impostor.size(); }

    double fmrAt(double threshold) const;
    double fnmrAt(double threshold) const;
    TradeoffPoint pointAt(double threshold) const;

    // P(genuine distance < impostor distance), ties counting half: the area under the ROC.
    double auc() const;
    // The threshold maximising balanced accuracy 1 - (FMR + FNMR) / 2, midway between
    // neighbouring distances. Balanced, because with all pairs of a labeled set impostors
    // outnumber genuine pairs ~1000:1 and plain accuracy would reward rejecting everything.
    TradeoffPoint bestBalancedPoint() const;
    // The point where FMR and FNMR are closest (equal error rate ~ their mean there).
    TradeoffPoint equalErrorPoint() const;
    // The largest threshold whose FMR <= fmr (FMR 0 when 1/impostorCount() > fmr).
    TradeoffPoint pointAtFmr(double fmr) const;

    // The curve for ROC / DET plots: the operating points at impostor quantiles spaced evenly in
    // log10(FMR) from 1/impostorCount() to 1 (`perDecade` per decade), plus `linearPoints`
    // thresholds evenly spaced over the range of all distances; ascending by threshold.
    std::vector<TradeoffPoint> curve(int perDecade = 10, int linearPoints = 50) const;

private:
    std::vector<double> m_genuine;   // ascending
    std::vector<double> m_impostor;  // ascending
};

}  // namespace facecase
