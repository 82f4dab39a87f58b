#include "services/search/gallery_index_cache.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLocale>
#include <QRegularExpression>

#include "store/descriptor_reader.h"

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
    if (incremental) {
        const QLocale english(QLocale::English);
        return QStringLiteral("updated (+%1 -%2 faces)")
            .arg(english.toString(qulonglong(facesAdded)), english.toString(qulonglong(facesRemoved)));
    }
    if (!reloadReason.isEmpty()) return QStringLiteral("reloaded (%1)").arg(reloadReason);
    return QStringLiteral("loaded");
}

GalleryIndexCache::GalleryIndexCache(QString indexFolder, GalleryIndexOptions options)
    : m_indexFolder(std::move(indexFolder)), m_options(std::move(options)) {}

QString GalleryIndexCache::hnswPath(qint64 galleryId, const QString& modelKey) const {
    // Model keys contain '/', which cannot be part of a file name.
    QString safeModel = modelKey;
    safeModel.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return QDir(m_indexFolder)
        .filePath(QStringLiteral("gallery-%1-%2.hnsw").arg(galleryId).arg(safeModel));
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
    return load;
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

}  // namespace facecase
