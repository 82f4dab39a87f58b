// The GUI's database thread: tasks run on it and never on the GUI thread, in the order they
// were submitted, with errors (store errors, SQL errors, exceptions, an unopenable database)
// arriving as Results; results reach the GUI thread by queued delivery, never after their
// context is gone; shutdown finishes queued writes. And WorkspaceSession opens a workspace in
// the background and names the folder when it cannot.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>
#include <QtTest>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

#include "jobs/database_worker.h"
#include "jobs/workspace_session.h"
#include "services/casework/case_catalog.h"
#include "store/case_repository.h"
#include "store/database_connection.h"
#include "store/workspace.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
Workspace openWorkspace(const QString& folder) {
    auto workspace = Workspace::open(folder);
    if (!workspace) qFatal("%s", qPrintable(workspace.errorMessage()));
    return *workspace;
}

CaseRecord draft(const QString& number) {
    CaseRecord c;
    c.caseNumber = number;
    c.purpose = QStringLiteral("Armed robbery, Main St; warrant 88/24");
    return c;
}
}  // namespace

class TestDatabaseWorker : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_serial = 0;

    Workspace freshWorkspace() {
        return openWorkspace(m_dir.filePath(QString::number(++m_serial)));
    }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void runsTasksOffTheGuiThreadInSubmissionOrder() {
        DatabaseWorker worker(freshWorkspace());
        QThread* gui = QThread::currentThread();
        std::mutex mutex;
        std::vector<int> order;
        std::vector<QThread*> threads;
        std::vector<QFuture<Result<int>>> futures;
        for (int i = 0; i < 40; ++i) {
            futures.push_back(
                worker.run<int>([&, i](const DatabaseConnection& connection) -> Result<int> {
                    std::lock_guard lock(mutex);
                    order.push_back(i);
                    threads.push_back(QThread::currentThread());
                    // The connection belongs to the thread running the task.
                    if (connection.thread() != QThread::currentThread())
                        return Error::internal(
                            QStringLiteral("connection used on a foreign thread"));
                    QSqlQuery query(connection.database());
                    if (!query.exec(QStringLiteral("SELECT count(*) FROM cases")) || !query.next())
                        return Error::internal(query.lastError().text());
                    return i + query.value(0).toInt();
                }));
        }
        for (auto& future : futures) future.waitForFinished();
        for (int i = 0; i < 40; ++i) {
            const Result<int> result = futures[std::size_t(i)].result();
            QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
            QCOMPARE(*result, i);
        }
        std::vector<int> expected(40);
        for (int i = 0; i < 40; ++i) expected[std::size_t(i)] = i;
        QCOMPARE(order, expected);
        for (QThread* thread : threads) {
            QVERIFY(thread != gui);
            QCOMPARE(thread, worker.workerThread());
        }
        QTRY_COMPARE(worker.pendingCount(), 0);  // the result is out just before the count drops
    }

    void callbackArrivesOnTheContextThread() {
        DatabaseWorker worker(freshWorkspace());
        QThread* taskThread = nullptr;
        QThread* callbackThread = nullptr;
        std::optional<Result<CaseRecord>> created;
        worker.run<CaseRecord>(
            [&taskThread](const DatabaseConnection& connection) {
                taskThread = QThread::currentThread();
                return CaseCatalog(connection, Actor(QStringLiteral("zoe")))
                    .create(draft(QStringLiteral("2024-CR-1")));
            },
            this,
            [&](Result<CaseRecord> result) {
                callbackThread = QThread::currentThread();
                created = std::move(result);
            });
        QVERIFY(!created.has_value());  // queued, not run inside run()
        QTRY_VERIFY(created.has_value());
        QVERIFY2(created->ok(), qPrintable(created->errorMessage()));
        QCOMPARE((*created)->caseNumber, QStringLiteral("2024-CR-1"));
        QCOMPARE(callbackThread, QThread::currentThread());
        QVERIFY(taskThread != QThread::currentThread());
    }

    void errorsPropagate() {
        DatabaseWorker worker(freshWorkspace());
        // The store's own refusal, word for word.
        auto first = worker.run<CaseRecord>([](const DatabaseConnection& connection) {
            return CaseCatalog(connection, Actor(QStringLiteral("zoe")))
                .create(draft(QStringLiteral("2024-CR-2")));
        });
        auto duplicate = worker.run<CaseRecord>([](const DatabaseConnection& connection) {
            return CaseCatalog(connection, Actor(QStringLiteral("zoe")))
                .create(draft(QStringLiteral("2024-cr-2")));
        });
        // An SQL failure names the database file.
        auto badSql = worker.run<void>([](const DatabaseConnection& connection) {
            return connection.exec(QStringLiteral("SELECT * FROM no_such_table"),
                                   QStringLiteral("read a missing table"));
        });
        // An exception becomes an internal error instead of killing the thread.
        auto thrown = worker.run<int>([](const DatabaseConnection&) -> Result<int> {
            throw std::runtime_error("disk on fire");
        });
        // And the worker is still alive after all that.
        auto after = worker.run<int>([](const DatabaseConnection&) -> Result<int> { return 7; });
        after.waitForFinished();

        QVERIFY(first.result().ok());
        const Result<CaseRecord> dup = duplicate.result();
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(dup.errorMessage().contains(QStringLiteral("already taken")),
                 qPrintable(dup.errorMessage()));
        const Result<void> sql = badSql.result();
        QVERIFY(!sql.ok());
        QVERIFY2(sql.errorMessage().contains(worker.workspace().databasePath()),
                 qPrintable(sql.errorMessage()));
        QVERIFY2(sql.errorMessage().contains(QStringLiteral("no_such_table")),
                 qPrintable(sql.errorMessage()));
        const Result<int> exception = thrown.result();
        QVERIFY(!exception.ok());
        QCOMPARE(exception.error().kind, Error::Kind::Internal);
        QVERIFY(exception.errorMessage().contains(QStringLiteral("disk on fire")));
        QCOMPARE(*after.result(), 7);
    }

    void callbackDroppedWhenContextIsGone() {
        DatabaseWorker worker(freshWorkspace());
        QSemaphore release;
        bool called = false;
        auto context = std::make_unique<QObject>();
        worker.run<int>(
            [&release](const DatabaseConnection&) -> Result<int> {
                release.acquire();
                return 1;
            },
            context.get(), [&called](Result<int>) { called = true; });
        context.reset();  // the view closed while its query ran
        release.release();
        // A marker queued behind it, delivered the same way: once its callback has run, any
        // delivery of the first one would have come before it.
        QObject markerContext;
        bool markerCalled = false;
        worker.run<int>([](const DatabaseConnection&) -> Result<int> { return 2; }, &markerContext,
                        [&markerCalled](Result<int>) { markerCalled = true; });
        QTRY_VERIFY_WITH_TIMEOUT(markerCalled, 30'000);
        QVERIFY(!called);
    }

    void shutdownFinishesQueuedTasksThenRefuses() {
        auto worker = std::make_unique<DatabaseWorker>(freshWorkspace());
        const Workspace workspace = worker->workspace();
        QSemaphore release;
        auto blocker = worker->run<int>([&release](const DatabaseConnection&) -> Result<int> {
            release.acquire();
            return 0;
        });
        std::vector<QFuture<Result<CaseRecord>>> writes;
        for (int i = 0; i < 5; ++i) {
            writes.push_back(worker->run<CaseRecord>([i](const DatabaseConnection& connection) {
                return CaseCatalog(connection, Actor(QStringLiteral("zoe")))
                    .create(draft(QStringLiteral("2024-Q-%1").arg(i)));
            }));
        }
        QCOMPARE(worker->pendingCount(), 6);
        release.release();
        worker->shutdown();
        for (auto& write : writes) {
            QVERIFY(write.isFinished());
            QVERIFY2(write.result().ok(), qPrintable(write.result().errorMessage()));
        }
        auto late = worker->run<int>([](const DatabaseConnection&) -> Result<int> { return 1; });
        QVERIFY(late.isFinished());
        QCOMPARE(late.result().error().kind, Error::Kind::Cancelled);
        worker.reset();

        // Everything queued before shutdown is in the database.
        auto connection = workspace.openConnection();
        QVERIFY(connection.ok());
        auto cases = CaseRepository(*connection).list();
        QVERIFY(cases.ok());
        QCOMPARE(int(cases->size()), 5);
    }

    void cancelPendingFailsQueuedTasksOnly() {
        DatabaseWorker worker(freshWorkspace());
        QSemaphore started;
        QSemaphore release;
        auto running = worker.run<int>([&](const DatabaseConnection&) -> Result<int> {
            started.release();
            release.acquire();
            return 1;
        });
        QVERIFY(started.tryAcquire(1, 5000));
        auto queued1 = worker.run<int>([](const DatabaseConnection&) -> Result<int> { return 2; });
        auto queued2 = worker.run<int>([](const DatabaseConnection&) -> Result<int> { return 3; });
        worker.cancelPending();
        QVERIFY(queued1.isFinished() && queued2.isFinished());
        QCOMPARE(queued1.result().error().kind, Error::Kind::Cancelled);
        QCOMPARE(queued2.result().error().kind, Error::Kind::Cancelled);
        release.release();
        QCOMPARE(*running.result(), 1);
    }

    void unopenableDatabaseFailsEveryTask() {
        const Workspace workspace = freshWorkspace();
        QVERIFY(QDir(workspace.folder()).removeRecursively());  // gone before the worker starts
        DatabaseWorker worker(workspace);
        auto task = worker.run<int>([](const DatabaseConnection&) -> Result<int> { return 1; });
        const Result<int> result = task.result();
        QVERIFY(!result.ok());
        QVERIFY2(result.errorMessage().contains(workspace.databasePath()),
                 qPrintable(result.errorMessage()));
    }

    void sessionOpensInTheBackground() {
        WorkspaceSession session;
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        const QString folder = m_dir.filePath(QStringLiteral("session"));
        session.open(folder);
        // Workspace::open (folder creation, schema migration) has not run on this thread.
        QCOMPARE(session.state(), WorkspaceSession::State::Opening);
        QCOMPARE(opened.count(), 0);
        QVERIFY(session.worker() == nullptr);
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(failed.count(), 0);
        QVERIFY(session.isOpen());
        QVERIFY(session.worker() != nullptr);
        QCOMPARE(opened.first().first().toString(), QFileInfo(folder).canonicalFilePath());
        QVERIFY(QFile::exists(QDir(folder).filePath(Workspace::databaseFileName())));
        auto listed = session.worker()->run<std::vector<CaseRecord>>(
            [](const DatabaseConnection& c) { return CaseRepository(c).list(); });
        QVERIFY(listed.result().ok());

        QSignalSpy closing(&session, &WorkspaceSession::closing);
        session.close();
        QCOMPARE(closing.count(), 1);
        QVERIFY(session.worker() == nullptr);
    }

    void sessionFailureNamesTheFolder() {
        const QString file = m_dir.filePath(QStringLiteral("not-a-folder"));
        QFile touch(file);
        QVERIFY(touch.open(QIODevice::WriteOnly));
        touch.close();
        WorkspaceSession session;
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        session.open(file);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(session.state(), WorkspaceSession::State::Failed);
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(file), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("not a folder")), qPrintable(message));
        QCOMPARE(session.errorMessage(), message);
        QVERIFY(session.worker() == nullptr);
    }

    // The GUI's --workspace takes a URL too: a database nobody answers for (port 1 of this
    // machine) fails as Workspace::open words it (URL intact, not cleaned into
    // "postgresql:/127…"), and no folder appears where the app was started.
    void sessionNamesAnUnreachableDatabaseUrl() {
        QTemporaryDir cwd;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(cwd.path()));
        WorkspaceSession session;
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        session.open(QStringLiteral("postgresql://alice@127.0.0.1:1/facecase"));
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(QDir::setCurrent(previous));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.startsWith(QStringLiteral("postgresql://alice@127.0.0.1:1/facecase: "
                                                   "cannot connect to the PostgreSQL database (")),
                 qPrintable(message));
        QCOMPARE(session.state(), WorkspaceSession::State::Failed);
        QCOMPARE(QDir(cwd.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList());
    }

    void supersededOpenIsDropped() {
        WorkspaceSession session;
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        const QString file = m_dir.filePath(QStringLiteral("also-not-a-folder"));
        QFile touch(file);
        QVERIFY(touch.open(QIODevice::WriteOnly));
        touch.close();
        session.open(file);  // would fail...
        const QString second = m_dir.filePath(QStringLiteral("second"));
        session.open(second);  // ...but the analyst chose another folder meanwhile
        QTRY_COMPARE(opened.count(), 1);
        // The superseded open has finished too (both run on the global pool), and whatever it
        // posted is delivered before a call queued now.
        QThreadPool::globalInstance()->waitForDone();
        bool flushed = false;
        QMetaObject::invokeMethod(&session, [&flushed] { flushed = true; }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(flushed, 30'000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(opened.first().first().toString(), QFileInfo(second).canonicalFilePath());
        QCOMPARE(session.requestedFolder(), second);
    }
};

QTEST_GUILESS_MAIN(TestDatabaseWorker)
#include "test_database_worker.moc"
