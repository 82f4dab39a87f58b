#include "jobs/engine_host.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <exception>

#include "services/pipeline/face_models.h"
#include "services/pipeline/pipeline_pool.h"

namespace facecase::ui {

EngineHost::EngineHost(QObject* parent) : QObject(parent) {
    m_threadPool.setObjectName(QStringLiteral("FaceCase engine"));
    m_threadPool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    connect(&m_loadWatcher, &QFutureWatcherBase::finished, this, &EngineHost::onLoaded);
}

EngineHost::~EngineHost() {
    m_threadPool.clear();  // queued work never starts
    m_threadPool.waitForDone();
}

void EngineHost::start() {
    if (m_state != State::NotStarted && m_state != State::Failed) return;
    m_state = State::Loading;
    m_error.clear();
    m_loadTimer.start();
    emit loadingStarted();
    m_loadWatcher.setFuture(QtConcurrent::run(&m_threadPool, []() -> Loaded {
        try {
            auto models = FaceModels::loadDefault();
            if (!models) return models.error();
            auto pool = std::make_shared<PipelinePool>(models.value());
            // Warm one pipeline up now, so the first photo doesn't pay for building it.
            if (auto lease = pool->acquire(); !lease) return lease.error();
            return pool;
        } catch (const std::exception& e) {
            return Error::internal(QStringLiteral("loading the face models failed: %1")
                                       .arg(QString::fromLocal8Bit(e.what())));
        }
    }));
}

void EngineHost::onLoaded() {
    Loaded loaded = m_loadWatcher.future().takeResult();
    m_loadMs = double(m_loadTimer.nsecsElapsed()) / 1e6;
    if (!loaded) {
        m_state = State::Failed;
        m_error = loaded.errorMessage();
        emit failed(m_error);
        return;
    }
    m_pipelines = std::move(loaded.value());
    m_state = State::Ready;
    emit ready();
}

}  // namespace facecase::ui
