#pragma once

#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "types/result.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>

namespace facecase {

struct SyntheticGalleryOptions {
    QString gallery;          // created as a synthetic gallery when missing
    qint64 count = 0;         // faces the gallery holds when the run is done
    std::uint64_t seed = 1;   // SyntheticDescriptors population; fixed per gallery
    QString modelId;          // DescriptorModelKey the searches load the gallery with
    int batchSize = 10'000;   // faces per transaction: the work a Ctrl-C may wait for
};

struct SyntheticGalleryProgress {
    qint64 done = 0;   // faces in the gallery
    qint64 total = 0;  // options.count
    qint64 added = 0;  // by this run
    double elapsedSeconds = 0;
    double facesPerSecond = 0;  // added / elapsed
    bool finished = false;
};

struct SyntheticGallerySummary {
    Gallery gallery;  // as it is after the run, with counts
    bool created = false;
    qint64 facesBefore = 0;
    qint64 added = 0;
    bool cancelled = false;  // stopped after a batch; the same run again continues
    double seconds = 0;      // generation + writing, without opening the workspace
    std::uint64_t seed = 1;
    QString modelId;
};

// `facecase-cli gallery synth`: fills a synthetic gallery with `count` faces spread like real
// descriptors (SyntheticDescriptors) for benchmarking search on a real workspace, stored through
// SyntheticFaceWriter so they can never be taken for people (see there for what a row holds).
//
// Refuses a real gallery of that name, another seed than the gallery was made with, and a
// gallery whose faces use another descriptor model. Resumable and idempotent: face n depends
// only on (seed, n), so a run stopped by `cancel` (checked after every batch) or by a crash
// continues where the last committed batch ended, and a run asking for no more faces than the
// gallery holds adds nothing. Holds the gallery's lock (GalleryLock) while writing.
//
// Blocks the calling thread; `onProgress` is called on it after every batch and at the end.
class SyntheticGallery {
public:
    using ProgressHandler = std::function<void(const SyntheticGalleryProgress&)>;

    static Result<SyntheticGallerySummary> run(const Workspace& workspace,
                                               const SyntheticGalleryOptions& options,
                                               const std::atomic_bool* cancel = nullptr,
                                               const ProgressHandler& onProgress = {});

    static constexpr qint64 kMaxCount = 100'000'000;  // ~200 GB of database: surely a typo
    static constexpr int kCacheKiB = 256 * 1024;       // SQLite page cache while writing
};

}  // namespace facecase
