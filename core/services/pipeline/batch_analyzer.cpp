#include "services/pipeline/batch_analyzer.h"

#include <QThread>

#include <mutex>
#include <thread>
#include <vector>

namespace facecase {

BatchAnalyzer::BatchAnalyzer(std::shared_ptr<const FaceModels> models, PipelineOptions options,
                             int threads)
    : BatchAnalyzer(std::make_shared<PipelinePool>(std::move(models)), std::move(options), threads) {}

BatchAnalyzer::BatchAnalyzer(std::shared_ptr<PipelinePool> pool, PipelineOptions options, int threads)
    : m_pool(std::move(pool)), m_options(std::move(options)), m_threads(std::max(1, threads)) {}

int BatchAnalyzer::defaultThreadCount() { return std::max(1, QThread::idealThreadCount()); }

Result<void> BatchAnalyzer::run(const QStringList& paths, const ResultHandler& onResult,
                                const std::atomic_bool* cancel, StageTimings* timings) {
    const int workers = int(std::min<qsizetype>(m_threads, std::max<qsizetype>(1, paths.size())));
    // Lease every pipeline up front, on this thread: a model problem is reported once, before
    // any photo is touched.
    std::vector<PipelinePool::Lease> pipelines;
    for (int i = 0; i < workers; ++i) {
        auto lease = m_pool->acquire();
        if (!lease) return lease.error();
        pipelines.push_back(std::move(lease.value()));
    }

    // Parallelism comes from the workers; OpenCV's own pool inside each forward pass would only
    // oversubscribe the cores (and make the one-thread benchmark not one thread).
    DescriptorNetwork::setLibraryThreads(1);

    // Photos in flight stop between stages too, not only the queue.
    PipelineOptions options = m_options;
    if (cancel) options.isCancelled = [cancel] { return cancel->load(); };

    std::atomic_int next{0};
    std::mutex handlerMutex;
    std::vector<StageTimings> perWorker(static_cast<std::size_t>(workers));
    const auto work = [&](int worker) {
        FacePipeline& pipeline = *pipelines[std::size_t(worker)];
        for (int i = next++; i < paths.size(); i = next++) {
            if (cancel && cancel->load()) return;
            auto analysis = pipeline.analyzeFile(paths[i], options, &perWorker[std::size_t(worker)]);
            if (!analysis && analysis.error().kind == Error::Kind::Cancelled) return;
            const std::lock_guard lock(handlerMutex);
            onResult(i, std::move(analysis));
        }
    };
    if (workers == 1) {
        work(0);
    } else {
        std::vector<std::thread> threads;
        for (int w = 0; w < workers; ++w) threads.emplace_back(work, w);
        for (std::thread& t : threads) t.join();
    }
    if (timings)
        for (const StageTimings& t : perWorker) *timings += t;
    if (cancel && cancel->load()) return Error::cancelled(QStringLiteral("cancelled"));
    return {};
}

}  // namespace facecase
