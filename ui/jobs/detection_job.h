#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

#include "jobs/detection_result.h"
#include "jobs/latest_request_job.h"
#include "services/pipeline/face_pipeline.h"
#include "types/result.h"

class QThreadPool;

namespace facecase {
class PipelinePool;
}

namespace facecase::ui {

// Runs the face pipeline on one photo on a worker thread, one request at a time from the
// analyst's point of view: a new request supersedes the one in flight, whose result is dropped
// (the engine cannot stop mid-photo, so a superseded run finishes quietly in the background;
// queued ones never start): a LatestRequestJob. Signals arrive on the thread that owns the job
// (the GUI thread) through its event loop. The job never touches files itself.
class DetectionJob : public QObject {
    Q_OBJECT

public:
    // `threadPool` must outlive the job's work (the EngineHost's pool does).
    explicit DetectionJob(QThreadPool* threadPool, QObject* parent = nullptr);
    ~DetectionJob() override;

    void setPipelinePool(std::shared_ptr<PipelinePool> pool) { m_pool = std::move(pool); }
    void setOptions(const PipelineOptions& options) { m_options = options; }
    const PipelineOptions& options() const { return m_options; }

    // Start analysing; returns the request id (also passed to every signal). Fails at once
    // (failed() emitted before returning) when no pipeline pool is set.
    quint64 analyzeFile(const QString& path, const QString& displayName = {});
    quint64 analyzeBytes(const QByteArray& bytes, const QString& displayName);
    // A photo decoded already: no read, decode or hash (result.timings.decodes stays 0).
    quint64 analyzeDecoded(const LoadedImage& photo, const QString& displayName);
    // Drop the result of the request in flight, if any.
    void cancel();

    bool isRunning() const { return m_requests.isRunning(); }
    quint64 currentRequest() const { return m_requests.current(); }

signals:
    void started(quint64 requestId, const QString& displayName);
    void finished(const facecase::ui::DetectionResult& result);
    void failed(quint64 requestId, const QString& displayName, const QString& message);

public:
    struct Request {
        quint64 id = 0;
        QString path;
        QByteArray bytes;
        std::optional<LoadedImage> decoded;
        QString displayName;
    };
    using Outcome = Result<DetectionResult>;

private:
    quint64 start(Request request);

    std::shared_ptr<PipelinePool> m_pool;
    PipelineOptions m_options;
    LatestRequestJob<DetectionResult> m_requests;
};

}  // namespace facecase::ui
