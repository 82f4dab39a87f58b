#include <QRegularExpression>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <memory>

#include "store/database_connection.h"
#include "store/descriptor_reader.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

class TestDatabaseConnection : public QObject {
    Q_OBJECT
private slots:
    void init() {
        // Qt Sql reports misuse ("connection is still in use", "does not belong to the calling
        // thread") only as warnings; any warning here is a bug.
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    }

    void setsThePragmasFaceCaseRelieson() {
        QTemporaryDir dir;
        auto connection = DatabaseConnection::open(dir.filePath(QStringLiteral("a.sqlite")));
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        QCOMPARE(scalar(*connection, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(scalar(*connection, QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(scalar(*connection, QStringLiteral("PRAGMA synchronous")).toInt(), 1);  // NORMAL
        QCOMPARE(scalar(*connection, QStringLiteral("PRAGMA busy_timeout")).toInt(),
                 DatabaseConnection::kBusyTimeoutMs);
        QCOMPARE(connection->thread(), QThread::currentThread());
    }

    // SQLite has no logins: the actor is whoever runs FaceCase, as Workspace::actor() says.
    void sqliteConnectionSaysTheOperatingSystemUser() {
        QTemporaryDir dir;
        auto connection = DatabaseConnection::open(dir.filePath(QStringLiteral("a.sqlite")));
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        QCOMPARE(connection->dialect().backend(), SqlBackend::Sqlite);
        QCOMPARE(connection->dialect().driverName(), QStringLiteral("QSQLITE"));
        auto actor = connection->actor();
        QVERIFY2(actor.ok(), qPrintable(actor.errorMessage()));
        QCOMPARE(actor->name(), Actor::operatingSystemUser().name());
    }

    void namesAreUniqueAndSayPathAndThread() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.sqlite"));
        auto a = DatabaseConnection::open(path);
        auto b = DatabaseConnection::open(path);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->connectionName() != b->connectionName());
        QVERIFY(a->connectionName().contains(path));
        const QString threadId =
            QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
        QVERIFY2(a->connectionName().contains(QStringLiteral("thread-") + threadId),
                 qPrintable(a->connectionName()));

        QString otherThreadName;
        std::unique_ptr<QThread> thread(QThread::create([&] {
            auto c = DatabaseConnection::open(path);
            if (c) otherThreadName = c->connectionName();
        }));
        thread->start();
        QVERIFY(thread->wait(10000));
        QVERIFY(!otherThreadName.isEmpty());
        QVERIFY(!otherThreadName.contains(QStringLiteral("thread-") + threadId + QLatin1Char(':')));
        QVERIFY(!QSqlDatabase::contains(otherThreadName));  // closed with its thread's work
    }

    void closingRemovesTheQtConnectionWithoutWarnings() {
        QTemporaryDir dir;
        QString name;
        {
            auto connection = DatabaseConnection::open(dir.filePath(QStringLiteral("a.sqlite")));
            QVERIFY(connection.ok());
            name = connection->connectionName();
            QVERIFY(QSqlDatabase::contains(name));
            QSqlQuery query(connection->database());  // a live query at close time is fine
            QVERIFY(query.exec(QStringLiteral("SELECT 1")));
        }
        QVERIFY(!QSqlDatabase::contains(name));
    }

    void movingKeepsOneOwner() {
        QTemporaryDir dir;
        auto opened = DatabaseConnection::open(dir.filePath(QStringLiteral("a.sqlite")));
        QVERIFY(opened.ok());
        const QString name = opened->connectionName();
        DatabaseConnection moved = std::move(opened).value();
        QCOMPARE(moved.connectionName(), name);
        QCOMPARE(scalar(moved, QStringLiteral("SELECT 41 + 1")).toInt(), 42);

        auto other = DatabaseConnection::open(dir.filePath(QStringLiteral("b.sqlite")));
        QVERIFY(other.ok());
        const QString otherName = other->connectionName();
        moved = std::move(other).value();  // closes the first connection
        QVERIFY(!QSqlDatabase::contains(name));
        QCOMPARE(moved.connectionName(), otherName);
    }

    void readOnlyModeNeverWrites() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.sqlite"));
        {
            auto rw = DatabaseConnection::open(path);
            QVERIFY(rw.ok());
            QVERIFY(rw->exec(QStringLiteral("CREATE TABLE t (x)"), QStringLiteral("create")).ok());
        }
        const QByteArray before = fileFingerprint(path);
        auto ro = DatabaseConnection::open(path, DatabaseConnection::Mode::ReadOnly);
        QVERIFY2(ro.ok(), qPrintable(ro.errorMessage()));
        QCOMPARE(count(*ro, QStringLiteral("t")), qint64(0));
        auto write =
            ro->exec(QStringLiteral("INSERT INTO t VALUES (1)"), QStringLiteral("add a row"));
        QVERIFY(!write.ok());
        QVERIFY2(write.errorMessage().startsWith(path + QStringLiteral(": cannot add a row (")),
                 qPrintable(write.errorMessage()));
        QVERIFY2(write.errorMessage().contains(QStringLiteral("read-only")),
                 qPrintable(write.errorMessage()));
        QCOMPARE(fileFingerprint(path), before);

        auto missing = DatabaseConnection::open(dir.filePath(QStringLiteral("none.sqlite")),
                                                DatabaseConnection::Mode::ReadOnly);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("none.sqlite"))));
    }

    // The WAL promise: readers on their own connections keep reading while the writer commits,
    // never get "database is locked", and always see whole batches.
    void readersOnOwnConnectionsNeverBlockTheWriter() {
        QTemporaryDir dir;
        auto workspace = Workspace::open(dir.path());
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        auto writerConnection = workspace->openConnection();
        QVERIFY(writerConnection.ok());
        auto gallery = GalleryRepository(*writerConnection).create(QStringLiteral("Bookings"));
        QVERIFY(gallery.ok());
        const qint64 galleryId = gallery->id;
        const QString model = QStringLiteral("test-model");

        constexpr int kBatches = 40;
        constexpr int kBatchSize = 250;
        std::atomic<bool> writerDone{false};
        struct ReaderReport {
            int reads = 0;
            int distinctStates = 0;
            QStringList problems;
        };
        ReaderReport reports[2];
        std::atomic<int> attempts[2] = {0, 0};  // reads begun and ended, failed ones too

        auto reader = [&](ReaderReport& report, std::atomic<int>& attempted) {
            auto connection = workspace->openConnection();
            if (!connection) {
                report.problems << connection.errorMessage();
                return;
            }
            DescriptorReader descriptors(*connection);
            std::size_t lastCount = 0;
            bool last = false;
            while (!last) {
                last = writerDone.load();  // one more read after the writer finished
                auto loaded = descriptors.loadGallery(galleryId, model);
                ++attempted;
                if (!loaded) {
                    report.problems << loaded.errorMessage();
                    continue;
                }
                ++report.reads;
                const std::size_t n = loaded->count();
                if (n != lastCount) ++report.distinctStates;
                // One face per photo, faces only ever added: the revision counts the faces
                // in the very snapshot the descriptors came from.
                if (qint64(n) != loaded->revision) {
                    report.problems
                        << QStringLiteral("revision %1 but %2 faces").arg(loaded->revision).arg(n);
                }
                if (n % kBatchSize != 0) {
                    report.problems << QStringLiteral("saw half a batch: %1 faces").arg(n);
                }
                if (n < lastCount) report.problems << QStringLiteral("count went backwards");
                lastCount = n;
            }
            if (lastCount != std::size_t(kBatches * kBatchSize)) {
                report.problems << QStringLiteral("final read saw %1 faces").arg(lastCount);
            }
        };
        std::unique_ptr<QThread> r1(QThread::create(reader, std::ref(reports[0]), std::ref(attempts[0])));
        std::unique_ptr<QThread> r2(QThread::create(reader, std::ref(reports[1]), std::ref(attempts[1])));
        r1->start();
        r2->start();

        FaceRecordWriter writer(*writerConnection, model);
        int n = 0;
        for (int b = 0; b < kBatches; ++b) {
            std::vector<EnrollmentRecord> batch;
            for (int i = 0; i < kBatchSize; ++i) batch.push_back(syntheticRecord(n++));
            auto stored = writer.insertBatch(galleryId, batch);
            QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
            // Readers interleave with commits: each reads once more, begun after this commit,
            // before the next batch is written.
            const int seen[2] = {attempts[0].load(), attempts[1].load()};
            QVERIFY(QTest::qWaitFor([&] { return attempts[0] >= seen[0] + 2 && attempts[1] >= seen[1] + 2; }, 30'000));
        }
        writerDone = true;
        QVERIFY(r1->wait(60000));
        QVERIFY(r2->wait(60000));
        for (const ReaderReport& report : reports) {
            QVERIFY2(report.problems.isEmpty(),
                     qPrintable(report.problems.join(QLatin1Char('\n'))));
            QVERIFY(report.reads > 1);
            qInfo("reader: %d reads, %d distinct states while %d batches were committed",
                  report.reads, report.distinctStates, kBatches);
        }
    }
};

QTEST_GUILESS_MAIN(TestDatabaseConnection)
#include "test_database_connection.moc"
