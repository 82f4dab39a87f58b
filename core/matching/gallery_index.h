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
    // Gallery size from which HNSW is used (when attached). Below it the exact scan meets its
    // latency target with room to spare (~6 ms at 300,000, ~20 ms at 1,000,000 on 2 cores)
    // and an HNSW graph would only add build minutes and ~170 B per face; see gallery_index.cpp.
    std::size_t hnswThreshold = 2'000'000;
    int exactThreads = 2;
    HnswParameters hnsw;  // used by prepareHnsw()
};

struct GallerySearchResult {
    std::vector<SearchHit> hits;  // exact distances, ascending, whatever the method
    SearchMethod method = SearchMethod::Exact;
    std::size_t galleryFaces = 0;  // N: how many faces the search covered
    qint64 revision = 0;           // the gallery revision the index reflects
};

struct HnswPreparation {
    std::shared_ptr<const HnswIndex> index;
    bool loaded = false;      // true: read from the file; false: built now
    QString rebuildReason;    // why the file could not be used (empty when loaded)
    QString saveError;        // a build that could not be saved still works, but is not kept
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
