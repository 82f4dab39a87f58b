#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>
#include <exception>
#include <memory>
#include <utility>

#include "types/result.h"

class QThreadPool;

namespace facecase::ui {

// Whether the work a worker runs is still wanted. Tokens come from a RequestGate and compare
// against its shared counter, so any thread may ask; the answer only ever turns from yes to no.
// A default token (no gate) is always wanted: work nobody can supersede.
class RequestToken {
public:
    RequestToken() = default;

    quint64 id() const { return m_id; }
    bool isWanted() const { return !m_wanted || (m_id != 0 && m_wanted->load() == m_id); }

private:
    friend class RequestGate;
    RequestToken(std::shared_ptr<const std::atomic<quint64>> wanted, quint64 id)
        : m_wanted(std::move(wanted)), m_id(id) {}

    std::shared_ptr<const std::atomic<quint64>> m_wanted;
    quint64 m_id = 0;
};

// Issues RequestTokens on its owner's thread. open() starts a new request and makes every
// earlier token stale (latest request wins); latest() hands out the last one again (work that
// shares one generation, such as a batch of thumbnails); close() makes every token stale.
class RequestGate {
public:
    RequestToken open() {
        m_wanted->store(++m_last);
        return {m_wanted, m_last};
    }
    RequestToken latest() const { return {m_wanted, m_wanted->load()}; }
    void close() { m_wanted->store(0); }

private:
    std::shared_ptr<std::atomic<quint64>> m_wanted = std::make_shared<std::atomic<quint64>>(0);
    quint64 m_last = 0;  // ids only grow, so a stale token can never become wanted again
};

// The one way ui/ runs a job's work on a thread pool (DESIGN.md, style 8). `work(token)` returns
// a Result<T> on a pool thread; `onDone(Result<T>)` is then called on `context`'s thread through
// its event loop — never inside this call, never after `context` is destroyed, and only while
// `token` is still wanted (a superseded or cancelled request's result is dropped unseen). Work
// whose token went stale while queued never starts. An exception escaping `work` becomes
// Error::Internal "<subject>: unexpected failure: <what>": nothing is rethrown into Qt's event
// loop. Returns the future, for an owner that must wait for its work before it dies.
template <class T, class Work, class OnDone>
QFuture<Result<T>> runOnPool(QThreadPool* pool, QObject* context, RequestToken token,
                             QString subject, Work work, OnDone onDone) {
    auto* watcher = new QFutureWatcher<Result<T>>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, token, onDone = std::move(onDone)]() mutable {
                         watcher->deleteLater();
                         if (!token.isWanted()) return;
                         QFuture<Result<T>> done = watcher->future();
                         // No result: the pool dropped the task before it ran (QThreadPool::clear).
                         onDone(done.resultCount() > 0
                                    ? done.takeResult()
                                    : Result<T>(Error::cancelled(QStringLiteral("not run"))));
                     });
    QFuture<Result<T>> future = QtConcurrent::run(
        pool, [token, subject = std::move(subject), work = std::move(work)]() mutable -> Result<T> {
            if (!token.isWanted()) return Error::cancelled(QStringLiteral("no longer wanted"));
            const QString prefix = subject.isEmpty() ? QString() : subject + QStringLiteral(": ");
            try {
                return work(token);
            } catch (const std::exception& e) {
                return Error::internal(prefix + QStringLiteral("unexpected failure: ") +
                                       QString::fromLocal8Bit(e.what()));
            } catch (...) {
                return Error::internal(prefix + QStringLiteral("unexpected failure"));
            }
        });
    watcher->setFuture(future);
    return future;
}

}  // namespace facecase::ui
