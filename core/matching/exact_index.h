#pragma once

#include <QtGlobal>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "matching/search_hit.h"
#include "matching/top_k_selector.h"
#include "types/descriptor.h"
#include "types/result.h"

namespace facecase {

// Exhaustive search over a gallery: every probe is compared with every enrolled face, so the
// top-k is exact — the reference HNSW is measured and re-ranked against.
//
// Owns one row-major N x 128 float matrix (taken by move from the descriptor reader's vector:
// no copy) and the parallel face ids: 520 bytes per face (512 + 8), nothing else. The matrix may
// have room reserved after its rows (address space only, until written): withChanges() appends
// a later state's faces there, and the later index shares the matrix with this one, which still
// sees only its own rows.
// Cost of one search: one pass over the matrix, memory-bound (~13 GB/s per core here). Measured
// on 2 threads, p50 / p99: 300,000 faces 5.0 / 6.4 ms; 1,000,000 20 / 21 ms; 10,000,000
// 181 / 196 ms. Threads are created per call (~45 us each, under 1% of a 300k scan), so an
// index holds no threads and costs nothing while idle.
// Immutable after create(): concurrent const calls from any number of threads are safe.
// Move-only, because an accidental copy would duplicate hundreds of megabytes.
class ExactIndex {
public:
    static constexpr int kDimensions = Descriptor::kSize;

    // The gallery as the descriptor reader returns it: `values` holds faceIds.size() rows of
    // 128 floats back to back; `revision` is the gallery revision they reflect. InvalidInput
    // if the sizes disagree, a value is not finite, or there are more than 2^32 - 1 rows.
    // Cost: one validating pass over the values (~40 ms for 300,000 faces, 60 ms per million).
    static Result<ExactIndex> create(std::vector<float> values, std::vector<qint64> faceIds,
                                     qint64 revision = 0);

    // The index create() would build for the gallery's next state, from this one without the
    // faces `removedFaceIds` (ascending; ids this index does not hold are ignored) and with
    // `addedValues` / `addedFaceIds` appended: rows stay in face id order, so searches answer
    // exactly as on a fresh load. InvalidInput if an added id is not above every id held here
    // (or the added ids are not ascending), or as create() for the added rows (only they are
    // validated). Cost, no database: when nothing this index holds is removed and the matrix
    // has room (`base` being the latest state appended to it), the added rows only, written
    // after base's rows in the shared matrix; otherwise one copy of the kept rows into a new
    // matrix with 10% room (30-80 ms per 100,000 faces here, mostly the page faults of the new
    // allocation). Thread-safe: appends to one matrix are serialised.
    static Result<ExactIndex> withChanges(const ExactIndex& base,
                                          const std::vector<qint64>& removedFaceIds,
                                          std::vector<float> addedValues,
                                          std::vector<qint64> addedFaceIds, qint64 revision);

    ExactIndex() = default;  // an empty gallery
    ExactIndex(ExactIndex&& other) noexcept;
    ExactIndex& operator=(ExactIndex&& other) noexcept;
    ExactIndex(const ExactIndex&) = delete;
    ExactIndex& operator=(const ExactIndex&) = delete;

    std::size_t size() const { return m_size; }
    qint64 revision() const { return m_revision; }
    const float* row(std::size_t i) const { return m_values + i * kDimensions; }
    qint64 faceId(std::size_t i) const { return m_faceIds[i]; }
    std::span<const qint64> faceIds() const { return {m_faceIds, m_size}; }
    // The row of `faceId` (rows are in face id order: a binary search), none if not held.
    std::optional<std::size_t> rowOf(qint64 faceId) const;
    // Heap bytes held (matrix + ids, by capacity; shared with the later states appended to it).
    std::size_t memoryBytes() const;

    // The k faces nearest `probe`, ascending by true Euclidean distance (ties: lower row
    // first); fewer than k when the gallery is smaller. Rows are split across `threads`
    // (1 = the calling thread only); the result does not depend on `threads`.
    // InvalidInput if k < 1, threads < 1 or the probe has a non-finite value.
    Result<std::vector<SearchHit>> search(const Descriptor& probe, int k, int threads = 1) const;

    // search() for many probes at once, result i for probes[i], identical to calling search()
    // per probe. Cache-blocked (tiles of 128 probes x 2,048 rows, ~1 MB, L2-resident), probes
    // split across threads: the matrix streams from memory once per tile instead of once per
    // probe, so the batch is compute-bound: 7,000 probes x 300,000 faces in 6.7 s on 2 threads
    // (0.96 ms per probe against 5 ms searched one by one).
    Result<std::vector<std::vector<SearchHit>>> searchMany(const std::vector<Descriptor>& probes,
                                                           int k, int threads = 1) const;

    // Exact distances from `probe` to the given rows only, the k nearest of them, as above.
    // Re-ranks approximate (HNSW) candidates. Rows >= size() are ignored, duplicates count once.
    // Every row from `scanFrom` to the end is ranked too, scanned as search() does (the rows
    // added to a gallery after its HNSW graph was built); rows listed there count once.
    Result<std::vector<SearchHit>> rankRows(const Descriptor& probe,
                                            const std::vector<std::uint32_t>& rows, int k,
                                            std::size_t scanFrom = SIZE_MAX) const;

private:
    // Rows shared by an index and the later states appended to it. Appends stay within the
    // reserved capacity, so the rows an index reads never move.
    struct Storage {
        std::vector<float> values;
        std::vector<qint64> faceIds;
        std::mutex appending;
    };

    ExactIndex(std::shared_ptr<Storage> storage, std::size_t size, qint64 revision);

    void scanRows(const float* probe, std::size_t begin, std::size_t end,
                  TopKSelector& selector) const;
    std::vector<SearchHit> toHits(std::vector<RankedRow> rows) const;

    std::shared_ptr<Storage> m_storage;
    const float* m_values = nullptr;    // m_storage's, cached: the hot loops read them
    const qint64* m_faceIds = nullptr;
    std::size_t m_size = 0;
    qint64 m_revision = 0;
};

}  // namespace facecase
