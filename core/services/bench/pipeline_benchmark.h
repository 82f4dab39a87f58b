#pragma once

#include "services/pipeline/batch_analyzer.h"

#include <QStringList>

namespace facecase {

struct PipelineBenchmarkRun {
    int threads = 0;
    int photos = 0;
    double wallSeconds = 0;
    double photosPerSecond = 0;
    StageTimings timings;  // summed over all workers
};

struct PipelineBenchmarkResult {
    PipelineBenchmarkRun single;    // one thread
    PipelineBenchmarkRun parallel;  // N threads
    double speedup = 0;             // parallel photos/s over single photos/s
    double descriptorMsPerChip = 0; // from the single-thread run
    int failures = 0;
    QStringList problems;
};

// `facecase-cli bench pipeline`: the full chain (decode, detect, landmarks, align, quality,
// descriptor) over the given photos, `repeat` times, on 1 thread then on N threads. Wall time
// only (no timed assertions); prints for the closing notes and for regressions.
class PipelineBenchmark {
public:
    static Result<PipelineBenchmarkResult> run(std::shared_ptr<const FaceModels> models,
                                               const QStringList& photos, int repeat, int threads,
                                               const PipelineOptions& options);
};

}  // namespace facecase
