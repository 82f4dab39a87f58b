#include "jobs/database_worker.h"

#include <QMutexLocker>
#include <QThread>
#include <optional>

#include "store/database_connection.h"

namespace facecase::ui {

DatabaseWorker::DatabaseWorker(Workspace workspace, QObject* parent)
    : QObject(parent), m_workspace(std::move(workspace)) {
    m_thread = QThread::create([this] { loop(); });
    m_thread->setObjectName(QStringLiteral("FaceCase database"));
    m_thread->start();
}

DatabaseWorker::~DatabaseWorker() {
    shutdown();
    delete m_thread;
}

bool DatabaseWorker::enqueue(Job job) {
    QMutexLocker lock(&m_mutex);
    if (m_stopping) return false;
    m_queue.push_back(std::move(job));
    m_wake.wakeOne();
    return true;
}

void DatabaseWorker::loop() {
    // Opened here, on the thread that will use it, and closed here when the loop ends: Qt's
    // SQL connections are bound to the thread that made them.
    std::optional<DatabaseConnection> connection;
    std::optional<Error> openError;
    if (auto opened = m_workspace.openConnection()) {
        connection.emplace(std::move(opened).value());
    } else {
        openError = opened.error();
    }

    for (;;) {
        Job job;
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.empty() && !m_stopping) m_wake.wait(&m_mutex);
            if (m_queue.empty()) break;  // stopping and drained
            job = std::move(m_queue.front());
            m_queue.pop_front();
            ++m_running;
        }
        if (connection) {
            job(&*connection, nullptr);
        } else {
            job(nullptr, &*openError);
        }
        QMutexLocker lock(&m_mutex);
        --m_running;
    }
    connection.reset();
}

void DatabaseWorker::cancelPending() {
    std::deque<Job> cancelled;
    {
        QMutexLocker lock(&m_mutex);
        cancelled.swap(m_queue);
    }
    // Failed outside the lock: finishing a promise may run continuations synchronously.
    const Error reason = Error::cancelled(QStringLiteral("cancelled before it ran"));
    for (Job& job : cancelled) job(nullptr, &reason);
}

void DatabaseWorker::shutdown() {
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopping && m_thread->isFinished()) return;
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
}

int DatabaseWorker::pendingCount() const {
    QMutexLocker lock(&m_mutex);
    return int(m_queue.size()) + m_running;
}

}  // namespace facecase::ui
