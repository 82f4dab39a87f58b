#include "jobs/manual_face_job.h"

#include <QElapsedTimer>
#include <QThreadPool>

#include "photo/image_conversion.h"
#include "services/pipeline/pipeline_pool.h"

namespace facecase::ui {

ManualFaceJob::ManualFaceJob(QThreadPool* threadPool, QObject* parent)
    : QObject(parent), m_requests(this, threadPool) {}

ManualFaceJob::~ManualFaceJob() = default;  // running work finishes in the pool, unseen

void ManualFaceJob::cancel() {
    m_requests.cancel();
}

quint64 ManualFaceJob::fit(const Image& image, const QString& photoSha256, const QRectF& box,
                           const PipelineOptions& options) {
    if (!m_pool) {
        const quint64 id = m_requests.refuse();  // supersedes the box in flight
        emit failed(id, tr("the face models are not loaded."));
        return id;
    }
    return m_requests.start(
        QString(),
        [image, photoSha256, box, options, pool = m_pool](const RequestToken& token) -> Outcome {
            QElapsedTimer timer;
            timer.start();
            auto lease = pool->acquire();
            if (!lease) return lease.error();
            auto face = (*lease)->analyzeRegion(image, box, options);
            if (!face) return face.error();
            Fitted fitted;
            fitted.requestId = token.id();
            fitted.photoSha256 = photoSha256;
            fitted.face = std::move(face.value());
            fitted.chip = toDisplayImage(fitted.face.chip.image);
            fitted.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
            return fitted;
        },
        [this](const Fitted& fitted) { emit finished(fitted); },
        [this](quint64 id, const Error& error) { emit failed(id, error.message); });
}

}  // namespace facecase::ui
