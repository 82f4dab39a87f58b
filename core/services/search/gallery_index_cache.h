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
    bool incremental = false;  // the cached index was updated with only the faces changed since
    std::size_t facesAdded = 0;    // by that update
    std::size_t facesRemoved = 0;  // by that update
    QString reloadReason;      // why a cached, changed index was read in full instead of updated
    double loadSeconds = 0;    // descriptors read + exact index built or updated (0 from cache)
    double hnswSeconds = 0;    // HNSW graph loaded, built or rebased (0 when not used)
    bool hnswBuilt = false;    // the graph file was missing or stale and was rebuilt
    QString hnswNote;          // why it was rebuilt, or why it could not be saved
    // Read from this workstation's descriptor snapshot (then `incremental` says whether changes
    // since were applied) instead of from the database in full.
    bool fromSnapshot = false;
    // Why the snapshot was not used or could not be written; empty when all went as planned.
    QString snapshotNote;

    // How, in words for a progress line: "loaded", "updated (+1,000 -2 faces)", "reloaded
    // (why)", "already current", "read from this workstation's copy" (+ ", updated (...)").
    QString how() const;
};

// The in-memory search indexes of a workspace's galleries, one per (gallery, descriptor model),
// kept up to date with the gallery. The database is the source of truth and the index a cache:
// every get() reads the gallery's revision (one indexed row, ~20 us); when an enrollment or a
// removal has changed it since, the index follows the gallery's change sequence (schema 5,
// DescriptorReader::loadChanges): only the faces added and removed since are read and applied
// (1,000 faces added to 300,000: ~0.05 s on PostgreSQL and SQLite, against ~2.3 s and ~0.5 s
// to read the gallery again; docs/benchmarks.md), so a search never runs on stale faces and
// another workstation's enrollment costs this one little. The gallery is read in full instead
// when the changes exceed GalleryIndexOptions::maxChangedShare, a face changed in place, or the
// result would not hold as many faces as the gallery.
// Galleries at or above GalleryIndexOptions::hnswThreshold also get an HNSW graph, persisted
// in `indexFolder` and rebuilt when its file no longer matches the gallery (minutes per million
// faces the first time, ~0.7 s per million to load afterwards); updates rebase the graph
// (HnswIndex::rebased) until the changes since it was built pass that share, then rebuild it.
//
// Agency databases (PostgreSQL) also get a descriptor snapshot per gallery and model in
// `indexFolder` (DescriptorSnapshot): a process that has no index in memory reads the snapshot
// and applies the changes since, instead of every descriptor from the server (300,000 faces:
// ~0.2 s instead of ~3 s); it is written after each full read, and again when an open had to
// apply more than 2% of the gallery's faces. SQLite workspaces read their own file as fast, so
// they get none (Snapshots::Always lets tests exercise it there).
//
// Thread-safe: the first caller for a gallery loads it while later callers for any gallery
// wait (loads are rare and each already uses the machine fully); searches on an index that was
// handed out run concurrently. Call get() off the GUI thread.
class GalleryIndexCache {
public:
    enum class Snapshots { AgencyDatabases, Always, Never };

    explicit GalleryIndexCache(QString indexFolder, GalleryIndexOptions options = {},
                               Snapshots snapshots = Snapshots::AgencyDatabases);

    // `connection` is the calling thread's. `progress` reports an HNSW build.
    Result<GalleryIndexLoad> get(const DatabaseConnection& connection, qint64 galleryId,
                                 const QString& modelKey, const HnswIndex::Progress& progress = {});

    // Drops every cached index (memory back; the next get() reloads).
    void clear();
    // Drops the index of one gallery and model, and its snapshot: the next get() reads the
    // database in full. For an index found to disagree with the database.
    void forget(qint64 galleryId, const QString& modelKey);

    // Where the HNSW graph of a gallery and model is kept, and its descriptor snapshot.
    QString hnswPath(qint64 galleryId, const QString& modelKey) const;
    QString snapshotPath(qint64 galleryId, const QString& modelKey) const;

    const GalleryIndexOptions& options() const { return m_options; }

private:
    struct Cached {
        std::shared_ptr<const GalleryIndex> index;
        qint64 highestFaceId = 0;  // faces above it were added after the index read its gallery
    };

    // Brings `cached` up to date from the gallery's changes: true and `load` filled, or false
    // with load.reloadReason saying why it cannot be (the caller then loads in full).
    Result<bool> update(const DatabaseConnection& connection, qint64 galleryId,
                        const QString& modelKey, const HnswIndex::Progress& progress,
                        Cached& cached, GalleryIndexLoad& load);
    // Attaches the HNSW graph `index` wants (loaded from its file or built), noting it in `load`.
    Result<void> attachHnsw(GalleryIndex& index, qint64 galleryId, const QString& modelKey,
                            const HnswIndex::Progress& progress, GalleryIndexLoad& load) const;
    bool usesSnapshots(const DatabaseConnection& connection) const;
    // The index from the snapshot brought up to date: true with `load` and `cached` filled, or
    // false with load.snapshotNote saying why not (no file is not worth a note). Errors are the
    // database's only.
    Result<bool> loadSnapshot(const DatabaseConnection& connection, qint64 galleryId,
                              const QString& modelKey, qint64 revision,
                              const HnswIndex::Progress& progress, Cached& cached,
                              GalleryIndexLoad& load);
    // Writes the snapshot of `cached`; a failure only sets load.snapshotNote.
    void saveSnapshot(const DatabaseConnection& connection, qint64 galleryId,
                      const QString& modelKey, const Cached& cached, GalleryIndexLoad& load) const;
    QString cacheFilePath(qint64 galleryId, const QString& modelKey, const QString& suffix) const;

    QString m_indexFolder;
    GalleryIndexOptions m_options;
    Snapshots m_snapshots;
    std::mutex m_mutex;
    std::map<std::pair<qint64, QString>, Cached> m_indexes;
};

}  // namespace facecase
