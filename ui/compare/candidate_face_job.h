#pragma once

#include <QObject>
#include <QRectF>
#include <QString>
#include <memory>

#include "compare/candidate_face_result.h"
#include "jobs/latest_request_job.h"
#include "types/result.h"

class QThreadPool;

namespace facecase {
class PipelinePool;
}

namespace facecase::ui {

// Re-analyses a candidate's gallery photo on the engine's thread pool: decode with core's
// ImageLoader, check the SHA-256 on record, then FacePipeline::analyzeRegion at the stored face
// box (landmarks and aligned chip, no descriptor) on a leased pipeline. One request at a time:
// a new one supersedes the one in flight, whose result is dropped (a LatestRequestJob). Signals
// arrive on the GUI thread. A missing, unreadable or changed file fails with a message naming it.
class CandidateFaceJob : public QObject {
    Q_OBJECT

public:
    struct Request {
        quint64 id = 0;
        QString path;
        QString sha256;  // on record; empty skips the check
        QRectF box;
        int faceIndex = 1;
    };
    using Outcome = Result<CandidateFaceResult>;

    explicit CandidateFaceJob(QThreadPool* threadPool, QObject* parent = nullptr);
    ~CandidateFaceJob() override;

    void setPipelinePool(std::shared_ptr<PipelinePool> pool) { m_pool = std::move(pool); }
    bool hasPipelinePool() const { return m_pool != nullptr; }

    // Returns the request id. Fails at once (failed() before returning) without a pipeline pool.
    quint64 analyze(const QString& path, const QString& sha256, const QRectF& box, int faceIndex);
    void cancel();
    bool isRunning() const { return m_requests.isRunning(); }

signals:
    void started(quint64 requestId, const QString& path);
    void finished(const facecase::ui::CandidateFaceResult& result);
    void failed(quint64 requestId, const QString& path, const QString& message);

private:
    std::shared_ptr<PipelinePool> m_pool;
    LatestRequestJob<CandidateFaceResult> m_requests;
};

}  // namespace facecase::ui
