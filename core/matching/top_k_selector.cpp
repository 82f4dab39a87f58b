#include "matching/top_k_selector.h"

#include <algorithm>

namespace facecase {

TopKSelector::TopKSelector(std::size_t k) : m_k(k) {
    m_heap.reserve(std::min<std::size_t>(k, 4096));
}

void TopKSelector::offer(RankedRow candidate) {
    if (m_k == 0) return;
    if (m_heap.size() < m_k) {
        m_heap.push_back(candidate);
        std::push_heap(m_heap.begin(), m_heap.end());
        return;
    }
    if (!(candidate < m_heap.front())) return;
    std::pop_heap(m_heap.begin(), m_heap.end());
    m_heap.back() = candidate;
    std::push_heap(m_heap.begin(), m_heap.end());
}

void TopKSelector::merge(const TopKSelector& other) {
    for (const RankedRow& r : other.m_heap) offer(r);
}

std::vector<RankedRow> TopKSelector::takeSorted() {
    std::sort_heap(m_heap.begin(), m_heap.end());
    std::vector<RankedRow> sorted = std::move(m_heap);
    m_heap.clear();
    return sorted;
}

}  // namespace facecase
