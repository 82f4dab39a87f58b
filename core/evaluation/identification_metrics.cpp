#include "evaluation/identification_metrics.h"

#include <algorithm>
#include <cmath>

namespace facecase {

double IdentificationMetrics::fnirAt(const std::vector<MatedSearch>& mated, double threshold) {
    if (mated.empty()) return 0.0;
    std::size_t hits = 0;
    for (const MatedSearch& m : mated) hits += (m.mateRank == 1 && m.mateDistance < threshold) ? 1 : 0;
    return 1.0 - double(hits) / double(mated.size());
}

double IdentificationMetrics::fpirAt(const std::vector<double>& nonMatedTop1, double threshold) {
    if (nonMatedTop1.empty()) return 0.0;
    const auto n = std::count_if(nonMatedTop1.begin(), nonMatedTop1.end(),
                                 [threshold](double d) { return d < threshold; });
    return double(n) / double(nonMatedTop1.size());
}

FnirAtFpir IdentificationMetrics::atFpir(const std::vector<MatedSearch>& mated,
                                         const std::vector<double>& nonMatedTop1,
                                         double targetFpir) {
    FnirAtFpir r;
    r.targetFpir = targetFpir;
    if (nonMatedTop1.empty()) return r;
    std::vector<double> sorted = nonMatedTop1;
    std::sort(sorted.begin(), sorted.end());
    r.resolvable = targetFpir * double(sorted.size()) >= 1.0 - 1e-9;
    const auto allowed =
        std::size_t(std::floor(std::max(0.0, targetFpir) * double(sorted.size()) + 1e-9));
    // Return at most `allowed` non-mated searches' candidates: T is the next nearest distance
    // (ties below it can only lower the achieved FPIR).
    r.threshold = allowed < sorted.size() ? sorted[allowed] : sorted.back() + 1e-6;
    r.fpir = fpirAt(sorted, r.threshold);
    r.fnir = fnirAt(mated, r.threshold);
    return r;
}

Result<IdentificationReport> IdentificationMetrics::evaluate(
    const std::vector<MatedSearch>& mated, const std::vector<double>& nonMatedTop1,
    int gallerySize, int maxRank, const std::vector<double>& targetFpirs) {
    if (mated.empty() || gallerySize < 1 || maxRank < 1)
        return Error::invalidInput(
            QStringLiteral("identification metrics need mated searches, a gallery and a rank "
                           "(%1 mated searches, gallery of %2, max rank %3)")
                .arg(mated.size())
                .arg(gallerySize)
                .arg(maxRank));
    IdentificationReport r;
    r.gallerySize = gallerySize;
    r.matedSearches = int(mated.size());
    r.nonMatedSearches = int(nonMatedTop1.size());
    r.maxRank = maxRank;
    std::vector<int> atRank(std::size_t(maxRank) + 1, 0);
    for (const MatedSearch& m : mated) {
        if (m.mateRank < 0 || m.mateRank > maxRank)
            return Error::invalidInput(
                QStringLiteral("mate rank %1 outside 0..%2").arg(m.mateRank).arg(maxRank));
        if (m.mateRank > 0) ++atRank[std::size_t(m.mateRank)];
    }
    int cumulative = 0;
    for (int rank = 1; rank <= maxRank; ++rank) {
        cumulative += atRank[std::size_t(rank)];
        r.cmc.push_back(double(cumulative) / double(mated.size()));
    }
    r.rank1 = r.cmc.front();
    r.rank10 = r.cmc[std::size_t(std::min(10, maxRank) - 1)];
    for (double target : targetFpirs) r.fnirAtFpir.push_back(atFpir(mated, nonMatedTop1, target));
    return r;
}

}  // namespace facecase
