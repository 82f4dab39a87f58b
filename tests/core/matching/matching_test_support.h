#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "matching/search_hit.h"
#include "types/descriptor.h"

namespace facecase::test {

// A gallery as the descriptor reader would hand it over: rows back to back, ids ascending.
struct TestGallery {
    std::vector<float> values;
    std::vector<qint64> faceIds;
    std::size_t size() const { return faceIds.size(); }
    const float* row(std::size_t i) const { return values.data() + i * Descriptor::kSize; }
    Descriptor descriptor(std::size_t i) const {
        Descriptor d;
        std::copy(row(i), row(i) + Descriptor::kSize, d.values.begin());
        return d;
    }
};

// Face ids that are not row numbers (so that a row/id mix-up shows): 1000 + 3 * row.
inline std::vector<qint64> spacedIds(std::size_t n) {
    std::vector<qint64> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = qint64(1000 + 3 * i);
    return ids;
}

// The reference every index is checked against: every distance in double precision, sorted
// by (distance, row), no cleverness at all.
inline std::vector<SearchHit> bruteForce(const TestGallery& g, const Descriptor& probe, int k) {
    std::vector<std::pair<double, std::size_t>> all;
    for (std::size_t i = 0; i < g.size(); ++i) {
        double sum = 0;
        for (int j = 0; j < Descriptor::kSize; ++j) {
            const double d = double(probe.values[std::size_t(j)]) - double(g.row(i)[j]);
            sum += d * d;
        }
        all.emplace_back(std::sqrt(sum), i);
    }
    std::sort(all.begin(), all.end());
    std::vector<SearchHit> hits;
    for (std::size_t i = 0; i < all.size() && i < std::size_t(k); ++i)
        hits.push_back({g.faceIds[all[i].second], all[i].first});
    return hits;
}

inline std::vector<qint64> idsOf(const std::vector<SearchHit>& hits) {
    std::vector<qint64> ids;
    for (const SearchHit& h : hits) ids.push_back(h.faceId);
    return ids;
}

}  // namespace facecase::test
