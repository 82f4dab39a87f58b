#include "services/bench/pipeline_benchmark.h"

#include <QElapsedTimer>

namespace facecase {

namespace {
Result<PipelineBenchmarkRun> timedRun(const std::shared_ptr<PipelinePool>& pool,
                                      const QStringList& work, int threads,
                                      const PipelineOptions& options, int& failures,
                                      QStringList& problems) {
    BatchAnalyzer analyzer(pool, options, threads);
    PipelineBenchmarkRun run;
    run.threads = threads;
    run.photos = int(work.size());
    QElapsedTimer timer;
    timer.start();
    auto ran = analyzer.run(
        work,
        [&](int, Result<PhotoAnalysis>&& analysis) {
            if (!analysis) {
                ++failures;
                if (!problems.contains(analysis.errorMessage())) problems << analysis.errorMessage();
            }
        },
        nullptr, &run.timings);
    if (!ran) return ran.error();
    run.wallSeconds = double(timer.nsecsElapsed()) / 1e9;
    run.photosPerSecond = run.wallSeconds > 0 ? run.photos / run.wallSeconds : 0;
    return run;
}
}  // namespace

Result<PipelineBenchmarkResult> PipelineBenchmark::run(std::shared_ptr<const FaceModels> models,
                                                       const QStringList& photos, int repeat,
                                                       int threads, const PipelineOptions& options) {
    if (photos.isEmpty()) return Error::invalidInput(QStringLiteral("no photos to benchmark"));
    QStringList work;
    for (int r = 0; r < std::max(1, repeat); ++r) work << photos;

    PipelineBenchmarkResult result;
    // Warm-up on every worker: building pipelines and first-touch costs (page faults in the
    // models, OpenCV's lazy init) are paid once per process, not per photo.
    const auto pool = std::make_shared<PipelinePool>(std::move(models));
    const int workers = std::max(1, threads);
    int ignoredFailures = 0;
    QStringList ignoredProblems;
    if (auto warm = timedRun(pool, photos.mid(0, workers), workers, options, ignoredFailures, ignoredProblems); !warm)
        return warm.error();

    auto single = timedRun(pool, work, 1, options, result.failures, result.problems);
    if (!single) return single.error();
    int parallelFailures = 0;
    auto parallel = timedRun(pool, work, workers, options, parallelFailures, result.problems);
    if (!parallel) return parallel.error();
    result.single = *single;
    result.parallel = *parallel;
    result.speedup = single->photosPerSecond > 0 ? parallel->photosPerSecond / single->photosPerSecond : 0;
    result.descriptorMsPerChip = single->timings.faces > 0 ? single->timings.descriptorMs / single->timings.faces : 0;
    return result;
}

}  // namespace facecase
