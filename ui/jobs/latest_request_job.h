#pragma once

#include <QObject>
#include <QString>
#include <utility>

#include "jobs/pool_task.h"
#include "types/result.h"

class QThreadPool;

namespace facecase::ui {

// The shape of every "show me this one" job (a photo to analyse, a box to fit, a candidate to
// re-analyse): one request at a time from the analyst's point of view. A new request supersedes
// the one in flight: its queued work never starts, its running work can stop early by asking
// its RequestToken (the engine cannot be interrupted mid-stage, so it may also finish unseen),
// and its result is dropped. cancel() drops the request in flight the same way.
//
// A member of the QObject job that owns it (`owner`, whose thread it is used on); the callbacks
// run there, through its event loop. `pool` must outlive the work (the EngineHost's pool does).
template <class T>
class LatestRequestJob {
public:
    LatestRequestJob(QObject* owner, QThreadPool* pool) : m_owner(owner), m_pool(pool) {}
    ~LatestRequestJob() { cancel(); }  // nothing is delivered once the owner goes
    LatestRequestJob(const LatestRequestJob&) = delete;
    LatestRequestJob& operator=(const LatestRequestJob&) = delete;

    // Supersedes the request in flight and runs `work(token) -> Result<T>` on the pool; then
    // `onFinished(T)` or `onFailed(quint64 id, const Error&)` on the owner's thread, unless a newer
    // request or cancel() came first. An escaped exception fails with "<subject>: unexpected
    // failure: …". Returns the request's id (RequestToken::id() on the worker).
    template <class Work, class OnFinished, class OnFailed>
    quint64 start(QString subject, Work work, OnFinished onFinished, OnFailed onFailed) {
        const RequestToken token = m_gate.open();
        m_current = token.id();
        runOnPool<T>(m_pool, m_owner, token, std::move(subject), std::move(work),
                     [this, id = token.id(), onFinished = std::move(onFinished),
                      onFailed = std::move(onFailed)](Result<T> outcome) mutable {
                         m_current = 0;
                         if (outcome)
                             onFinished(std::move(outcome).value());
                         else
                             onFailed(id, outcome.error());
                     });
        return m_current;
    }

    // Supersedes the request in flight without running anything: the id of a request the job
    // refuses at once (no face models yet), so its failure carries an id like any other.
    quint64 refuse() {
        m_current = 0;
        return m_gate.open().id();
    }

    void cancel() {
        m_gate.close();
        m_current = 0;
    }

    bool isRunning() const { return m_current != 0; }
    quint64 current() const { return m_current; }  // the request in flight, 0 when none

private:
    QObject* m_owner;
    QThreadPool* m_pool;
    RequestGate m_gate;
    quint64 m_current = 0;
};

}  // namespace facecase::ui
