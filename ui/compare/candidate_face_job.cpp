#include "compare/candidate_face_job.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "photo/image_conversion.h"
#include "services/casework/recorded_photo.h"
#include "services/pipeline/pipeline_pool.h"

namespace facecase::ui {

namespace {
using Outcome = CandidateFaceJob::Outcome;

Error superseded() {
    return Error::cancelled(QStringLiteral("superseded by a newer request"));
}

// On a pool thread: all file access, decoding, landmarks, alignment and conversions.
Outcome analyse(const CandidateFaceJob::Request& request, PipelinePool& pool,
                const std::atomic<quint64>& wanted) {
    if (wanted.load() != request.id) return superseded();
    QElapsedTimer timer;
    timer.start();
    auto loaded = RecordedPhoto::load(request.path, request.sha256);
    if (!loaded) return loaded.error();
    if (wanted.load() != request.id) return superseded();

    CandidateFaceResult result;
    result.requestId = request.id;
    {
        auto lease = pool.acquire();
        if (!lease) return lease.error();
        PipelineOptions options;
        options.computeDescriptors = false;  // the comparison is visual; the distance is on record
        auto face = (*lease)->analyzeRegion(loaded->image, request.box, options);
        if (!face)
            return Error{face.error().kind,
                         QStringLiteral("%1: %2").arg(QFileInfo(request.path).fileName(),
                                                      face.errorMessage())};
        result.face = std::move(face.value());
    }
    result.face.index = request.faceIndex;
    result.source = std::move(loaded.value());
    result.photo = PhotoPyramid::build(result.source.image);
    result.chip = toDisplayImage(result.face.chip.image);
    result.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return result;
}
}  // namespace

CandidateFaceJob::CandidateFaceJob(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_threadPool(threadPool) {}

CandidateFaceJob::~CandidateFaceJob() {
    m_wanted->store(0);  // queued work is skipped; running work finishes unseen
}

quint64 CandidateFaceJob::analyze(const QString& path, const QString& sha256, const QRectF& box,
                                  int faceIndex) {
    cancel();
    Request request{++m_lastId, path, sha256, box, faceIndex};
    if (!m_pool) {
        emit failed(request.id, path,
                    tr("%1: the face models are not loaded.").arg(QFileInfo(path).fileName()));
        return request.id;
    }
    m_wanted->store(request.id);
    auto* watcher = new QFutureWatcher<Outcome>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, request] { onTaskFinished(watcher, request); });
    emit started(request.id, path);
    watcher->setFuture(
        QtConcurrent::run(m_threadPool, [request, pool = m_pool, wanted = m_wanted]() -> Outcome {
            try {
                return analyse(request, *pool, *wanted);
            } catch (const std::exception& e) {  // nothing may escape into the event loop
                return Error::internal(
                    QStringLiteral("%1: unexpected failure: %2")
                        .arg(QFileInfo(request.path).fileName(), QString::fromLocal8Bit(e.what())));
            } catch (...) {
                return Error::internal(QStringLiteral("%1: unexpected failure")
                                           .arg(QFileInfo(request.path).fileName()));
            }
        }));
    return request.id;
}

void CandidateFaceJob::cancel() {
    m_wanted->store(0);
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->deleteLater();
        m_watcher = nullptr;
    }
}

void CandidateFaceJob::onTaskFinished(QFutureWatcher<Outcome>* watcher, const Request& request) {
    watcher->deleteLater();
    if (watcher != m_watcher) return;  // superseded
    m_watcher = nullptr;
    Outcome outcome = watcher->future().takeResult();
    if (outcome.ok())
        emit finished(outcome.value());
    else if (outcome.error().kind != Error::Kind::Cancelled)
        emit failed(request.id, request.path, outcome.errorMessage());
}

}  // namespace facecase::ui
