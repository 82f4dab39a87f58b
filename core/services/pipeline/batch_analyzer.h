#pragma once

#include "services/pipeline/face_pipeline.h"
#include "services/pipeline/pipeline_pool.h"

#include <QStringList>

#include <atomic>
#include <functional>

namespace facecase {

// Runs the face pipeline over many photos on N worker threads, each with its own FacePipeline
// (dlib detectors and networks must not be shared between threads). Results are handed to
// `onResult` one at a time (calls are serialised, in completion order, from worker threads), so
// the caller can consume and drop each photo: memory stays flat for any number of photos.
// One unreadable photo never stops the batch: it arrives as an error Result naming the file.
class BatchAnalyzer {
public:
    using ResultHandler = std::function<void(int index, Result<PhotoAnalysis>&& analysis)>;

    BatchAnalyzer(std::shared_ptr<const FaceModels> models, PipelineOptions options, int threads);
    // Leases its workers' pipelines from `pool`, so repeated batches (benchmarks, GUI jobs) don't
    // rebuild networks each time.
    BatchAnalyzer(std::shared_ptr<PipelinePool> pool, PipelineOptions options, int threads);

    // Returns an error only when the batch itself cannot run (no pipeline could be created) or
    // was cancelled through `cancel`; per-photo problems go to `onResult`.
    Result<void> run(const QStringList& paths, const ResultHandler& onResult,
                     const std::atomic_bool* cancel = nullptr, StageTimings* timings = nullptr);

    int threads() const { return m_threads; }
    static int defaultThreadCount();  // QThread::idealThreadCount(), at least 1

private:
    std::shared_ptr<PipelinePool> m_pool;
    PipelineOptions m_options;
    int m_threads;
};

}  // namespace facecase
