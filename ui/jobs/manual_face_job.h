#pragma once

#include <QImage>
#include <QObject>
#include <QRectF>
#include <QString>
#include <memory>

#include "jobs/latest_request_job.h"
#include "services/pipeline/face_pipeline.h"
#include "types/image.h"
#include "types/result.h"

class QThreadPool;

namespace facecase {
class PipelinePool;
}

namespace facecase::ui {

// Fits a face inside a box the analyst drew (FacePipeline::analyzeRegion: landmarks, aligned
// chip, quality and, when asked, the descriptor) on a worker thread with a pipeline leased from
// the engine's pool, like DetectionJob. One box at a time: a new one supersedes the one in
// flight, whose result is dropped (a LatestRequestJob). Signals arrive on the GUI thread.
class ManualFaceJob : public QObject {
    Q_OBJECT

public:
    // What came back for one box: the face (box.manual set) and its chip ready to show.
    struct Fitted {
        quint64 requestId = 0;
        QString photoSha256;  // the photo the box was drawn on, to drop results for another
        DetectedFace face;
        QImage chip;
        double elapsedMs = 0;
    };
    using Outcome = facecase::Result<Fitted>;

    // `threadPool` must outlive the job's work (the EngineHost's pool does).
    explicit ManualFaceJob(QThreadPool* threadPool, QObject* parent = nullptr);
    ~ManualFaceJob() override;

    void setPipelinePool(std::shared_ptr<PipelinePool> pool) { m_pool = std::move(pool); }

    // `image` is the decoded upright photo (shared pixels: no copy); `box` in its pixels.
    // Fails at once (failed() before returning) when no pipeline pool is set.
    quint64 fit(const Image& image, const QString& photoSha256, const QRectF& box,
                const PipelineOptions& options);
    void cancel();
    bool isRunning() const { return m_requests.isRunning(); }

signals:
    void finished(const facecase::ui::ManualFaceJob::Fitted& fitted);
    void failed(quint64 requestId, const QString& message);

private:
    std::shared_ptr<PipelinePool> m_pool;
    LatestRequestJob<Fitted> m_requests;
};

}  // namespace facecase::ui
