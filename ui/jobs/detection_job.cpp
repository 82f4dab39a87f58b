#include "jobs/detection_job.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "photo/image_conversion.h"
#include "services/pipeline/pipeline_pool.h"

namespace facecase::ui {

namespace {
using Outcome = DetectionJob::Outcome;

Error superseded() {
    return Error::cancelled(QStringLiteral("superseded by a newer request"));
}

// Runs on a pool thread. Everything heavy happens here: file I/O, decoding, detection, landmarks,
// alignment, quality, and the conversions for display.
Outcome analyse(const DetectionJob::Request& request, const std::shared_ptr<PipelinePool>& pool,
                const PipelineOptions& options, const std::atomic<quint64>& wanted) {
    if (wanted.load() != request.id) return superseded();  // queued behind a newer request
    QElapsedTimer timer;
    timer.start();
    DetectionResult result;
    result.requestId = request.id;
    result.displayName = request.displayName;
    {
        auto lease = pool->acquire();
        if (!lease) return lease.error();
        // A newer request stops this one between stages instead of letting it finish unseen.
        PipelineOptions stoppable = options;
        stoppable.isCancelled = [&wanted, id = request.id] { return wanted.load() != id; };
        auto analysis = request.decoded ? (*lease)->analyzeDecoded(*request.decoded, stoppable, &result.timings)
                        : request.path.isEmpty()
                            ? (*lease)->analyzeBytes(request.bytes, request.displayName, stoppable,
                                                     &result.timings)
                            : (*lease)->analyzeFile(request.path, stoppable, &result.timings);
        if (!analysis) return analysis.error();
        result.analysis = std::move(analysis.value());
    }  // the pipeline goes back to the pool before the display work
    if (wanted.load() != request.id) return superseded();
    result.photo = PhotoPyramid::build(result.analysis.source.image);
    result.chips.reserve(qsizetype(result.analysis.faces.size()));
    for (const DetectedFace& face : result.analysis.faces)
        result.chips.append(toDisplayImage(face.chip.image));
    result.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return result;
}
}  // namespace

DetectionJob::DetectionJob(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_threadPool(threadPool) {}

DetectionJob::~DetectionJob() {
    // Work still running finishes in the pool and is dropped: its watcher dies with this object.
    m_wanted->store(0);
}

quint64 DetectionJob::analyzeFile(const QString& path, const QString& displayName) {
    Request request;
    request.path = path;
    request.displayName = displayName.isEmpty() ? path : displayName;
    return start(std::move(request));
}

quint64 DetectionJob::analyzeDecoded(const LoadedImage& photo, const QString& displayName) {
    Request request;
    request.decoded = photo;
    request.displayName = displayName;
    return start(std::move(request));
}

quint64 DetectionJob::analyzeBytes(const QByteArray& bytes, const QString& displayName) {
    Request request;
    request.bytes = bytes;
    request.displayName = displayName;
    return start(std::move(request));
}

void DetectionJob::cancel() {
    m_wanted->store(0);
    m_current = 0;
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->deleteLater();
        m_watcher = nullptr;
    }
}

quint64 DetectionJob::start(Request request) {
    cancel();  // supersede whatever is in flight
    request.id = ++m_lastId;
    m_current = request.id;
    if (!m_pool) {
        emit failed(request.id, request.displayName,
                    tr("%1: the face models are not loaded.").arg(request.displayName));
        m_current = 0;
        return request.id;
    }
    m_wanted->store(request.id);

    auto* watcher = new QFutureWatcher<Outcome>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, request] { onTaskFinished(watcher, request); });
    emit started(request.id, request.displayName);
    watcher->setFuture(QtConcurrent::run(
        m_threadPool,
        [request, pool = m_pool, options = m_options, wanted = m_wanted]() -> Outcome {
            try {
                return analyse(request, pool, options, *wanted);
            } catch (const std::exception& e) {  // nothing may escape into Qt's event loop
                return Error::internal(
                    QStringLiteral("%1: unexpected failure: %2")
                        .arg(request.displayName, QString::fromLocal8Bit(e.what())));
            } catch (...) {
                return Error::internal(
                    QStringLiteral("%1: unexpected failure").arg(request.displayName));
            }
        }));
    return request.id;
}

void DetectionJob::onTaskFinished(QFutureWatcher<Outcome>* watcher, const Request& request) {
    watcher->deleteLater();
    if (watcher != m_watcher) return;  // superseded: the result is stale
    m_watcher = nullptr;
    m_current = 0;
    Outcome outcome = watcher->future().takeResult();
    if (outcome.ok()) {
        emit finished(outcome.value());
    } else if (outcome.error().kind != Error::Kind::Cancelled) {
        emit failed(request.id, request.displayName, outcome.errorMessage());
    }
}

}  // namespace facecase::ui
