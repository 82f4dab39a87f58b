#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "store/schema_migrations.h"
#include "store/schema_v1.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
QStringList objectsOf(const DatabaseConnection& db) {
    QSqlQuery query(db.database());
    query.setForwardOnly(true);
    QStringList names;
    if (!query.exec(QStringLiteral(
            "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "ORDER BY 1"))) {
        return {QStringLiteral("error: ") + query.lastError().text()};
    }
    while (query.next()) names << query.value(0).toString();
    return names;
}
}  // namespace

class TestSchemaMigrations : public QObject {
    Q_OBJECT
private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void emptyDatabaseBecomesLatest() {
        QTemporaryDir dir;
        auto db = DatabaseConnection::open(dir.filePath(QStringLiteral("w.sqlite")));
        QVERIFY(db.ok());
        SchemaMigrations migrations(*db);
        auto before = migrations.inspect();
        QVERIFY(before.ok());
        QVERIFY(before->isEmpty);
        QCOMPARE(before->schemaVersion, 0);

        auto from = migrations.migrate();
        QVERIFY2(from.ok(), qPrintable(from.errorMessage()));
        QCOMPARE(*from, 0);
        auto after = migrations.inspect();
        QVERIFY(after.ok());
        QCOMPARE(after->schemaVersion, SchemaMigrations::kLatestVersion);
        QCOMPARE(after->applicationId, SchemaMigrations::kApplicationId);

        const QStringList objects = objectsOf(*db);
        for (const char* table : {"meta", "galleries", "subjects", "descriptor_models", "images",
                                  "faces", "enrollment_jobs", "enrollment_items", "cases",
                                  "searches", "candidates", "annotations", "audit_log"}) {
            QVERIFY2(objects.contains(QStringLiteral("table ") + QLatin1String(table)),
                     qPrintable(objects.join(QLatin1Char(','))));
        }
        QVERIFY(objects.contains(QStringLiteral("trigger faces_insert_bumps_revision")));
        QVERIFY(objects.contains(QStringLiteral("index faces_by_gallery_model")));
        QCOMPARE(
            scalar(*db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(),
            0);
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA integrity_check")).toString(),
                 QStringLiteral("ok"));
        QVERIFY(!scalar(*db, QStringLiteral("SELECT value FROM meta WHERE key = 'workspace_id'"))
                     .toString()
                     .isEmpty());
    }

    void currentDatabaseIsLeftAlone() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        {
            auto db = DatabaseConnection::open(path);
            QVERIFY(db.ok());
            QVERIFY(SchemaMigrations(*db).migrate().ok());
        }
        const QByteArray before = fileFingerprint(path);
        {
            auto db = DatabaseConnection::open(path);
            QVERIFY(db.ok());
            auto from = SchemaMigrations(*db).migrate();
            QVERIFY(from.ok());
            QCOMPARE(*from, SchemaMigrations::kLatestVersion);
        }
        QCOMPARE(fileFingerprint(path), before);
    }

    // A statement that really fails in SQLite, at several points of the migration: the
    // transaction must take everything back, header (application_id) included.
    void failedMigrationLeavesTheFileAsItWas_data() {
        QTest::addColumn<int>("afterStatement");
        QTest::addColumn<QString>("statement");
        const int total = int(schemaV1Statements().size());
        QTest::newRow("before the first")
            << 0 << QStringLiteral("INSERT INTO no_such_table VALUES (1)");
        // Statement 2 creates `galleries`: this insert reaches SQLite's CHECK at run time.
        QTest::newRow("constraint after galleries")
            << 2 << QStringLiteral("INSERT INTO galleries (name, created_at) VALUES ('  ', 'x')");
        QTest::newRow("after half") << total / 2 << QStringLiteral("SELECT no_such_function()");
        QTest::newRow("after the last") << total << QStringLiteral("CREATE TABLE faces (x)");
        QTest::newRow("after the version is written")
            << int(SchemaMigrations::kBeforeCommit)
            << QStringLiteral("INSERT INTO meta (key, value) VALUES ('broken', NULL)");
    }
    void failedMigrationLeavesTheFileAsItWas() {
        QFETCH(int, afterStatement);
        QFETCH(QString, statement);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        {
            // An existing (empty, WAL-mode) database file, as a crash before migration leaves.
            auto db = DatabaseConnection::open(path);
            QVERIFY(db.ok());
        }
        const QByteArray before = fileFingerprint(path);
        QVERIFY(!before.isEmpty());
        {
            auto db = DatabaseConnection::open(path);
            QVERIFY(db.ok());
            SchemaMigrations migrations(*db);
            migrations.injectStatementForTesting(1, afterStatement, statement);
            auto migrated = migrations.migrate();
            QVERIFY(!migrated.ok());
            const QString message = migrated.errorMessage();
            QVERIFY2(
                message.startsWith(path + QStringLiteral(": cannot upgrade the workspace database "
                                                         "to schema 1; nothing was changed")),
                qPrintable(message));
            QVERIFY2(message.contains(statement), qPrintable(message));
            qInfo("%s", qPrintable(message));
            // Seen through the same connection, right after the failure...
            QCOMPARE(objectsOf(*db), QStringList());
            QCOMPARE(scalar(*db, QStringLiteral("PRAGMA application_id")).toInt(), 0);
        }
        // ...and in the file once the connection has checkpointed and closed.
        QCOMPARE(fileFingerprint(path), before);

        // The failure is not sticky: without the injected statement it goes through.
        auto db = DatabaseConnection::open(path);
        QVERIFY(db.ok());
        auto retried = SchemaMigrations(*db).migrate();
        QVERIFY2(retried.ok(), qPrintable(retried.errorMessage()));
        QCOMPARE(*retried, 0);
    }

    void newerDatabaseIsRefusedUntouched() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        {
            auto db = DatabaseConnection::open(path);
            QVERIFY(db.ok());
            QVERIFY(SchemaMigrations(*db).migrate().ok());
            QVERIFY(
                db->exec(QStringLiteral("UPDATE meta SET value = '7' WHERE key = 'schema_version'"),
                         QStringLiteral("pretend to be newer"))
                    .ok());
        }
        const QByteArray before = fileFingerprint(path);
        {
            auto db = DatabaseConnection::open(path);
            QVERIFY(db.ok());
            auto migrated = SchemaMigrations(*db).migrate();
            QVERIFY(!migrated.ok());
            QCOMPARE(migrated.errorMessage(),
                     path + QStringLiteral(": made by a newer FaceCase (schema 7, this build knows "
                                           "up to 1); upgrade FaceCase"));
        }
        QCOMPARE(fileFingerprint(path), before);
    }

    void otherProgramsDatabasesAreRefused_data() {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tables, no meta")
            << QStringLiteral("CREATE TABLE contacts (name)")
            << QStringLiteral(
                   ": not a FaceCase workspace database (an SQLite database of another program)");
        QTest::newRow("other application id")
            << QStringLiteral("PRAGMA application_id = 1234")
            << QStringLiteral(
                   ": not a FaceCase workspace database (an SQLite database of another "
                   "program, application id 0x000004d2)");
    }
    void otherProgramsDatabasesAreRefused() {
        QFETCH(QString, setup);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        auto db = DatabaseConnection::open(path);
        QVERIFY(db.ok());
        QVERIFY(db->exec(setup, QStringLiteral("set up")).ok());
        auto migrated = SchemaMigrations(*db).migrate();
        QVERIFY(!migrated.ok());
        QCOMPARE(migrated.errorMessage(), path + expected);
        QCOMPARE(
            scalar(*db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'meta'"))
                .toInt(),
            0);
    }
};

QTEST_GUILESS_MAIN(TestSchemaMigrations)
#include "test_schema_migrations.moc"
