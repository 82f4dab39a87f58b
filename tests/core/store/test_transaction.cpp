#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <memory>

#include "store/transaction.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

class TestTransaction : public QObject {
    Q_OBJECT
private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void rollsBackUnlessCommitted() {
        QTemporaryDir dir;
        auto db = DatabaseConnection::open(dir.filePath(QStringLiteral("t.sqlite")));
        QVERIFY(db.ok());
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE t (x)"), QStringLiteral("create")).ok());
        {
            auto t = Transaction::begin(*db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            QVERIFY(
                db->exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("add")).ok());
        }  // an early return in real code
        QCOMPARE(count(*db, QStringLiteral("t")), qint64(0));
        {
            auto t = Transaction::begin(*db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            QVERIFY(
                db->exec(QStringLiteral("INSERT INTO t VALUES (2)"), QStringLiteral("add")).ok());
            QVERIFY(t->commit().ok());
            QVERIFY(t->commit().ok());  // second commit is a no-op, not an error
        }
        QCOMPARE(count(*db, QStringLiteral("t")), qint64(1));
        {
            auto t = Transaction::begin(*db, Transaction::Kind::Write);
            QVERIFY(t.ok());
            QVERIFY(
                db->exec(QStringLiteral("INSERT INTO t VALUES (3)"), QStringLiteral("add")).ok());
            t->rollback();
        }
        QCOMPARE(count(*db, QStringLiteral("t")), qint64(1));
    }

    void movedTransactionRollsBackOnce() {
        QTemporaryDir dir;
        auto db = DatabaseConnection::open(dir.filePath(QStringLiteral("t.sqlite")));
        QVERIFY(db.ok());
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE t (x)"), QStringLiteral("create")).ok());
        {
            auto begun = Transaction::begin(*db, Transaction::Kind::Write);
            QVERIFY(begun.ok());
            Transaction moved = std::move(begun).value();
            QVERIFY(
                db->exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("add")).ok());
            QVERIFY(moved.commit().ok());
        }  // the moved-from one must not roll back the committed work (or anything after it)
        QCOMPARE(count(*db, QStringLiteral("t")), qint64(1));
    }

    // BEGIN IMMEDIATE plus the busy timeout: a second writer waits for the first to commit
    // instead of failing with "database is locked". Ordering, not time: the first commits only
    // once the second is on its way into BEGIN, and the second's BEGIN must not return before
    // that commit has started (a second writer without the busy timeout fails at once instead).
    void secondWriterWaitsForTheFirst() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.sqlite"));
        auto db = DatabaseConnection::open(path);
        QVERIFY(db.ok());
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE t (x)"), QStringLiteral("create")).ok());

        auto first = Transaction::begin(*db, Transaction::Kind::Write);
        QVERIFY(first.ok());
        QVERIFY(db->exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("add")).ok());

        std::atomic<bool> beginning{false};
        std::atomic<bool> firstCommitting{false};
        bool beganAfterTheFirstCommitted = false;
        QString secondError;
        std::unique_ptr<QThread> other(QThread::create([&] {
            auto connection = DatabaseConnection::open(path);
            if (!connection) {
                secondError = connection.errorMessage();
                return;
            }
            // The write lock is the first's until it commits: prove it before waiting for it.
            auto probe = DatabaseConnection::open(path);
            if (!probe || !probe->exec(QStringLiteral("PRAGMA busy_timeout = 0"), QStringLiteral("no wait")) ||
                probe->exec(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("probe the lock"))) {
                secondError = QStringLiteral("the first writer's lock was not held");
                return;
            }
            beginning = true;
            auto second = Transaction::begin(*connection, Transaction::Kind::Write);
            beganAfterTheFirstCommitted = firstCommitting.load();
            if (!second) {
                secondError = second.errorMessage();
                return;
            }
            auto added =
                connection->exec(QStringLiteral("INSERT INTO t VALUES (2)"), QStringLiteral("add"));
            if (!added) secondError = added.errorMessage();
            if (auto c = second->commit(); !c) secondError = c.errorMessage();
        }));
        other->start();
        QTRY_VERIFY_WITH_TIMEOUT(beginning.load() || other->isFinished(), 30'000);
        firstCommitting = true;
        QVERIFY(first->commit().ok());
        QVERIFY(other->wait(30'000));
        QVERIFY2(secondError.isEmpty(), qPrintable(secondError));
        QVERIFY(beganAfterTheFirstCommitted);
        QCOMPARE(count(*db, QStringLiteral("t")), qint64(2));
    }
};

QTEST_GUILESS_MAIN(TestTransaction)
#include "test_transaction.moc"
