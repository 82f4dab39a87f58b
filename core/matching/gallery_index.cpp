#include "matching/gallery_index.h"

#include <QElapsedTimer>

namespace facecase {

GalleryIndex::GalleryIndex(std::shared_ptr<const ExactIndex> exact, GalleryIndexOptions options)
    : m_exact(exact ? std::move(exact) : std::make_shared<const ExactIndex>()),
      m_options(std::move(options)) {}

Result<GalleryIndex> GalleryIndex::withHnsw(std::shared_ptr<const HnswIndex> hnsw) const {
    if (!hnsw) return Error::invalidInput(QStringLiteral("no HNSW index to attach"));
    // The graph's nodes point into one ExactIndex's matrix: only that very object will do.
    if (hnsw->exactIndex() != m_exact)
        return Error::invalidInput(
            QStringLiteral(
                "the HNSW index was built for another gallery state (revision %1, %2 faces) "
                "than this one (revision %3, %4 faces)")
                .arg(hnsw->revision())
                .arg(hnsw->size())
                .arg(revision())
                .arg(size()));
    GalleryIndex copy = *this;
    copy.m_hnsw = std::move(hnsw);
    return copy;
}

Result<GallerySearchResult> GalleryIndex::search(const Descriptor& probe, int k,
                                                 SearchMode mode) const {
    GallerySearchResult result;
    result.galleryFaces = size();
    result.revision = revision();
    const bool hnsw = mode == SearchMode::Automatic && usesHnsw();
    auto hits = hnsw ? m_hnsw->search(probe, k) : m_exact->search(probe, k, m_options.exactThreads);
    if (!hits) return hits.error();
    result.hits = std::move(hits).value();
    result.method = hnsw ? SearchMethod::Hnsw : SearchMethod::Exact;
    return result;
}

Result<HnswPreparation> GalleryIndex::prepareHnsw(const QString& path, int threads,
                                                  const HnswIndex::Progress& progress) const {
    QElapsedTimer timer;
    timer.start();
    HnswPreparation preparation;
    auto loaded = HnswIndex::load(path, m_exact, m_options.hnsw.efSearch);
    if (loaded) {
        preparation.index = std::make_shared<const HnswIndex>(std::move(loaded).value());
        preparation.loaded = true;
        preparation.seconds = double(timer.nsecsElapsed()) / 1e9;
        return preparation;
    }
    preparation.rebuildReason = loaded.errorMessage();
    auto built = HnswIndex::build(m_exact, m_options.hnsw, threads, progress);
    if (!built) return built.error();
    if (auto saved = built->save(path); !saved) preparation.saveError = saved.errorMessage();
    preparation.index = std::make_shared<const HnswIndex>(std::move(built).value());
    preparation.seconds = double(timer.nsecsElapsed()) / 1e9;
    return preparation;
}

QString GalleryIndex::methodName(SearchMethod method) {
    return method == SearchMethod::Hnsw ? QStringLiteral("hnsw") : QStringLiteral("exact");
}

}  // namespace facecase
