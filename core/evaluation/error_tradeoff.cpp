#include "evaluation/error_tradeoff.h"

#include <algorithm>
#include <cmath>

namespace facecase {

namespace {

// Share of `sorted` strictly below `threshold`.
double shareBelow(const std::vector<double>& sorted, double threshold) {
    const auto n = std::lower_bound(sorted.begin(), sorted.end(), threshold) - sorted.begin();
    return double(n) / double(sorted.size());
}

}  // namespace

Result<ErrorTradeoff> ErrorTradeoff::fromDistances(std::vector<double> genuine,
                                                   std::vector<double> impostor) {
    if (genuine.empty() || impostor.empty())
        return Error::invalidInput(
            QStringLiteral("an error trade-off needs genuine and impostor distances (%1 genuine, "
                           "%2 impostor)")
                .arg(genuine.size())
                .arg(impostor.size()));
    const auto finite = [](const std::vector<double>& v) {
        return std::all_of(v.begin(), v.end(), [](double d) { return std::isfinite(d); });
    };
    if (!finite(genuine) || !finite(impostor))
        return Error::invalidInput(QStringLiteral("a distance is not a finite number"));
    ErrorTradeoff t;
    std::sort(genuine.begin(), genuine.end());
    std::sort(impostor.begin(), impostor.end());
    t.m_genuine = std::move(genuine);
    t.m_impostor = std::move(impostor);
    return t;
}

double ErrorTradeoff::fmrAt(double threshold) const {
    return shareBelow(m_impostor, threshold);
}

double ErrorTradeoff::fnmrAt(double threshold) const {
    return 1.0 - shareBelow(m_genuine, threshold);
}

TradeoffPoint ErrorTradeoff::pointAt(double threshold) const {
    return {threshold, fmrAt(threshold), fnmrAt(threshold)};
}

double ErrorTradeoff::auc() const {
    // For each genuine distance: impostors strictly farther, plus half the ties. Both sorted, so
    // one merge-like walk suffices.
    double wins = 0;
    std::size_t below = 0, upTo = 0;  // impostors < g, impostors <= g
    for (double g : m_genuine) {
        while (below < m_impostor.size() && m_impostor[below] < g) ++below;
        upTo = std::max(upTo, below);
        while (upTo < m_impostor.size() && m_impostor[upTo] <= g) ++upTo;
        wins += double(m_impostor.size() - upTo) + 0.5 * double(upTo - below);
    }
    return wins / (double(m_genuine.size()) * double(m_impostor.size()));
}

TradeoffPoint ErrorTradeoff::bestBalancedPoint() const {
    // Candidate thresholds: just above each distance (accepting it), plus below everything.
    std::vector<double> all;
    all.reserve(m_genuine.size() + m_impostor.size());
    std::merge(m_genuine.begin(), m_genuine.end(), m_impostor.begin(), m_impostor.end(),
               std::back_inserter(all));
    all.erase(std::unique(all.begin(), all.end()), all.end());
    TradeoffPoint best = pointAt(all.front());
    double bestError = best.fmr + best.fnmr;
    // Walk the distances once, counting accepted genuine/impostor incrementally.
    std::size_t g = 0, i = 0;
    for (std::size_t k = 0; k < all.size(); ++k) {
        while (g < m_genuine.size() && m_genuine[g] <= all[k]) ++g;
        while (i < m_impostor.size() && m_impostor[i] <= all[k]) ++i;
        const double fmr = double(i) / double(m_impostor.size());
        const double fnmr = 1.0 - double(g) / double(m_genuine.size());
        if (fmr + fnmr < bestError) {
            bestError = fmr + fnmr;
            const double t = k + 1 < all.size() ? (all[k] + all[k + 1]) / 2 : all[k] + 1e-6;
            best = {t, fmr, fnmr};
        }
    }
    return best;
}

TradeoffPoint ErrorTradeoff::equalErrorPoint() const {
    // FMR rises and FNMR falls with the threshold: bisect over the genuine distances for the
    // crossing, then keep whichever neighbour is closer.
    TradeoffPoint best = pointAt(m_genuine.front());
    for (double t : {m_genuine.front(), m_genuine.back() + 1e-6}) {
        const TradeoffPoint p = pointAt(t);
        if (std::abs(p.fmr - p.fnmr) < std::abs(best.fmr - best.fnmr)) best = p;
    }
    std::size_t lo = 0, hi = m_genuine.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        const TradeoffPoint p = pointAt(m_genuine[mid]);
        if (std::abs(p.fmr - p.fnmr) < std::abs(best.fmr - best.fnmr)) best = p;
        if (p.fmr < p.fnmr) lo = mid + 1;
        else hi = mid;
    }
    return best;
}

TradeoffPoint ErrorTradeoff::pointAtFmr(double fmr) const {
    const auto allowed =
        std::size_t(std::floor(std::max(0.0, fmr) * double(m_impostor.size()) + 1e-9));
    // Accept at most `allowed` impostors: the threshold is the next impostor distance.
    const double t = allowed < m_impostor.size() ? m_impostor[allowed] : m_impostor.back() + 1e-6;
    return pointAt(t);
}

std::vector<TradeoffPoint> ErrorTradeoff::curve(int perDecade, int linearPoints) const {
    std::vector<double> thresholds;
    const double n = double(m_impostor.size());
    const double decades = std::log10(n);
    const int steps = int(std::ceil(decades * std::max(1, perDecade)));
    for (int s = 0; s <= steps; ++s) {
        const double fmr = std::pow(10.0, -decades * double(s) / double(std::max(1, steps)));
        thresholds.push_back(pointAtFmr(fmr).threshold);
    }
    const double lo = std::min(m_genuine.front(), m_impostor.front());
    const double hi = std::max(m_genuine.back(), m_impostor.back());
    for (int s = 0; s <= linearPoints; ++s)
        thresholds.push_back(lo + (hi - lo) * double(s) / double(std::max(1, linearPoints)));
    std::sort(thresholds.begin(), thresholds.end());
    thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
    std::vector<TradeoffPoint> points;
    points.reserve(thresholds.size());
    for (double t : thresholds) points.push_back(pointAt(t));
    return points;
}

}  // namespace facecase
