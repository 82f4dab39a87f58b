#include "services/search/gallery_index_cache.h"

#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QLocale>
#include <QRegularExpression>

#include "policy/policy_store.h"
#include "services/search/descriptor_snapshot.h"
#include "store/descriptor_reader.h"
#include "store/workspace_identity.h"

namespace facecase {

namespace {
double secondsOf(const QElapsedTimer& timer) {
    return double(timer.nsecsElapsed()) / 1e9;
}

qint64 highestFaceIdOf(const ExactIndex& exact) {
    return exact.size() > 0 ? exact.faceIds().back() : 0;
}
}  // namespace

QString GalleryIndexLoad::how() const {
    if (fromCache) return QStringLiteral("already current");
    const QLocale english(QLocale::English);
    const QString updated = QStringLiteral("updated (+%1 -%2 faces)")
                                .arg(english.toString(qulonglong(facesAdded)),
                                     english.toString(qulonglong(facesRemoved)));
    if (fromSnapshot) {
        const QString read = QStringLiteral("read from this workstation's copy");
        return incremental ? QStringLiteral("%1, %2").arg(read, updated) : read;
    }
    if (incremental) return updated;
    if (!reloadReason.isEmpty()) return QStringLiteral("reloaded (%1)").arg(reloadReason);
    return QStringLiteral("loaded");
}

GalleryIndexCache::GalleryIndexCache(QString indexFolder, GalleryIndexOptions options,
                                     Snapshots snapshots)
    : m_indexFolder(std::move(indexFolder)), m_options(std::move(options)),
      m_snapshots(snapshots) {}

QString GalleryIndexCache::cacheFilePath(qint64 galleryId, const QString& modelKey,
                                         const QString& suffix) const {
    // Model keys contain '/', which cannot be part of a file name.
    QString safeModel = modelKey;
    safeModel.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return QDir(m_indexFolder)
        .filePath(QStringLiteral("gallery-%1-%2.%3").arg(galleryId).arg(safeModel, suffix));
}

QString GalleryIndexCache::hnswPath(qint64 galleryId, const QString& modelKey) const {
    return cacheFilePath(galleryId, modelKey, QStringLiteral("hnsw"));
}

QString GalleryIndexCache::snapshotPath(qint64 galleryId, const QString& modelKey) const {
    return cacheFilePath(galleryId, modelKey, QStringLiteral("descriptors"));
}

bool GalleryIndexCache::usesSnapshots(const DatabaseConnection& connection) const {
    switch (m_snapshots) {
    case Snapshots::Always: return true;
    case Snapshots::Never: return false;
    case Snapshots::AgencyDatabases: break;
    }
    if (connection.dialect().backend() != SqlBackend::PostgreSql) return false;
    // The agency decides (index.workstation_copies); a policy that cannot be read keeps none.
    auto policy = PolicyStore(connection).load();
    return policy && policy->workstationDescriptorCopies;
}

Result<GalleryIndexLoad> GalleryIndexCache::get(const DatabaseConnection& connection,
                                                qint64 galleryId, const QString& modelKey,
                                                const HnswIndex::Progress& progress) {
    const DescriptorReader reader(connection);
    auto revision = reader.revision(galleryId);
    if (!revision) return revision.error();

    std::lock_guard lock(m_mutex);
    const auto key = std::make_pair(galleryId, modelKey);
    GalleryIndexLoad load;
    const bool inMemory = m_indexes.contains(key);
    if (auto cached = m_indexes.find(key); cached != m_indexes.end()) {
        if (!cached->second.index->isStaleFor(*revision)) {
            load.index = cached->second.index;
            load.fromCache = true;
            return load;
        }
        auto updated = update(connection, galleryId, modelKey, progress, cached->second, load);
        if (!updated) return updated.error();
        if (*updated) return load;
    }
    m_indexes.erase(key);  // a stale index's memory goes back before the new one is read

    QElapsedTimer timer;
    timer.start();
    const bool snapshots = usesSnapshots(connection);
    if (!snapshots) {
        // Turned off by the policy since one was written: none stays on this workstation.
        QFile::remove(snapshotPath(galleryId, modelKey));
    } else if (!inMemory) {
        // (An index in memory that could not follow its gallery is at least as recent as the
        // snapshot, which could not either: straight to the full read.)
        Cached cached;
        auto fromSnapshot =
            loadSnapshot(connection, galleryId, modelKey, *revision, progress, cached, load);
        if (!fromSnapshot) return fromSnapshot.error();
        if (*fromSnapshot) {
            m_indexes[key] = cached;
            return load;
        }
    }
    auto descriptors = reader.loadGallery(galleryId, modelKey);
    if (!descriptors) return descriptors.error();
    auto exact = ExactIndex::create(std::move(descriptors->values), std::move(descriptors->faceIds),
                                    descriptors->revision);
    if (!exact) return exact.error();
    auto shared = std::make_shared<const ExactIndex>(std::move(exact).value());
    auto index = GalleryIndex(shared, m_options);
    load.loadSeconds = secondsOf(timer);
    if (index.wantsHnsw()) {
        if (auto attached = attachHnsw(index, galleryId, modelKey, progress, load); !attached)
            return attached.error();
    }
    load.index = std::make_shared<const GalleryIndex>(std::move(index));
    m_indexes[key] = Cached{load.index, highestFaceIdOf(*shared)};
    if (snapshots) saveSnapshot(connection, galleryId, modelKey, m_indexes[key], load);
    return load;
}

Result<bool> GalleryIndexCache::loadSnapshot(const DatabaseConnection& connection,
                                             qint64 galleryId, const QString& modelKey,
                                             qint64 revision, const HnswIndex::Progress& progress,
                                             Cached& cached, GalleryIndexLoad& load) {
    QElapsedTimer timer;
    timer.start();
    auto workspaceId = workspaceIdOf(connection);
    if (!workspaceId) return workspaceId.error();
    auto contents = DescriptorSnapshot::read(snapshotPath(galleryId, modelKey),
                                             {*workspaceId, galleryId, modelKey});
    if (!contents) {
        if (contents.error().kind != Error::Kind::NotFound) load.snapshotNote = contents.errorMessage();
        return false;
    }
    const qint64 highestFaceId = contents->highestFaceId;
    auto exact = ExactIndex::create(std::move(contents->values), std::move(contents->faceIds),
                                    contents->revision);
    if (!exact) {
        load.snapshotNote = QStringLiteral("%1: %2").arg(snapshotPath(galleryId, modelKey),
                                                         exact.errorMessage());
        return false;
    }
    auto shared = std::make_shared<const ExactIndex>(std::move(exact).value());
    cached = Cached{std::make_shared<const GalleryIndex>(shared, m_options), highestFaceId};
    if (cached.index->isStaleFor(revision)) {
        // Exactly what an index kept in memory since the snapshot was written would do.
        auto updated = update(connection, galleryId, modelKey, progress, cached, load);
        if (!updated) return updated.error();
        if (!*updated) {
            load.snapshotNote = QStringLiteral("this workstation's copy was not used: %1")
                                    .arg(load.reloadReason);
            load.reloadReason.clear();
            return false;
        }
    } else {
        GalleryIndex index(shared, m_options);
        if (index.wantsHnsw()) {
            if (auto attached = attachHnsw(index, galleryId, modelKey, progress, load); !attached)
                return attached.error();
        }
        cached.index = std::make_shared<const GalleryIndex>(std::move(index));
        load.index = cached.index;
    }
    load.fromSnapshot = true;
    load.loadSeconds = secondsOf(timer) - load.hnswSeconds;
    // A copy far behind its gallery is written again, so that later opens apply few changes.
    const std::size_t applied = load.facesAdded + load.facesRemoved;
    if (double(applied) > 0.02 * double(cached.index->size()))
        saveSnapshot(connection, galleryId, modelKey, cached, load);
    return true;
}

void GalleryIndexCache::saveSnapshot(const DatabaseConnection& connection, qint64 galleryId,
                                     const QString& modelKey, const Cached& cached,
                                     GalleryIndexLoad& load) const {
    const auto saved = [&]() -> Result<void> {
        auto workspaceId = workspaceIdOf(connection);
        if (!workspaceId) return workspaceId.error();
        if (!QDir().mkpath(m_indexFolder)) {
            return Error::invalidInput(
                QStringLiteral("%1: cannot create the index folder").arg(m_indexFolder));
        }
        return DescriptorSnapshot::write(snapshotPath(galleryId, modelKey),
                                         {*workspaceId, galleryId, modelKey},
                                         *cached.index->exactIndex(), cached.highestFaceId);
    }();
    if (!saved) {
        load.snapshotNote =
            QStringLiteral("not kept on this workstation: %1").arg(saved.errorMessage());
    }
}

Result<bool> GalleryIndexCache::update(const DatabaseConnection& connection, qint64 galleryId,
                                       const QString& modelKey,
                                       const HnswIndex::Progress& progress, Cached& cached,
                                       GalleryIndexLoad& load) {
    const GalleryIndex& before = *cached.index;
    QElapsedTimer timer;
    timer.start();
    const auto maxChanges = std::size_t(m_options.maxChangedShare * double(before.size()));
    auto changes = DescriptorReader(connection).loadChanges(galleryId, modelKey, before.revision(),
                                                            cached.highestFaceId, maxChanges);
    if (!changes) return changes.error();
    if (!changes->usable()) {
        load.reloadReason = changes->unusable;
        return false;
    }
    const std::size_t added = changes->added.count();
    auto exact = ExactIndex::withChanges(*before.exactIndex(), changes->removedFaceIds,
                                         std::move(changes->added.values),
                                         std::move(changes->added.faceIds), changes->revision);
    if (!exact) {
        load.reloadReason = exact.errorMessage();
        return false;
    }
    // The database's own count is the check that nothing was missed (a log row deleted by
    // hand, a face inserted out of id order): then the gallery is read in full.
    if (exact->size() != changes->faceCount) {
        load.reloadReason = QStringLiteral("the changes since revision %1 give %2 faces, the "
                                           "gallery holds %3")
                                .arg(before.revision())
                                .arg(exact->size())
                                .arg(changes->faceCount);
        return false;
    }
    auto shared = std::make_shared<const ExactIndex>(std::move(exact).value());
    auto index = GalleryIndex(shared, m_options);
    load.loadSeconds = secondsOf(timer);

    if (const auto& graphs = before.hnswIndex()) {
        QElapsedTimer hnswTimer;
        hnswTimer.start();
        auto rebased = graphs->rebased(shared);
        if (!rebased) {
            load.reloadReason = rebased.errorMessage();
            return false;
        }
        const std::size_t drift = rebased->facesChangedSinceBuilt();
        if (double(drift) > m_options.maxChangedShare * double(shared->size())) {
            load.reloadReason = QStringLiteral("%1 faces changed since the HNSW graph was built "
                                               "at revision %2")
                                    .arg(drift)
                                    .arg(rebased->builtForRevision());
            return false;
        }
        auto withGraph = index.withHnsw(std::make_shared<const HnswIndex>(std::move(rebased).value()));
        if (!withGraph) return withGraph.error();
        index = std::move(withGraph).value();
        load.hnswSeconds = secondsOf(hnswTimer);
    } else if (index.wantsHnsw()) {
        // Grown past the threshold by this update: the graph is built as on a first load.
        if (auto attached = attachHnsw(index, galleryId, modelKey, progress, load); !attached)
            return attached.error();
    }

    load.incremental = true;
    load.facesAdded = added;
    load.facesRemoved = before.size() + added - shared->size();
    load.index = std::make_shared<const GalleryIndex>(std::move(index));
    cached.index = load.index;
    cached.highestFaceId = std::max(cached.highestFaceId, highestFaceIdOf(*shared));
    return true;
}

Result<void> GalleryIndexCache::attachHnsw(GalleryIndex& index, qint64 galleryId,
                                           const QString& modelKey,
                                           const HnswIndex::Progress& progress,
                                           GalleryIndexLoad& load) const {
    if (!QDir().mkpath(m_indexFolder)) {
        load.hnswNote = QStringLiteral("%1: cannot create the index folder; the graph is "
                                       "built in memory only")
                            .arg(m_indexFolder);
    }
    auto prepared =
        index.prepareHnsw(hnswPath(galleryId, modelKey), m_options.exactThreads, progress);
    if (!prepared) return prepared.error();
    auto withGraph = index.withHnsw(prepared->index);
    if (!withGraph) return withGraph.error();
    index = std::move(withGraph).value();
    load.hnswSeconds = prepared->seconds;
    load.hnswBuilt = !prepared->loaded;
    if (!prepared->saveError.isEmpty())
        load.hnswNote = prepared->saveError;
    else if (!prepared->loaded)
        load.hnswNote = prepared->rebuildReason;
    return {};
}

void GalleryIndexCache::clear() {
    std::lock_guard lock(m_mutex);
    m_indexes.clear();
}

void GalleryIndexCache::forget(qint64 galleryId, const QString& modelKey) {
    std::lock_guard lock(m_mutex);
    m_indexes.erase(std::make_pair(galleryId, modelKey));
    QFile::remove(snapshotPath(galleryId, modelKey));
}

}  // namespace facecase
