#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QMutex>
#include <QObject>
#include <QPromise>
#include <QString>
#include <QWaitCondition>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <utility>

#include "store/workspace.h"
#include "types/result.h"

class QThread;

namespace facecase {
class DatabaseConnection;
}

namespace facecase::ui {

// The GUI's only way to touch the workspace database: one dedicated thread that opens its own
// DatabaseConnection (Qt's QSqlDatabase may only be used by the thread that opened it) and runs
// the submitted tasks one after another, in submission order. So no query ever runs on the GUI
// thread, and one writer per process never races itself for SQLite's write lock.
//
// Tasks are short (one repository call, milliseconds): long work such as enrollment has its own
// staged pipeline and connections. A task receives the worker's connection and returns a
// Result; exceptions are caught here and become Error::Internal, so nothing escapes into the
// worker's loop. When the connection cannot be opened every task fails with that error.
//
// Create, submit and destroy on one thread (the GUI thread). Shutdown (the destructor) stops
// taking tasks, lets the queued ones finish — they are writes the analyst asked for, such as
// closing a case, and must not vanish silently — then closes the connection on its own thread
// and joins it. cancelPending() instead fails the queued tasks with Error::Cancelled.
class DatabaseWorker : public QObject {
    Q_OBJECT

public:
    template <class T>
    using Task = std::function<Result<T>(const DatabaseConnection&)>;

    explicit DatabaseWorker(Workspace workspace, QObject* parent = nullptr);
    ~DatabaseWorker() override;

    const Workspace& workspace() const { return m_workspace; }
    // The worker's thread: tasks run here and nowhere else.
    QThread* workerThread() const { return m_thread; }

    // Queues `task`; the future gets its Result when it has run. Callable from any thread.
    template <class T>
    QFuture<Result<T>> run(Task<T> task);

    // Queues `task` and calls `onDone(Result<T>)` through the event loop when it has run; never
    // calls it once `context` is destroyed (a view closed while its query ran). `context` must
    // live on the calling thread.
    template <class T, class Callback>
    void run(Task<T> task, QObject* context, Callback onDone);

    // Fails every task not yet started with Error::Cancelled; the running one finishes.
    void cancelPending();
    // Stops taking tasks, finishes the queued ones, closes the connection, joins the thread.
    // Later submissions fail at once with Error::Cancelled. Idempotent; the destructor calls it.
    void shutdown();

    // Queued and running tasks.
    int pendingCount() const;

private:
    // Runs on the worker thread with the connection, or with nullptr and the reason when there
    // is none (the connection failed to open, the task was cancelled).
    using Job = std::function<void(const DatabaseConnection*, const Error*)>;

    bool enqueue(Job job);
    void loop();

    Workspace m_workspace;
    QThread* m_thread = nullptr;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_queue;  // guarded by m_mutex
    int m_running = 0;        // guarded by m_mutex
    bool m_stopping = false;  // guarded by m_mutex
};

template <class T>
QFuture<Result<T>> DatabaseWorker::run(Task<T> task) {
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    Job job = [promise, task = std::move(task)](const DatabaseConnection* connection,
                                                const Error* refusal) {
        Result<T> result = refusal ? Result<T>(*refusal) : [&]() -> Result<T> {
            try {
                return task(*connection);
            } catch (const std::exception& e) {
                return Error::internal(QStringLiteral("database task failed: %1")
                                           .arg(QString::fromLocal8Bit(e.what())));
            } catch (...) {
                return Error::internal(QStringLiteral("database task failed"));
            }
        }();
        promise->addResult(std::move(result));
        promise->finish();
    };
    if (!enqueue(job)) {
        const Error closed = Error::cancelled(
            QStringLiteral("%1: the workspace is closed").arg(m_workspace.folder()));
        job(nullptr, &closed);
    }
    return future;
}

template <class T, class Callback>
void DatabaseWorker::run(Task<T> task, QObject* context, Callback onDone) {
    // A watcher owned by the context: its signals are posted events, so onDone never runs
    // inside run() even when the task is already done, and dies with the context. (QFuture's
    // then(context) in Qt 6.4 reads the context's QPointer on the worker thread: a race with the
    // context's destruction.)
    auto* watcher = new QFutureWatcher<Result<T>>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, onDone = std::move(onDone)]() mutable {
                         watcher->deleteLater();
                         QFuture<Result<T>> done = watcher->future();
                         onDone(done.resultCount() > 0
                                    ? done.takeResult()
                                    : Result<T>(Error::cancelled(QStringLiteral("not run"))));
                     });
    watcher->setFuture(run<T>(std::move(task)));
}

}  // namespace facecase::ui
