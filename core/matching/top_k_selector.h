#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace facecase {

// A gallery row and its squared distance, ordered by distance then row: a total order, so the
// top-k of a scan does not depend on how rows were split between threads.
struct RankedRow {
    float squaredDistance = 0;
    std::uint32_t row = 0;

    friend bool operator<(const RankedRow& a, const RankedRow& b) {
        return a.squaredDistance < b.squaredDistance ||
               (a.squaredDistance == b.squaredDistance && a.row < b.row);
    }
};

// Keeps the k smallest RankedRows seen: a bounded max-heap. Scans test `worst()` inline and call
// offer() only for rows that beat it, which after the first few thousand rows is rare.
// Not thread-safe: one per thread, merged afterwards. Memory: k entries.
class TopKSelector {
public:
    explicit TopKSelector(std::size_t k = 0);

    // The distance a row must beat to enter (+inf while fewer than k are held). A row equal to
    // it enters only with a smaller row index: scans go in row order, so they may use `<`.
    float worst() const { return m_heap.size() < m_k ? kInfinity : m_heap.front().squaredDistance; }
    void offer(RankedRow candidate);
    // Adds every entry of another selector (merging per-thread results).
    void merge(const TopKSelector& other);
    // The held rows, ascending; empties the selector.
    std::vector<RankedRow> takeSorted();
    std::size_t size() const { return m_heap.size(); }

private:
    static constexpr float kInfinity = std::numeric_limits<float>::infinity();
    std::size_t m_k = 0;
    std::vector<RankedRow> m_heap;  // max-heap on RankedRow order
};

}  // namespace facecase
