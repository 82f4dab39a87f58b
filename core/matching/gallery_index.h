#pragma once

#include <QString>
#include <memory>
#include <vector>

#include "matching/exact_index.h"
#include "matching/hnsw_index.h"
#include "matching/search_hit.h"
#include "types/descriptor.h"
#include "types/result.h"

namespace facecase {

enum class SearchMethod { Exact, Hnsw };

// Automatic: HNSW when the gallery is at least GalleryIndexOptions::hnswThreshold faces and an
// HNSW index is attached, else the exact scan. ExactOnly: the exhaustive scan regardless (an
// analyst may want "every face was compared" on record).
enum class SearchMode { Automatic, ExactOnly };

struct GalleryIndexOptions {
    // Gallery size from which HNSW is used (when attached). Up to it the exact scan answers an
    // interactive search in about 20 ms per million faces on 2 cores (1M: p50 20 ms, p99 21 ms)
    // and is complete by construction — every face compared, which is what an analyst wants on
    // record. HNSW costs a 7.6-minute build per million faces (once; the file then loads in
    // 0.65 s per million), ~800 B per face on top of the exact index's 520 B, and recall below 1
    // (0.993 at 1M). Past 2M the exact p50 passes ~40 ms and keeps growing (10M: 181 ms), so
    // the 2 ms HNSW search is worth those costs there.
    std::size_t hnswThreshold = 2'000'000;
    int exactThreads = 2;
    HnswParameters hnsw;  // used by prepareHnsw()
    // A cached index follows its gallery by applying the faces added and removed since it was
    // loaded (GalleryIndexCache) while they are at most this share of its faces; more, and the
    // gallery is read in full (and an HNSW graph rebuilt: it grows no nodes, HnswIndex::rebased).
    double maxChangedShare = 0.10;
};

struct GallerySearchResult {
    std::vector<SearchHit> hits;  // exact distances, ascending, whatever the method
    SearchMethod method = SearchMethod::Exact;
    std::size_t galleryFaces = 0;  // N: how many faces the search covered
    qint64 revision = 0;           // the gallery revision the index reflects
};

struct HnswPreparation {
    std::shared_ptr<const HnswIndex> index;
    bool loaded = false;    // true: read from the file; false: built now
    QString rebuildReason;  // why the file could not be used (empty when loaded)
    QString saveError;      // a build that could not be saved still works, but is not kept
    double seconds = 0;
};

// The gallery search callers use: the exact index always, an HNSW index above a configurable
// size, every result re-ranked exactly, each result saying which method ran over how many faces.
// An immutable value (shared pointers inside): copy freely, search from any thread; publish a
// new one (withHnsw, or a rebuilt gallery) by swapping a shared pointer.
class GalleryIndex {
public:
    explicit GalleryIndex(std::shared_ptr<const ExactIndex> exact = {},
                          GalleryIndexOptions options = {});

    // This facade plus `hnsw`, which must index this very gallery state (same ExactIndex).
    Result<GalleryIndex> withHnsw(std::shared_ptr<const HnswIndex> hnsw) const;

    // The k nearest faces. Cost: see ExactIndex::search / HnswIndex::search. Thread-safe.
    Result<GallerySearchResult> search(const Descriptor& probe, int k,
                                       SearchMode mode = SearchMode::Automatic) const;

    // Whether the gallery has changed since this index was built (compare with
    // DescriptorReader::revision()).
    bool isStaleFor(qint64 currentRevision) const { return currentRevision != revision(); }
    // At or above the HNSW threshold without an HNSW index yet: call prepareHnsw() off the GUI
    // thread; searches meanwhile run exact (correct, slower).
    bool wantsHnsw() const { return size() >= m_options.hnswThreshold && !m_hnsw; }
    bool usesHnsw() const { return size() >= m_options.hnswThreshold && m_hnsw; }

    // Loads the HNSW file at `path` if it was saved for exactly this gallery state, else builds
    // the graph and saves it there. Slow when it builds (minutes per million faces): a worker
    // thread's job. Does not attach it: withHnsw() does.
    Result<HnswPreparation> prepareHnsw(const QString& path, int threads = 2,
                                        const HnswIndex::Progress& progress = {}) const;

    std::size_t size() const { return m_exact->size(); }
    qint64 revision() const { return m_exact->revision(); }
    const GalleryIndexOptions& options() const { return m_options; }
    const std::shared_ptr<const ExactIndex>& exactIndex() const { return m_exact; }
    const std::shared_ptr<const HnswIndex>& hnswIndex() const { return m_hnsw; }

    static QString methodName(SearchMethod method);  // "exact", "hnsw"

private:
    std::shared_ptr<const ExactIndex> m_exact;
    std::shared_ptr<const HnswIndex> m_hnsw;
    GalleryIndexOptions m_options;
};

}  // namespace facecase
