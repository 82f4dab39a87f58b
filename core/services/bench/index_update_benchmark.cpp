#include "services/bench/index_update_benchmark.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <algorithm>

#include "matching/synthetic_descriptors.h"
#include "services/search/gallery_index_cache.h"
#include "store/gallery_repository.h"
#include "store/gallery_statistics.h"
#include "store/synthetic_face_writer.h"

namespace facecase {

namespace {
double secondsOf(const QElapsedTimer& timer) {
    return double(timer.nsecsElapsed()) / 1e9;
}
}  // namespace

Result<IndexUpdateBenchmarkResult> IndexUpdateBenchmark::run(
    const Workspace& workspace, const IndexUpdateBenchmarkOptions& options) {
    if (options.add < 1 || options.probes < 1)
        return Error::invalidInput(QStringLiteral("add at least one face and compare at least one probe"));
    auto db = workspace.openConnection();
    if (!db) return db.error();
    auto gallery = GalleryRepository(*db).findByName(options.gallery);
    if (!gallery) return gallery.error();
    if (!gallery->isSynthetic()) {
        return Error::invalidInput(
            QStringLiteral("bench index-update adds faces to the gallery it measures: give a "
                           "synthetic one (gallery synth), not \"%1\"")
                .arg(gallery->name));
    }
    auto models = GalleryStatistics::descriptorModelsOf(*db, gallery->id);
    if (!models) return models.error();
    if (models->size() != 1) {
        return Error::invalidInput(QStringLiteral("synthetic gallery \"%1\" has %2 descriptor models; "
                                                  "fill it with gallery synth first")
                                       .arg(gallery->name)
                                       .arg(models->size()));
    }
    IndexUpdateBenchmarkResult result;
    result.gallery = gallery->name;
    result.modelId = models->front().first;
    result.backend = db->dialect().name();

    QTemporaryDir indexes;  // HNSW graphs (galleries past the threshold) are not kept
    if (!indexes.isValid())
        return Error::internal(QStringLiteral("cannot create a temporary folder for the indexes"));
    GalleryIndexCache warm(indexes.filePath(QStringLiteral("warm")));
    QElapsedTimer timer;
    timer.start();
    auto first = warm.get(*db, gallery->id, result.modelId);
    if (!first) return first.error();
    result.firstLoadSeconds = secondsOf(timer);
    result.facesBefore = first->index->size();

    {   // Another workstation enrolls: its own connection, one transaction.
        auto writing = workspace.openConnection();
        if (!writing) return writing.error();
        SyntheticFaceWriter writer(*writing, result.modelId);
        auto contents = writer.contents(gallery->id);
        if (!contents) return contents.error();
        const std::uint64_t seed = contents->seed.value_or(1);
        std::vector<float> rows(std::size_t(options.add) * Descriptor::kSize);
        SyntheticDescriptors(seed).fill(std::uint64_t(contents->faces), std::size_t(options.add),
                                        rows.data());
        timer.start();
        if (auto r = writer.insertBatch(gallery->id, seed, contents->faces + 1, options.add, rows.data());
            !r) {
            return r.error();
        }
        result.addSeconds = secondsOf(timer);
    }

    timer.start();
    auto updated = warm.get(*db, gallery->id, result.modelId);
    if (!updated) return updated.error();
    result.updateSeconds = secondsOf(timer);
    result.incremental = updated->incremental;
    result.reloadReason = updated->reloadReason;
    result.facesAfter = updated->index->size();

    GalleryIndexCache cold(indexes.filePath(QStringLiteral("cold")));
    timer.start();
    auto fresh = cold.get(*db, gallery->id, result.modelId);
    if (!fresh) return fresh.error();
    result.fullReloadSeconds = secondsOf(timer);

    const SyntheticDescriptors strangers(0x5eed);
    bool identical = std::ranges::equal(updated->index->exactIndex()->faceIds(),
                                        fresh->index->exactIndex()->faceIds());
    for (int p = 0; p < options.probes; ++p) {
        const Descriptor probe = strangers.descriptor(std::uint64_t(p));
        auto a = updated->index->search(probe, 20, SearchMode::ExactOnly);
        auto b = fresh->index->search(probe, 20, SearchMode::ExactOnly);
        if (!a) return a.error();
        if (!b) return b.error();
        identical = identical && a->hits == b->hits && a->revision == b->revision;
        ++result.probesCompared;
    }
    result.identicalAnswers = identical;
    return result;
}

}  // namespace facecase
