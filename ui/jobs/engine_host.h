#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <memory>

#include "types/result.h"

namespace facecase {
class FaceModels;
class PipelinePool;
}  // namespace facecase

namespace facecase::ui {

// The engine as the GUI sees it: the shared read-only models, the pool of pipelines that jobs
// lease, and the app-owned thread pool every engine job runs on. start() loads the models
// (~1.2 s) on that pool, never on the GUI thread, and reports ready() or failed(message).
// GUI thread only. The destructor waits for running jobs (at most one photo's analysis).
class EngineHost : public QObject {
    Q_OBJECT

public:
    enum class State { NotStarted, Loading, Ready, Failed };

    explicit EngineHost(QObject* parent = nullptr);
    ~EngineHost() override;

    void start();  // no-op unless NotStarted or Failed

    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    QString errorMessage() const { return m_error; }
    double loadMs() const { return m_loadMs; }
    // Null until ready. Jobs keep their own reference, so the pool outlives their leases.
    std::shared_ptr<PipelinePool> pipelinePool() const { return m_pipelines; }
    QThreadPool* threadPool() { return &m_threadPool; }

signals:
    void loadingStarted();
    void ready();
    void failed(const QString& message);

private:
    using Loaded = Result<std::shared_ptr<PipelinePool>>;
    void onLoaded();

    QThreadPool m_threadPool;
    QFutureWatcher<Loaded> m_loadWatcher;
    QElapsedTimer m_loadTimer;
    State m_state = State::NotStarted;
    QString m_error;
    double m_loadMs = 0;
    std::shared_ptr<PipelinePool> m_pipelines;
};

}  // namespace facecase::ui
