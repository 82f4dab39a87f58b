#include "services/search/gallery_index_cache.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>

#include "store/descriptor_reader.h"

namespace facecase {

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
    if (auto cached = m_indexes.find(key);
        cached != m_indexes.end() && !cached->second->isStaleFor(*revision)) {
        GalleryIndexLoad load;
        load.index = cached->second;
        load.fromCache = true;
        return load;
    }
    m_indexes.erase(key);  // a stale index's memory goes back before the new one is read

    QElapsedTimer timer;
    timer.start();
    auto descriptors = reader.loadGallery(galleryId, modelKey);
    if (!descriptors) return descriptors.error();
    auto exact = ExactIndex::create(std::move(descriptors->values), std::move(descriptors->faceIds),
                                    descriptors->revision);
    if (!exact) return exact.error();
    GalleryIndexLoad load;
    auto index = GalleryIndex(std::make_shared<const ExactIndex>(std::move(exact).value()), m_options);
    load.loadSeconds = double(timer.nsecsElapsed()) / 1e9;

    if (index.wantsHnsw()) {
        if (!QDir().mkpath(m_indexFolder)) {
            load.hnswNote = QStringLiteral("%1: cannot create the index folder; the graph is "
                                           "built in memory only").arg(m_indexFolder);
        }
        auto prepared = index.prepareHnsw(hnswPath(galleryId, modelKey), m_options.exactThreads,
                                          progress);
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
    }
    load.index = std::make_shared<const GalleryIndex>(std::move(index));
    m_indexes[key] = load.index;
    return load;
}

void GalleryIndexCache::clear() {
    std::lock_guard lock(m_mutex);
    m_indexes.clear();
}

}  // namespace facecase
