#pragma once

#include <QString>
#include <atomic>
#include <functional>
#include <memory>

#include "services/evaluation/calibration_report.h"
#include "services/pipeline/face_pipeline.h"
#include "services/evaluation/labeled_descriptors.h"

namespace facecase {

struct CalibrationBuildOptions {
    QString labeledRoot;       // one sub-folder per identity (LabeledFolderSet)
    PipelineOptions pipeline;  // its descriptorMode decides the model key the table is for
    int threads = 1;
    QString dataset;  // what the photos are, for the file; empty: the labeled folder as given
    QString command;  // what produced the table (recorded in its provenance); may be empty
};

// Builds THE score calibration of a descriptor model from a labeled photo set: one descriptor
// per photo (LabeledDescriptorExtractor), then the distance of every different-person pair
// (impostor: sets the false-match rate) and every same-person pair (genuine: the match rate at
// each threshold), then ScoreCalibration::fromImpostorDistances. Every pair, not a sample, so
// that the rare-event end of the table (FMR 1e-5, 1e-6) rests on real counts.
// Cost, 3,708 LFW photos on 2 threads: the photo analysis is everything -- 216 CPU-seconds
// flip-averaged, 170 plain (~110 s and ~85 s of wall time on two free cores); the 6.8 million
// pairs take 0.1 s and sorting them into the table 0.5 s. Peak memory ~310 MB, models included.
// Thread-safe: no shared state. `progress` is called on worker threads while photos are
// analysed (serialised), then on the calling thread.
class CalibrationBuilder {
public:
    enum class Stage { AnalysingPhotos, MeasuringPairs };
    using Progress = std::function<void(Stage stage, qint64 done, qint64 total)>;

    // NotFound / InvalidInput from the labeled folder (missing, no identities); InvalidInput when
    // fewer than two identities yield a descriptor; Cancelled when `cancel` becomes true.
    static Result<CalibrationReport> run(std::shared_ptr<const FaceModels> models,
                                         const CalibrationBuildOptions& options,
                                         const Progress& progress = {},
                                         const std::atomic_bool* cancel = nullptr);

    // The pairing half of run(), for descriptors already extracted with `options.pipeline`
    // under the descriptor model key `modelKey` (DescriptorModelKey::of).
    static Result<CalibrationReport> fromDescriptors(const LabeledDescriptors& descriptors,
                                                     const QString& modelKey,
                                                     const CalibrationBuildOptions& options,
                                                     const Progress& progress = {},
                                                     const std::atomic_bool* cancel = nullptr);
};

}  // namespace facecase
