#include "jobs/manual_face_job.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "photo/image_conversion.h"
#include "services/pipeline/pipeline_pool.h"

namespace facecase::ui {

ManualFaceJob::ManualFaceJob(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_threadPool(threadPool) {}

ManualFaceJob::~ManualFaceJob() = default;  // running work finishes in the pool, unseen

void ManualFaceJob::cancel() {
    if (!m_watcher) return;
    m_watcher->disconnect(this);
    m_watcher->deleteLater();
    m_watcher = nullptr;
}

quint64 ManualFaceJob::fit(const Image& image, const QString& photoSha256, const QRectF& box,
                           const PipelineOptions& options) {
    cancel();
    const quint64 id = ++m_lastId;
    if (!m_pool) {
        emit failed(id, tr("the face models are not loaded."));
        return id;
    }
    auto* watcher = new QFutureWatcher<Outcome>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        if (watcher != m_watcher) return;  // superseded
        m_watcher = nullptr;
        Outcome outcome = watcher->future().takeResult();
        if (outcome.ok())
            emit finished(outcome.value());
        else
            emit failed(id, outcome.errorMessage());
    });
    watcher->setFuture(QtConcurrent::run(
        m_threadPool, [id, image, photoSha256, box, options, pool = m_pool]() -> Outcome {
            try {
                QElapsedTimer timer;
                timer.start();
                auto lease = pool->acquire();
                if (!lease) return lease.error();
                auto face = (*lease)->analyzeRegion(image, box, options);
                if (!face) return face.error();
                Fitted fitted;
                fitted.requestId = id;
                fitted.photoSha256 = photoSha256;
                fitted.face = std::move(face.value());
                fitted.chip = toDisplayImage(fitted.face.chip.image);
                fitted.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
                return fitted;
            } catch (const std::exception& e) {  // nothing may escape into Qt's event loop
                return Error::internal(QStringLiteral("unexpected failure: %1")
                                           .arg(QString::fromLocal8Bit(e.what())));
            } catch (...) {
                return Error::internal(QStringLiteral("unexpected failure"));
            }
        }));
    return id;
}

}  // namespace facecase::ui
