// The one shape of ui/'s background jobs (LatestRequestJob on runOnPool): the latest request
// wins even when an older result arrives later, cancel drops the result in flight, queued work
// of a superseded request never starts, and an exception or an error Result reaches the failed
// callback with its message. The order of events is set by semaphores the test releases; every
// wait is on a signal.
#include <QSemaphore>
#include <QSignalSpy>
#include <QThreadPool>
#include <QtTest>
#include <atomic>
#include <stdexcept>

#include "jobs/latest_request_job.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
// A job as the views see one: signals on the GUI thread.
class NumberJob : public QObject {
    Q_OBJECT

public:
    explicit NumberJob(QThreadPool* pool) : m_requests(this, pool) {}

    template <class Work>
    quint64 start(const QString& subject, Work work) {
        return m_requests.start(
            subject, std::move(work), [this](int value) { emit finished(value); },
            [this](quint64 id, const Error& error) { emit failed(id, error.message); });
    }
    void cancel() { m_requests.cancel(); }
    bool isRunning() const { return m_requests.isRunning(); }
    quint64 current() const { return m_requests.current(); }
    // Posted now, so delivered after everything already posted to this thread (a result of a
    // finished task included): the positive marker for "nothing more arrives".
    void postMarker() {
        QMetaObject::invokeMethod(
            this, [this] { emit marker(); }, Qt::QueuedConnection);
    }

signals:
    void finished(int value);
    void failed(quint64 requestId, const QString& message);
    void marker();

private:
    LatestRequestJob<int> m_requests;
};

// Work that holds its pool thread until the test releases it.
auto heldWork(QSemaphore& started, QSemaphore& release, int value) {
    return [&started, &release, value](const RequestToken&) -> Result<int> {
        started.release();
        release.acquire();
        return value;
    };
}
}  // namespace

class TestLatestRequestJob : public QObject {
    Q_OBJECT

private slots:
    void init() { m_pool.setMaxThreadCount(2); }
    void cleanup() { QVERIFY(m_pool.waitForDone(30000)); }

    void latestRequestWinsOverAnOlderResultArrivingLater() {
        NumberJob job(&m_pool);
        QSignalSpy finished(&job, &NumberJob::finished);
        QSignalSpy failed(&job, &NumberJob::failed);
        QSignalSpy marker(&job, &NumberJob::marker);
        QSemaphore olderStarted, releaseOlder;
        const quint64 older =
            job.start(QStringLiteral("older"), heldWork(olderStarted, releaseOlder, 1));
        olderStarted.acquire();  // the older request is running on a pool thread
        const quint64 newer = job.start(QStringLiteral("newer"),
                                        [](const RequestToken&) -> Result<int> { return 2; });
        QVERIFY(newer > older);
        QCOMPARE(job.current(), newer);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toInt(), 2);
        QVERIFY(!job.isRunning());

        releaseOlder.release();  // the older result now arrives, after the newer one
        QVERIFY(m_pool.waitForDone(30000));
        job.postMarker();
        QVERIFY(marker.wait(30000));
        QCOMPARE(finished.size(), 1);  // dropped
        QCOMPARE(failed.size(), 0);
    }

    void supersededQueuedWorkNeverStarts() {
        m_pool.setMaxThreadCount(1);
        NumberJob job(&m_pool);
        QSignalSpy finished(&job, &NumberJob::finished);
        QSemaphore firstStarted, releaseFirst;
        std::atomic<int> secondRuns{0};
        job.start(QString(), heldWork(firstStarted, releaseFirst, 1));
        firstStarted.acquire();  // the only pool thread is busy: the next request queues
        job.start(QString(), [&secondRuns](const RequestToken&) -> Result<int> {
            ++secondRuns;
            return 2;
        });
        job.start(QString(), [](const RequestToken&) -> Result<int> { return 3; });
        releaseFirst.release();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.at(0).at(0).toInt(), 3);
        QVERIFY(m_pool.waitForDone(30000));
        QCOMPARE(secondRuns.load(), 0);
    }

    void runningWorkSeesItIsNoLongerWanted() {
        NumberJob job(&m_pool);
        QSemaphore started, release;
        std::atomic<bool> wantedAtEnd{true};
        job.start(QString(), [&](const RequestToken& token) -> Result<int> {
            started.release();
            release.acquire();
            wantedAtEnd = token.isWanted();
            return 1;
        });
        started.acquire();
        job.cancel();
        release.release();
        QVERIFY(m_pool.waitForDone(30000));
        QVERIFY(!wantedAtEnd.load());
    }

    void cancelDropsTheResult() {
        NumberJob job(&m_pool);
        QSignalSpy finished(&job, &NumberJob::finished);
        QSignalSpy failed(&job, &NumberJob::failed);
        QSignalSpy marker(&job, &NumberJob::marker);
        QSemaphore started, release;
        job.start(QString(), heldWork(started, release, 1));
        started.acquire();
        QVERIFY(job.isRunning());
        job.cancel();
        QVERIFY(!job.isRunning());
        QCOMPARE(job.current(), quint64(0));
        release.release();
        QVERIFY(m_pool.waitForDone(30000));
        job.postMarker();
        QVERIFY(marker.wait(30000));
        QCOMPARE(finished.size(), 0);
        QCOMPARE(failed.size(), 0);
    }

    void exceptionBecomesFailedWithItsMessage() {
        NumberJob job(&m_pool);
        QSignalSpy failed(&job, &NumberJob::failed);
        const quint64 id = job.start(
            QStringLiteral("photo.jpg"),
            [](const RequestToken&) -> Result<int> { throw std::runtime_error("disk on fire"); });
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.at(0).at(0).value<quint64>(), id);
        QCOMPARE(failed.at(0).at(1).toString(),
                 QStringLiteral("photo.jpg: unexpected failure: disk on fire"));
        QVERIFY(!job.isRunning());

        job.start(QString(), [](const RequestToken&) -> Result<int> { throw 42; });
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.at(1).at(1).toString(), QStringLiteral("unexpected failure"));
    }

    void errorResultBecomesFailedWithItsMessage() {
        NumberJob job(&m_pool);
        QSignalSpy failed(&job, &NumberJob::failed);
        QSignalSpy finished(&job, &NumberJob::finished);
        job.start(QStringLiteral("photo.jpg"), [](const RequestToken&) -> Result<int> {
            return Error::invalidInput(QStringLiteral("photo.jpg: truncated JPEG data"));
        });
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("photo.jpg: truncated JPEG data"));
        QCOMPARE(finished.size(), 0);
    }

    void nothingArrivesOnceTheJobIsGone() {
        QObject watcher;
        QSignalSpy marker(&watcher, &QObject::objectNameChanged);
        QSemaphore started, release;
        std::atomic<bool> delivered{false};
        {
            QObject owner;
            LatestRequestJob<int> requests(&owner, &m_pool);
            requests.start(
                QString(), heldWork(started, release, 1), [&delivered](int) { delivered = true; },
                [&delivered](quint64, const Error&) { delivered = true; });
            started.acquire();
        }
        release.release();
        QVERIFY(m_pool.waitForDone(30000));
        QMetaObject::invokeMethod(
            &watcher, [&watcher] { watcher.setObjectName(QStringLiteral("done")); },
            Qt::QueuedConnection);
        QVERIFY(marker.wait(30000));
        QVERIFY(!delivered.load());
    }

private:
    QThreadPool m_pool;
};

QTEST_GUILESS_MAIN(TestLatestRequestJob)
#include "test_latest_request_job.moc"
