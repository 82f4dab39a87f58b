#pragma once

#include <QString>
#include <functional>
#include <memory>
#include <vector>

#include "matching/exact_index.h"
#include "matching/hnsw_parameters.h"
#include "matching/search_hit.h"
#include "types/result.h"

namespace facecase {

// Approximate nearest-neighbour search (hnswlib 0.6 HNSW, L2) over an ExactIndex, for galleries
// too large to scan per search. The gallery is split into `shards` contiguous slices, one
// hnswlib graph each, all searched in parallel per query (one core each). Every search is
// re-ranked exactly: each graph proposes max(k, efSearch) rows, their distances are recomputed
// from the ExactIndex matrix with the exact scan's kernel, and the k nearest are returned — so
// every reported distance is exact; only a missed face can make HNSW differ from the exact scan.
//
// Recall is not 1, and on galleries spread like real descriptors not even close to it at the
// latencies where HNSW pays: a share of the true nearest faces — mates included — is missed
// (measured numbers in search_benchmark.h). That is why the exact scan stays the default up to
// GalleryIndexOptions::hnswThreshold and why a search can always be forced exact.
//
// Memory (m = 32): hnswlib keeps a copy of each descriptor next to its layer-0 links (260 B of
// links + 512 B descriptor + 8 B label), plus ~5 B of upper layers, 12 B bookkeeping and 2 B
// per concurrent searcher: ~800 B per face on top of the exact index's 520 B. hnswlib's
// insert-only state (a mutex per node, a label hash map: ~80 B per face) is released once a
// build finishes. (Pointing nodes at the ExactIndex rows instead of copying would save 504 B per
// face, but one more cache miss per visited node made searches 1.45x and builds 1.3x slower.)
// Build: O(N log N), minutes per million faces. With shards > 1 each graph is built by one
// thread in row order, so a gallery always gives the same graphs (and the same answers); with
// one shard all threads insert into it, and insertion order — hence the graph — varies.
// Thread-safety: immutable once built or loaded; concurrent const searches are safe.
class HnswIndex {
public:
    // Called from the building thread with (faces inserted, total); return false to cancel.
    using Progress = std::function<bool(std::size_t done, std::size_t total)>;

    // Builds the graphs over every row of `exact` on up to `threads` threads. Cancelled if
    // `progress` returns false; Internal on out-of-memory.
    static Result<HnswIndex> build(std::shared_ptr<const ExactIndex> exact,
                                   const HnswParameters& parameters, int threads = 2,
                                   const Progress& progress = {});

    // Reads a file written by save() for this very gallery state. Refuses — never crashes on —
    // a file that is missing, truncated, of another format or version, built for another gallery
    // revision or other face ids, or corrupt (checksums, then every link and label checked before
    // hnswlib sees it): the caller then rebuilds. `efSearch` is a search setting, not stored.
    // Cost: one sequential read (~276 B per face) plus checksum and link checks: ~0.7 s per
    // million faces.
    static Result<HnswIndex> load(const QString& path, std::shared_ptr<const ExactIndex> exact,
                                  int efSearch = HnswParameters{}.efSearch);

    // Writes the graph beside the database (atomically: a temporary file renamed on success).
    // Format: a header (magic, version, dimensions, count, gallery revision, checksum of the face
    // ids, graph sizes, one entry per shard, payload checksum, header checksum) and the graphs
    // (~276 B per face with m = 32); descriptors are not stored: load() takes them from the
    // ExactIndex.
    Result<void> save(const QString& path) const;

    // This index's graphs over `later`, a later state of the same gallery made from this one's
    // exact index by ExactIndex::withChanges (faces removed, faces with higher ids appended):
    // the graphs are shared, not copied or changed. Its searches map each graph node to its row
    // in `later` (dropping the faces removed since) and compare every face added since with the
    // probe one by one, so added faces are always found and removed ones never returned. The
    // graphs grow no nodes: past a few percent of changed faces (facesChangedSinceBuilt()) the
    // caller should rebuild instead; searches cost an exact scan of the added rows more.
    // save() refuses a rebased index: its file stays the one of the state the graphs describe
    // (load() then refuses that file for a later state, so a restarted process rebuilds).
    // InvalidInput when `later` is not such a state. Cost: one pass over both face id lists and
    // 4 bytes per graph node.
    Result<HnswIndex> rebased(std::shared_ptr<const ExactIndex> later) const;

    HnswIndex(HnswIndex&&) noexcept;
    HnswIndex& operator=(HnswIndex&&) noexcept;
    ~HnswIndex();

    // The k nearest faces found, exact distances ascending (ties: lower row first). Uses one
    // thread per shard. `efSearch` overrides the parameter for this call (tuning, benchmarks).
    // Thread-safe.
    Result<std::vector<SearchHit>> search(const Descriptor& probe, int k) const;
    Result<std::vector<SearchHit>> search(const Descriptor& probe, int k, int efSearch) const;

    std::size_t size() const;
    int shardCount() const;  // graphs searched in parallel per query (0 for an empty gallery)
    qint64 revision() const;
    // The gallery revision the graphs were built for (revision() unless rebased), and how many
    // faces have been removed or added since then (0 unless rebased).
    qint64 builtForRevision() const;
    std::size_t facesChangedSinceBuilt() const;
    const HnswParameters& parameters() const;
    const std::shared_ptr<const ExactIndex>& exactIndex() const;
    // Bytes the graph holds now, beyond the ExactIndex (from hnswlib's own sizes).
    std::size_t memoryBytes() const;

private:
    struct Impl;
    explicit HnswIndex(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace facecase
