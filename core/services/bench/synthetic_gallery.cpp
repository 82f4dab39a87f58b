#include "services/bench/synthetic_gallery.h"

#include "matching/synthetic_descriptors.h"
#include "services/enrollment/gallery_lock.h"
#include "store/gallery_statistics.h"
#include "store/synthetic_face_writer.h"
#include "types/descriptor.h"

#include <QElapsedTimer>

#include <algorithm>
#include <future>
#include <vector>

namespace facecase {

namespace {
Result<Gallery> findOrCreate(const DatabaseConnection& connection,
                             const SyntheticGalleryOptions& options, bool& created) {
    GalleryRepository galleries(connection);
    auto gallery = galleries.findByName(options.gallery);
    if (!gallery && gallery.error().kind == Error::Kind::NotFound) {
        gallery = galleries.create(
            options.gallery,
            QStringLiteral("synthetic benchmark fixture (gallery synth, seed %1): generated "
                           "descriptors, not people")
                .arg(options.seed),
            Gallery::Kind::Synthetic);
        created = gallery.ok();
    }
    if (!gallery) return gallery.error();
    if (!gallery->isSynthetic()) {
        return Error::invalidInput(
            QStringLiteral("gallery \"%1\" holds real photos (%2 faces); synthetic faces are never "
                           "mixed with people: choose another gallery name")
                .arg(gallery->name)
                .arg(gallery->faceCount));
    }
    return gallery;
}

}  // namespace

Result<SyntheticGallerySummary> SyntheticGallery::run(const Workspace& workspace,
                                                      const SyntheticGalleryOptions& options,
                                                      const std::atomic_bool* cancel,
                                                      const ProgressHandler& onProgress) {
    if (options.count < 1 || options.count > kMaxCount) {
        return Error::invalidInput(
            QStringLiteral("a synthetic gallery holds 1 to %1 faces (asked for %2)")
                .arg(kMaxCount)
                .arg(options.count));
    }
    if (options.batchSize < 1) {
        return Error::invalidInput(QStringLiteral("batch size must be at least 1"));
    }
    if (options.modelId.trimmed().isEmpty()) {
        return Error::invalidInput(QStringLiteral("synthetic faces need a descriptor model key"));
    }
    QElapsedTimer wall;
    wall.start();

    auto connection = workspace.openConnection();
    if (!connection) return connection.error();
    SyntheticGallerySummary summary;
    summary.seed = options.seed;
    summary.modelId = options.modelId;
    auto gallery = findOrCreate(*connection, options, summary.created);
    if (!gallery) return gallery.error();
    auto lock = GalleryLock::acquire(workspace, gallery->id, gallery->name);
    if (!lock) return lock.error();

    SyntheticFaceWriter writer(*connection, options.modelId);
    auto contents = writer.contents(gallery->id);
    if (!contents) return contents.error();
    if (contents->seed && *contents->seed != options.seed) {
        return Error::invalidInput(
            QStringLiteral("synthetic gallery \"%1\" was made with seed %2; add to it with "
                           "--seed %2, or use another gallery name for seed %3")
                .arg(gallery->name)
                .arg(*contents->seed)
                .arg(options.seed));
    }
    if (auto r = GalleryStatistics::requireModel(
            *connection, *gallery, options.modelId,
            QStringLiteral("Use another gallery name, or remove this one")); !r) return r.error();
    summary.facesBefore = contents->faces;

    const SyntheticDescriptors generator(options.seed);
    SyntheticGalleryProgress progress;
    progress.total = options.count;
    progress.done = contents->faces;
    QElapsedTimer writing;
    writing.start();
    const auto report = [&](bool finished) {
        progress.finished = finished;
        progress.elapsedSeconds = double(writing.nsecsElapsed()) / 1e9;
        progress.facesPerSecond =
            progress.elapsedSeconds > 0 ? double(progress.added) / progress.elapsedSeconds : 0;
        if (onProgress) onProgress(progress);
    };

    // The random SHA-256 keys of the images indexes make every insert touch a random page; with
    // SQLite's default 2 MB cache most of those are read back from the OS on every batch.
    // This connection is ours alone, so its cache can be generous.
    // (PostgreSQL's cache is the server's shared_buffers: nothing to set per session.)
    if (connection->dialect().backend() == SqlBackend::Sqlite) {
        if (auto r = connection->exec(QStringLiteral("PRAGMA cache_size = -%1").arg(kCacheKiB),
                                      QStringLiteral("enlarge the page cache"));
            !r) {
            return r.error();
        }
    }

    // Number n is generator row n - 1: the same population `bench search` times. The next
    // batch is generated on another core while this one is written (generation is ~20% of the
    // work).
    const auto generate = [&generator, &options](qint64 first) {
        const qint64 n = std::min<qint64>(options.batchSize, options.count - (first - 1));
        std::vector<float> rows(std::size_t(std::max<qint64>(n, 0)) * Descriptor::kSize);
        if (n > 0) generator.fill(std::uint64_t(first - 1), std::size_t(n), rows.data());
        return rows;
    };
    std::future<std::vector<float>> next;
    if (progress.done < options.count) {
        next = std::async(std::launch::async, generate, progress.done + 1);
    }
    while (progress.done < options.count) {
        if (cancel && cancel->load()) {
            summary.cancelled = true;
            break;
        }
        const qint64 first = progress.done + 1;  // 1-based number of the next face
        const std::vector<float> batch = next.get();
        const auto n = qint64(batch.size() / Descriptor::kSize);
        if (first + n <= options.count) next = std::async(std::launch::async, generate, first + n);
        if (auto r = writer.insertBatch(gallery->id, options.seed, first, n, batch.data()); !r) {
            return r.error();
        }
        progress.done += n;
        progress.added += n;
        summary.added += n;
        report(false);
    }
    report(true);

    auto after = GalleryRepository(*connection).findById(gallery->id);
    if (!after) return after.error();
    summary.gallery = std::move(after).value();
    summary.seconds = double(wall.nsecsElapsed()) / 1e9;
    return summary;
}

}  // namespace facecase
