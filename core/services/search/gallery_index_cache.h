#pragma once

#include <QString>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "matching/gallery_index.h"
#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// How an index was obtained, for progress lines and the search record.
struct GalleryIndexLoad {
    std::shared_ptr<const GalleryIndex> index;
    bool fromCache = false;    // the gallery had not changed: nothing was read
    double loadSeconds = 0;    // descriptors read + exact index built (0 from cache)
    double hnswSeconds = 0;    // HNSW graph loaded or built (0 when not used)
    bool hnswBuilt = false;    // the graph file was missing or stale and was rebuilt
    QString hnswNote;          // why it was rebuilt, or why it could not be saved
};

// The in-memory search indexes of a workspace's galleries, one per (gallery, descriptor model),
// kept until the gallery changes. The database is the source of truth and the index a cache:
// every get() reads the gallery's revision (one indexed row, ~20 us) and rebuilds the index
// when an enrollment or removal has changed it since, so a search never runs on stale faces.
// Galleries at or above GalleryIndexOptions::hnswThreshold also get an HNSW graph, persisted
// in `indexFolder` and rebuilt when its file no longer matches the gallery (minutes per million
// faces the first time, ~0.7 s per million to load afterwards).
//
// Thread-safe: the first caller for a gallery loads it while later callers for any gallery
// wait (loads are rare and each already uses the machine fully); searches on an index that was
// handed out run concurrently. Call get() off the GUI thread.
class GalleryIndexCache {
public:
    explicit GalleryIndexCache(QString indexFolder, GalleryIndexOptions options = {});

    // `connection` is the calling thread's. `progress` reports an HNSW build.
    Result<GalleryIndexLoad> get(const DatabaseConnection& connection, qint64 galleryId,
                                 const QString& modelKey, const HnswIndex::Progress& progress = {});

    // Drops every cached index (memory back; the next get() reloads).
    void clear();

    // Where the HNSW graph of a gallery and model is kept.
    QString hnswPath(qint64 galleryId, const QString& modelKey) const;

    const GalleryIndexOptions& options() const { return m_options; }

private:
    QString m_indexFolder;
    GalleryIndexOptions m_options;
    std::mutex m_mutex;
    std::map<std::pair<qint64, QString>, std::shared_ptr<const GalleryIndex>> m_indexes;
};

}  // namespace facecase
