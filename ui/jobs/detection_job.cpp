#include "jobs/detection_job.h"

#include <QElapsedTimer>
#include <QThreadPool>

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
                const PipelineOptions& options, const RequestToken& token) {
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
        stoppable.isCancelled = [token] { return !token.isWanted(); };
        auto analysis = request.decoded ? (*lease)->analyzeDecoded(*request.decoded, stoppable, &result.timings)
                        : request.path.isEmpty()
                            ? (*lease)->analyzeBytes(request.bytes, request.displayName, stoppable,
                                                     &result.timings)
                            : (*lease)->analyzeFile(request.path, stoppable, &result.timings);
        if (!analysis) return analysis.error();
        result.analysis = std::move(analysis.value());
    }  // the pipeline goes back to the pool before the display work
    if (!token.isWanted()) return superseded();
    result.photo = PhotoPyramid::build(result.analysis.source.image);
    result.chips.reserve(qsizetype(result.analysis.faces.size()));
    for (const DetectedFace& face : result.analysis.faces)
        result.chips.append(toDisplayImage(face.chip.image));
    result.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return result;
}
}  // namespace

DetectionJob::DetectionJob(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_requests(this, threadPool) {}

// Work still running finishes in the pool, unseen (LatestRequestJob drops it).
DetectionJob::~DetectionJob() = default;

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
    m_requests.cancel();
}

quint64 DetectionJob::start(Request request) {
    const QString name = request.displayName;
    if (!m_pool) {
        const quint64 id = m_requests.refuse();  // supersedes whatever is in flight
        emit failed(id, name, tr("%1: the face models are not loaded.").arg(name));
        return id;
    }
    const quint64 id = m_requests.start(
        name,
        [request = std::move(request), pool = m_pool,
         options = m_options](const RequestToken& token) mutable -> Outcome {
            request.id = token.id();
            return analyse(request, pool, options, token);
        },
        [this](DetectionResult result) { emit finished(result); },
        [this, name](quint64 failedId, const Error& error) {
            emit failed(failedId, name, error.message);
        });
    emit started(id, name);
    return id;
}

}  // namespace facecase::ui
