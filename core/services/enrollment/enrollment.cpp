#include "services/enrollment/enrollment.h"

#include "embedding/descriptor_network.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/enrollment/enrollment_counters.h"
#include "services/enrollment/enrollment_in_flight.h"
#include "services/enrollment/enrollment_reader.h"
#include "services/enrollment/enrollment_watch.h"
#include "services/enrollment/enrollment_worker.h"
#include "services/enrollment/enrollment_writer.h"
#include "services/enrollment/gallery_admin.h"
#include "services/enrollment/gallery_catalog.h"
#include "services/enrollment/gallery_lock.h"
#include "store/enrollment_job_repository.h"
#include "store/gallery_statistics.h"

#include <QElapsedTimer>
#include <QThread>

#include <exception>
#include <stop_token>
#include <thread>

namespace facecase {

namespace {
// No exception may escape a std::thread (it would terminate the process mid-batch).
template <class F>
Result<void> guarded(const char* stage, F&& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        return Error::internal(QStringLiteral("enrollment %1 failed: %2")
                                   .arg(QLatin1String(stage), QString::fromLocal8Bit(e.what())));
    } catch (...) {
        return Error::internal(
            QStringLiteral("enrollment %1 failed with an unknown exception").arg(QLatin1String(stage)));
    }
}

}  // namespace

Enrollment::Enrollment(std::shared_ptr<PipelinePool> pool, Workspace workspace,
                       EnrollmentOptions options)
    : m_pool(std::move(pool)), m_workspace(std::move(workspace)), m_options(std::move(options)) {}

Result<EnrollmentSummary> Enrollment::run(EnrollmentSource& source, std::stop_token cancel,
                                          const ProgressHandler& onProgress) {
    return execute(source, cancel, nullptr, onProgress);
}

Result<EnrollmentSummary> Enrollment::run(EnrollmentSource& source, const std::atomic_bool* cancel,
                                          const ProgressHandler& onProgress) {
    return execute(source, {}, cancel, onProgress);
}

Result<EnrollmentSummary> Enrollment::execute(EnrollmentSource& source, const std::stop_token& token,
                                              const std::atomic_bool* flag,
                                              const ProgressHandler& onProgress) {
    QElapsedTimer wall;
    wall.start();
    EnrollmentSummary summary;
    // A stop request wakes the watching loop below at once; it also sets `stopRequested`, the
    // flag the source reads between files while counting them. The callback runs on the
    // cancelling thread and only sets, locks briefly and notifies.
    EnrollmentWatch watch;
    std::atomic_bool stopRequested{false};
    const std::stop_callback onStop(token, [&] {
        stopRequested = true;
        watch.notify();
    });
    const std::atomic_bool* const cancel = flag ? flag : &stopRequested;
    const auto cancelRequested = [cancel] { return cancel->load(); };
    if (!m_pool) return Error::internal(QStringLiteral("enrollment started without models"));
    const QString modelId = DescriptorModelKey::of(*m_pool->models(), m_options.pipeline.descriptorMode);
    const int workers = std::max(1, m_options.threads);

    // ---- gallery, lock, job (on this thread's connection) -------------------------------------
    auto connection = m_workspace.openConnection();
    if (!connection) return connection.error();
    const QString actor = m_options.actor.isEmpty() ? m_workspace.actor().name() : m_options.actor;
    auto gallery = GalleryCatalog(*connection).findByName(m_options.gallery);
    if (!gallery && gallery.error().kind == Error::Kind::NotFound && m_options.createGallery) {
        gallery = GalleryAdmin(m_workspace, *connection, Actor(actor)).create(m_options.gallery);
        summary.galleryCreated = gallery.ok();
        // Another enrollment may have created it since the look-up (two started at once into a
        // new gallery): enroll into that one; its gallery lock below decides who goes first.
        if (!gallery && gallery.error().kind == Error::Kind::InvalidInput) {
            if (auto made = GalleryCatalog(*connection).findByName(m_options.gallery)) gallery = std::move(made);
        }
    }
    if (!gallery) return gallery.error();
    // Said here in words with the gallery's name; the schema's triggers refuse it regardless.
    if (gallery->isSynthetic()) {
        return Error::invalidInput(
            QStringLiteral("gallery \"%1\" is synthetic: a benchmark fixture of generated "
                           "descriptors (facecase-cli gallery synth), not people; photos cannot "
                           "be enrolled into it. Enroll into another gallery")
                .arg(gallery->name));
    }
    auto lock = GalleryLock::acquire(m_workspace, gallery->id, gallery->name);
    if (!lock) return lock.error();
    if (auto r = GalleryStatistics::requireModel(
            *connection, *gallery, modelId,
            QStringLiteral("Enroll with the gallery's settings (--descriptor-mode) or into another gallery")); !r) return r.error();

    EnrollmentJobRepository jobs(*connection);
    auto interrupted = jobs.interruptRunning(gallery->id, actor);
    if (!interrupted) return interrupted.error();
    summary.interruptedJobs = *interrupted;

    QJsonObject jobOptions = source.describe();
    const QJsonObject runOptions = m_options.toJson();
    for (auto it = runOptions.begin(); it != runOptions.end(); ++it) jobOptions.insert(it.key(), it.value());
    jobOptions.insert(QStringLiteral("model"), modelId);

    // Recorded in the job's audit record, so that what a manifest listed can be proved later.
    auto listSha256 = source.listSha256();
    if (!listSha256) return listSha256.error();
    const EnrollmentStart start{*listSha256, summary.galleryCreated};

    auto resumable = jobs.findResumable(gallery->id, source.location());
    if (!resumable) return resumable.error();
    qint64 jobId = 0;
    if (resumable->has_value()) {
        jobId = (*resumable)->id;
        if (auto r = jobs.resume(jobId, jobOptions, actor, start); !r) return r.error();
        summary.resumed = true;
    } else {
        auto created = jobs.create(gallery->id, source.location(), jobOptions, actor, start);
        if (!created) return created.error();
        jobId = created->id;
    }
    const auto end = [&](EnrollmentJob::Status status) -> Result<void> {
        auto job = jobs.finish(jobId, status, actor);
        if (!job) return job.error();
        summary.job = std::move(job).value();
        summary.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
        return {};
    };

    source.excludeFolder(m_workspace.localCacheFolder());

    // ---- count, lease the pipelines --------------------------------------------------------
    EnrollmentCounters counters;
    counters.setJob(jobId, summary.resumed);
    auto total = source.count(cancel);
    if (!total) {
        const bool wasCancel = total.error().kind == Error::Kind::Cancelled;
        if (auto r = end(wasCancel ? EnrollmentJob::Status::Cancelled : EnrollmentJob::Status::Failed); !r) {
            return r.error();
        }
        if (!wasCancel) return total.error();
        summary.cancelled = true;
        summary.progress = counters.snapshot(true);
        return summary;
    }
    counters.setTotal(*total);

    std::vector<PipelinePool::Lease> leases;
    for (int i = 0; i < workers; ++i) {
        auto lease = m_pool->acquire();
        if (!lease) {
            (void)end(EnrollmentJob::Status::Failed);
            return lease.error();
        }
        leases.push_back(std::move(lease).value());
    }
    // One worker per core: OpenCV's own threads inside each forward pass would only
    // oversubscribe. Fewer workers than cores: let a forward pass use the spare ones.
    DescriptorNetwork::setLibraryThreads(workers >= QThread::idealThreadCount() ? 1 : 0);

    // ---- the stages ------------------------------------------------------------------------
    BoundedQueue<EnrollmentWorkItem> work(std::size_t(2 * workers));
    BoundedQueue<EnrollmentOutcome> outcomes(std::size_t(2 * std::max(1, m_options.batchSize)));
    EnrollmentInFlight inFlight;
    std::atomic_bool stop{false};

    EnrollmentReader reader(m_workspace, source, gallery->id, jobId, m_options.pipeline.loadLimits,
                            {work, outcomes}, inFlight, counters, stop);
    EnrollmentWriter writer(m_workspace, gallery->id, jobId, modelId, m_options, outcomes, inFlight,
                            counters);
    std::vector<std::unique_ptr<EnrollmentWorker>> stageWorkers;
    for (auto& lease : leases) {
        stageWorkers.push_back(std::make_unique<EnrollmentWorker>(std::move(lease), m_options, jobId,
                                                                  work, outcomes, stop));
    }

    Result<void> readerResult, writerResult;
    std::atomic_bool readerDone{false}, writerDone{false};
    std::atomic_int workersDone{0};
    counters.startClock();
    // Each stage says it ended by waking the watching loop.
    std::thread writerThread([&] {
        writerResult = guarded("writer", [&] { return writer.run(); });
        writerDone = true;
        watch.notify();
    });
    std::vector<std::thread> workerThreads;
    for (auto& w : stageWorkers) {
        workerThreads.emplace_back([&, worker = w.get()] {
            (void)guarded("worker", [&] {
                worker->run();
                return Result<void>();
            });
            ++workersDone;
            watch.notify();
        });
    }
    std::thread readerThread([&] {
        readerResult = guarded("reader", [&] { return reader.run(); });
        readerDone = true;
        watch.notify();
    });

    // ---- watch: cancel, errors, end of stream, progress ---------------------------------------
    // Asleep in watch.wait() until a stage ends, a stop is requested or a progress report is
    // due; every wake-up re-reads the whole state, so none can be missed.
    bool stopping = false, failing = false, workClosed = false, outcomesClosed = false;
    std::size_t discarded = 0;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    // At least 1 ms: an interval of 0 would report in a busy loop.
    const std::chrono::milliseconds progressInterval(std::max(1, m_options.progressIntervalMs));
    for (;;) {
        if (!stopping && cancelRequested()) {
            stopping = true;
            stop = true;
            discarded += work.discardAndClose();  // the workers finish the photo in hand
        }
        const bool readerFailed = readerDone && !readerResult.ok();
        const bool writerFailed = writerDone && !writerResult.ok();
        if (!failing && (readerFailed || writerFailed)) {
            failing = true;
            stop = true;
            discarded += work.discardAndClose();
            outcomes.discardAndClose();
        }
        if (readerDone && !workClosed) {
            work.close();  // the workers drain what is queued, then end
            workClosed = true;
        }
        if (readerDone && workersDone == workers && !outcomesClosed) {
            outcomes.close();  // the writer commits the rest, then ends
            outcomesClosed = true;
        }
        if (readerDone && workersDone == workers && writerDone) break;
        if (!onProgress) {
            watch.wait(std::nullopt);
            continue;
        }
        const std::chrono::milliseconds sinceReport(sinceProgress.elapsed());
        if (sinceReport >= progressInterval) {
            onProgress(counters.snapshot());
            sinceProgress.restart();
            continue;  // the handler may have set the cancel flag: look again before sleeping
        }
        watch.wait(progressInterval - sinceReport);
    }
    readerThread.join();
    for (std::thread& t : workerThreads) t.join();
    writerThread.join();

    reader.addTimings(summary.timings);
    for (const auto& w : stageWorkers) w->addTimings(summary.timings);
    writer.addTimings(summary.timings);
    summary.progress = counters.snapshot(true);
    if (onProgress) onProgress(summary.progress);

    if (!readerResult || !writerResult) {
        (void)end(EnrollmentJob::Status::Failed);
        return !writerResult ? writerResult.error() : readerResult.error();
    }
    summary.cancelled = stopping && (!reader.reachedEnd() || discarded > 0);
    if (auto r = end(summary.cancelled ? EnrollmentJob::Status::Cancelled
                                       : EnrollmentJob::Status::Completed);
        !r) {
        return r.error();
    }
    return summary;
}

}  // namespace facecase
