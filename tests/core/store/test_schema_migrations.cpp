#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/schema_migrations.h"
#include "store/schema_v1.h"
#include "store/schema_v2.h"
#include "store/schema_v3.h"
#include "store/schema_v4.h"
#include "store/schema_v5.h"
#include "audit/audit_trail.h"
#include "store/transaction.h"
#include "store/case_repository.h"
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

// Everything a migration must keep, as text: galleries, subjects, images, faces (with every
// BLOB in hex) and the meta facts other than the version.
QString contentOf(const DatabaseConnection& db) {
    return scalar(db, QStringLiteral(
                          "SELECT (SELECT group_concat(x, '|') FROM (SELECT id || ',' || name || ','"
                          " || description || ',' || created_at || ',' || revision AS x FROM "
                          "galleries ORDER BY id)) || '#' || (SELECT group_concat(x, '|') FROM "
                          "(SELECT id || ',' || gallery_id || ',' || ifnull(external_id, '') || ','"
                          " || name || ',' || attributes AS x FROM subjects ORDER BY id)) || '#' ||"
                          " (SELECT group_concat(x, '|') FROM (SELECT id || ',' || gallery_id || "
                          "',' || ifnull(subject_id, '') || ',' || sha256 || ',' || path || ',' || "
                          "source AS x FROM images ORDER BY id)) || '#' || (SELECT group_concat(x, "
                          "'|') FROM (SELECT id || ',' || image_id || ',' || face_index || ',' || "
                          "hex(landmarks) || ',' || quality || ',' || ifnull(model_id, '') || ',' "
                          "|| hex(ifnull(descriptor, '')) AS x FROM faces ORDER BY id)) || '#' || "
                          "(SELECT group_concat(key || '=' || value, '|') FROM meta WHERE key <> "
                          "'schema_version')"))
        .toString();
}

// A workspace database exactly as a version-1 build left it: schema 1 only, with a gallery, a
// subject, and two photos with three faces written by the store's own writer.
void createVersion1Database(const QString& path) {
    auto db = DatabaseConnection::open(path);
    QVERIFY(db.ok());
    const auto run = [&](const QString& sql) {
        auto r = db->exec(sql, QStringLiteral("build a version 1 database"));
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    };
    run(QStringLiteral("BEGIN IMMEDIATE"));
    for (const QString& statement : schemaV1Statements()) run(statement);
    run(QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema_version', '1'), "
                       "('workspace_id', 'v1-workspace'), ('created_by', 'FaceCase 0.1'), "
                       "('created_at', '2024-05-01T09:00:00.000Z')"));
    run(QStringLiteral("PRAGMA application_id = %1").arg(SchemaMigrations::kApplicationId));
    run(QStringLiteral("COMMIT"));
    run(QStringLiteral("INSERT INTO galleries (name, description, created_at) VALUES "
                       "('Bookings 2010-2018', 'county jail', '2024-05-01T09:30:00.000Z')"));
    run(QStringLiteral("INSERT INTO subjects (gallery_id, external_id, name, attributes, "
                       "created_at) VALUES (1, 'B-1001', 'Doe, John', '{\"dob\":\"1980\"}', "
                       "'2024-05-01T09:30:00.000Z')"));
    EnrollmentRecord first = syntheticRecord(1);
    first.image.subjectId = 1;
    auto stored = FaceRecordWriter(*db, QStringLiteral("dlib-resnet-v1/flip-averaged"))
                      .insertBatch(1, {first, syntheticRecord(2, 2)});
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
}

// A workspace database as a version-2 build left it: a gallery with faces, a case opened
// through the repository (so with its audit record), a search with two candidates and a
// verdict written the version-1 way (reason in `note`).
void createVersion2Database(const QString& path) {
    auto db = DatabaseConnection::open(path);
    QVERIFY(db.ok());
    const auto run = [&](const QString& sql) {
        auto r = db->exec(sql, QStringLiteral("build a version 2 database"));
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    };
    run(QStringLiteral("BEGIN IMMEDIATE"));
    for (const QString& statement : schemaV1Statements() + schemaV2Statements()) run(statement);
    run(QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema_version', '2'), "
                       "('workspace_id', 'v2-workspace'), ('created_by', 'FaceCase 0.2'), "
                       "('created_at', '2024-05-01T09:00:00.000Z')"));
    run(QStringLiteral("PRAGMA application_id = %1").arg(SchemaMigrations::kApplicationId));
    run(QStringLiteral("COMMIT"));
    run(QStringLiteral("INSERT INTO galleries (name, created_at) VALUES ('Bookings', "
                       "'2024-05-01T09:30:00.000Z')"));
    auto stored = FaceRecordWriter(*db, QStringLiteral("dlib-resnet-v1/flip-averaged"))
                      .insertBatch(1, {syntheticRecord(1), syntheticRecord(2)});
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    // The case as a version-2 build wrote it: row and case_created record in one transaction
    // (today's CaseRepository reads version-4 columns, so it cannot write a version-2 case).
    {
        auto transaction = Transaction::begin(*db, Transaction::Kind::Write);
        QVERIFY(transaction.ok());
        run(QStringLiteral("INSERT INTO cases (case_number, title, purpose, analyst, opened_at, "
                           "status) VALUES ('2024-CR-17', '', 'Robbery', 'zoe', "
                           "'2024-05-01T09:45:00.000Z', 'open')"));
        AuditEntry entry;
        entry.action = QStringLiteral("case_created");
        entry.actor = QStringLiteral("zoe");
        entry.caseId = 1;
        entry.at = QDateTime(QDate(2024, 5, 1), QTime(9, 45), Qt::UTC);
        entry.details = QJsonObject{{QStringLiteral("case_number"), QStringLiteral("2024-CR-17")},
                                    {QStringLiteral("title"), QString()},
                                    {QStringLiteral("purpose"), QStringLiteral("Robbery")},
                                    {QStringLiteral("analyst"), QStringLiteral("zoe")}};
        QVERIFY(AuditTrail(*db).append(*transaction, entry).ok());
        QVERIFY(transaction->commit().ok());
    }
    run(QStringLiteral(
        "INSERT INTO searches (case_id, gallery_id, gallery_name, gallery_revision, probe_sha256, "
        "probe_evidence_path, probe_face_index, probe_box_x, probe_box_y, probe_box_width, "
        "probe_box_height, probe_descriptor, model_id, parameters, actor, started_at) VALUES "
        "(1, 1, 'Bookings', 2, '%1', 'evidence/x.jpg', 1, 10, 20, 90, 90, x'00000000', 1, "
        "'{\"k\":2}', 'zoe', '2024-05-01T10:00:00.000Z')")
            .arg(QString(64, QLatin1Char('b'))));
    run(QStringLiteral("INSERT INTO candidates (search_id, rank, face_id, distance, image_sha256) "
                       "VALUES (1, 1, 1, 0.41, '%1'), (1, 2, 2, 0.52, '%1')")
            .arg(QString(64, QLatin1Char('c'))));
    run(QStringLiteral("INSERT INTO annotations (case_id, search_id, candidate_id, kind, verdict, "
                       "note, analyst, created_at) VALUES (1, 1, 1, 'verdict', 'inconclusive', "
                       "'old style reason', 'zoe', '2024-05-01T10:05:00.000Z')"));
}

// The case side of a database as text: cases, searches, candidates, annotations, audit log.
QString caseContentOf(const DatabaseConnection& db) {
    return scalar(db, QStringLiteral(
                          "SELECT (SELECT group_concat(id || ',' || case_number || ',' || status, '|')"
                          " FROM cases) || '#' || (SELECT group_concat(id || ',' || case_id || ',' "
                          "|| probe_sha256 || ',' || hex(probe_descriptor) || ',' || parameters, '|')"
                          " FROM searches) || '#' || (SELECT group_concat(id || ',' || rank || ',' "
                          "|| distance, '|') FROM candidates) || '#' || (SELECT group_concat(id || "
                          "',' || verdict || ',' || note, '|') FROM annotations) || '#' || (SELECT "
                          "group_concat(seq || ',' || hash, '|') FROM audit_log)"))
        .toString();
}

// The SQLite error text of `sql`, or "" when it succeeds.
QString failureOf(const DatabaseConnection& db, const QString& sql) {
    auto r = db.exec(sql, QStringLiteral("run a test statement"));
    return r.ok() ? QString() : r.errorMessage();
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
        QVERIFY(objects.contains(QStringLiteral("table face_changes")));
        QVERIFY(objects.contains(QStringLiteral("trigger faces_delete_bumps_revision")));
        QVERIFY(objects.contains(QStringLiteral("table face_images")));
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
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("afterStatement");
        QTest::addColumn<QString>("statement");
        const int total = int(schemaV1Statements().size());
        QTest::newRow("before the first")
            << 1 << 0 << QStringLiteral("INSERT INTO no_such_table VALUES (1)");
        // Statement 2 creates `galleries`: this insert reaches SQLite's CHECK at run time.
        QTest::newRow("constraint after galleries")
            << 1 << 2
            << QStringLiteral("INSERT INTO galleries (name, created_at) VALUES ('  ', 'x')");
        QTest::newRow("after half") << 1 << total / 2 << QStringLiteral("SELECT no_such_function()");
        QTest::newRow("after the last") << 1 << total << QStringLiteral("CREATE TABLE faces (x)");
        // Version 2's steps run in the same transaction as version 1's: a failure there takes
        // version 1 back too. Statement 1 adds galleries.kind; its CHECK holds at run time.
        QTest::newRow("v2: constraint after the kind column")
            << 2 << 1
            << QStringLiteral("INSERT INTO galleries (name, created_at, kind) VALUES ('x', 'x', "
                              "'imaginary')");
        QTest::newRow("v2: after the last")
            << 2 << int(schemaV2Statements().size())
            << QStringLiteral("CREATE TABLE galleries (x)");
        // Version 3's steps too: statement 1 creates `probes`, whose CHECK holds at run time.
        QTest::newRow("v3: constraint after the probes table")
            << 3 << 1
            << QStringLiteral("INSERT INTO probes (case_id, sha256, evidence_path, file_bytes, "
                              "width, height, format, imported_at, actor, declared_kind) VALUES "
                              "(1, 'x', 'e', 1, 1, 1, 'JPEG', 'now', 'me', 'photo')");
        QTest::newRow("v3: after the last")
            << 3 << int(schemaV3Statements().size())
            << QStringLiteral("CREATE TABLE probes (x)");
        // Version 4: statement 1 creates `policy_settings`, whose CHECK holds at run time.
        QTest::newRow("v4: constraint after the policy table")
            << 4 << 1
            << QStringLiteral("INSERT INTO policy_settings (key, value, changed_at, changed_by) "
                              "VALUES ('', '1', 'now', 'me')");
        QTest::newRow("v4: after the last")
            << 4 << int(schemaV4Statements().size())
            << QStringLiteral("CREATE TABLE verdict_reviews (x)");
        // Version 5: statement 1 creates `face_changes`, whose CHECK holds at run time; the
        // last one recreates the update trigger the step dropped.
        QTest::newRow("v5: constraint after the change log")
            << 5 << 1
            << QStringLiteral("INSERT INTO face_changes (gallery_id, face_id, kind, revision) "
                              "VALUES (1, 1, 'added', 1)");
        QTest::newRow("v5: after the last")
            << 5 << int(schemaV5Statements().size())
            << QStringLiteral("CREATE TRIGGER faces_update_bumps_revision AFTER DELETE ON faces "
                              "BEGIN SELECT 1; END");
        // Version 6: one statement, `face_images`, whose CHECK holds at run time.
        QTest::newRow("v6: constraint after the face images table")
            << 6 << 1
            << QStringLiteral("INSERT INTO face_images (face_id, chip, chip_format, chip_sha256, "
                              "thumbnail, thumbnail_format, thumbnail_sha256) "
                              "VALUES (1, X'00', 'gif', '', X'00', 'jpeg', '')");
        QTest::newRow("after the version is written")
            << SchemaMigrations::kLatestVersion << int(SchemaMigrations::kBeforeCommit)
            << QStringLiteral("INSERT INTO meta (key, value) VALUES ('broken', NULL)");
    }
    void failedMigrationLeavesTheFileAsItWas() {
        QFETCH(int, version);
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
            migrations.injectStatementForTesting(version, afterStatement, statement);
            auto migrated = migrations.migrate();
            QVERIFY(!migrated.ok());
            const QString message = migrated.errorMessage();
            QVERIFY2(message.startsWith(path + QStringLiteral(": cannot upgrade the workspace "
                                                              "database to schema %1; nothing was "
                                                              "changed")
                                                   .arg(version)),
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

    void version1DatabaseIsUpgradedKeepingItsData() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        createVersion1Database(path);
        if (QTest::currentTestFailed()) return;
        auto db = DatabaseConnection::open(path);
        QVERIFY(db.ok());
        const QString before = contentOf(*db);
        QVERIFY2(before.contains(QStringLiteral("Doe, John")), qPrintable(before));
        QCOMPARE(count(*db, QStringLiteral("faces")), qint64(3));

        SchemaMigrations migrations(*db);
        auto from = migrations.migrate();
        QVERIFY2(from.ok(), qPrintable(from.errorMessage()));
        QCOMPARE(*from, 1);
        QCOMPARE(migrations.inspect()->schemaVersion, SchemaMigrations::kLatestVersion);
        QCOMPARE(contentOf(*db), before);  // every row and BLOB as it was, revision included
        QCOMPARE(scalar(*db, QStringLiteral("SELECT value FROM meta WHERE key = 'workspace_id'"))
                     .toString(),
                 QStringLiteral("v1-workspace"));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT group_concat(kind) FROM galleries")).toString(),
                 QStringLiteral("real"));
        auto gallery = GalleryRepository(*db).findByName(QStringLiteral("bookings 2010-2018"));
        QVERIFY(gallery.ok());
        QCOMPARE(gallery->kind, Gallery::Kind::Real);
        QCOMPARE(gallery->faceCount, qint64(3));
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA integrity_check")).toString(),
                 QStringLiteral("ok"));
        QCOMPARE(
            scalar(*db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(), 0);
        const QStringList objects = objectsOf(*db);
        QVERIFY(objects.contains(QStringLiteral("trigger images_no_photos_in_synthetic_galleries")));
        QVERIFY(objects.contains(QStringLiteral("trigger galleries_kind_is_fixed")));
        // The stored CREATE TABLE is still valid SQL with the new column (ALTER TABLE splices it in).
        QVERIFY(scalar(*db, QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'galleries'"))
                    .toString()
                    .contains(QStringLiteral("kind TEXT NOT NULL DEFAULT 'real'")));

        // The upgraded gallery goes on taking photos, and only photos.
        auto more = FaceRecordWriter(*db, QStringLiteral("dlib-resnet-v1/flip-averaged"))
                        .insert(gallery->id, syntheticRecord(3));
        QVERIFY2(more.ok(), qPrintable(more.errorMessage()));
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE images SET source = 'synthetic' WHERE id = 1"))
                    .contains(QStringLiteral("cannot be mixed")));

        // A second run finds nothing to do.
        auto again = SchemaMigrations(*db).migrate();
        QVERIFY(again.ok());
        QCOMPARE(*again, SchemaMigrations::kLatestVersion);
    }

    // A failing version-2 step rolls back to the version-1 file, data and all.
    void failedUpgradeFromVersion1LeavesItAsItWas() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        createVersion1Database(path);
        if (QTest::currentTestFailed()) return;
        const QByteArray before = fileFingerprint(path);
        {
            auto db = DatabaseConnection::open(path);
            QVERIFY(db.ok());
            SchemaMigrations migrations(*db);
            migrations.injectStatementForTesting(2, 2, QStringLiteral("SELECT no_such_function()"));
            auto migrated = migrations.migrate();
            QVERIFY(!migrated.ok());
            QVERIFY2(migrated.errorMessage().contains(QStringLiteral("to schema 2; nothing was changed")),
                     qPrintable(migrated.errorMessage()));
            QCOMPARE(migrations.inspect()->schemaVersion, 1);
            QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM pragma_table_info('galleries') "
                                                "WHERE name = 'kind'"))
                         .toInt(),
                     0);
        }
        QCOMPARE(fileFingerprint(path), before);
    }

    // Cases, searches, candidates, verdicts and the audit chain of a version-2 database survive
    // the upgrade unchanged; the new columns read as "no probe row, detector face, no reason".
    void version2DatabaseIsUpgradedKeepingItsCases() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        createVersion2Database(path);
        if (QTest::currentTestFailed()) return;
        auto db = DatabaseConnection::open(path);
        QVERIFY(db.ok());
        const QString galleriesBefore = contentOf(*db);
        const QString casesBefore = caseContentOf(*db);
        QVERIFY2(casesBefore.contains(QStringLiteral("old style reason")), qPrintable(casesBefore));

        auto from = SchemaMigrations(*db).migrate();
        QVERIFY2(from.ok(), qPrintable(from.errorMessage()));
        QCOMPARE(*from, 2);
        QCOMPARE(SchemaMigrations(*db).inspect()->schemaVersion, SchemaMigrations::kLatestVersion);
        QCOMPARE(contentOf(*db), galleriesBefore);
        QCOMPARE(caseContentOf(*db), casesBefore);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT quote(probe_id) || manual_face FROM searches")).toString(),
                 QStringLiteral("NULL0"));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT quote(reason) FROM annotations")).toString(),
                 QStringLiteral("''"));
        auto verified = AuditTrail(*db).verify();
        QVERIFY(verified.ok());
        QVERIFY(verified->intact());
        QCOMPARE(verified->recordCount, qint64(1));
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(), 0);

        const QStringList objects = objectsOf(*db);
        for (const char* name : {"table probes", "table annotation_marks", "index probes_by_sha256",
                                 "index searches_by_probe", "index audit_log_by_time",
                                 "index audit_log_by_action_actor",
                                 "trigger annotations_verdict_needs_reason",
                                 "trigger annotations_are_not_edited"}) {
            QVERIFY2(objects.contains(QLatin1String(name)), name);
        }
        // The audit view's filters use the new indexes.
        const auto planOf = [&](const QString& sql) {
            QSqlQuery plan(db->database());
            QString text;
            if (!plan.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql)) return plan.lastError().text();
            while (plan.next()) text += plan.value(3).toString() + QLatin1Char(';');
            return text;
        };
        const QString byTime = planOf(QStringLiteral(
            "SELECT seq FROM audit_log WHERE at >= '2024-05-01' AND at < '2024-05-02'"));
        QVERIFY2(byTime.contains(QStringLiteral("audit_log_by_time")), qPrintable(byTime));
        const QString byAction = planOf(QStringLiteral(
            "SELECT seq FROM audit_log WHERE action = 'search_run' AND actor = 'zoe'"));
        QVERIFY2(byAction.contains(QStringLiteral("audit_log_by_action_actor")), qPrintable(byAction));

        // The new tables take rows, and their rules hold.
        const QString probe = QStringLiteral(
            "INSERT INTO probes (case_id, sha256, evidence_path, original_path, file_bytes, width, "
            "height, format, imported_at, actor, declared_kind, edit_note) VALUES (1, '%1', "
            "'evidence/%1.jpg', '/x.jpg', 10, 64, 48, 'JPEG', 'now', 'zoe', '%2', '%3')");
        const QString sha = QString(64, QLatin1Char('d'));
        QVERIFY(failureOf(*db, probe.arg(sha, QStringLiteral("edited_image"), QString()))
                    .contains(QStringLiteral("CHECK constraint failed")));
        QVERIFY(!failureOf(*db, probe.arg(sha, QStringLiteral("photo"), QString())).isEmpty());
        QCOMPARE(failureOf(*db, probe.arg(sha, QStringLiteral("cctv_still"), QString())), QString());
        QVERIFY(failureOf(*db, probe.arg(sha, QStringLiteral("cctv_still"), QString()))
                    .contains(QStringLiteral("UNIQUE")));
        QCOMPARE(failureOf(*db, QStringLiteral("UPDATE searches SET probe_id = 1")), QString());
        QVERIFY(!failureOf(*db, QStringLiteral("DELETE FROM probes")).isEmpty());  // a search uses it
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE annotations SET note = 'changed'"))
                    .contains(QStringLiteral("annotations cannot be changed")));
        QCOMPARE(failureOf(*db, QStringLiteral("INSERT INTO annotation_marks (annotation_id, side, "
                                               "x, y, label) VALUES (1, 'probe', 3, 4, 'scar')")),
                 QString());
        QVERIFY(!failureOf(*db, QStringLiteral("INSERT INTO annotation_marks (annotation_id, side, "
                                               "x, y) VALUES (1, 'left', 3, 4)"))
                     .isEmpty());

        // Version 4: retention reads as "policy default, not purged"; its rules hold.
        QCOMPARE(scalar(*db, QStringLiteral("SELECT quote(retention_days) || quote(purged_at) FROM cases"))
                     .toString(),
                 QStringLiteral("NULLNULL"));
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE cases SET retention_days = 0"))
                    .contains(QStringLiteral("CHECK constraint failed")));
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE cases SET purged_at = 'now'"))
                    .contains(QStringLiteral("an open case cannot be purged")));
        QCOMPARE(failureOf(*db, QStringLiteral("UPDATE cases SET status = 'closed', closed_at = 'x'")),
                 QString());
        QCOMPARE(failureOf(*db, QStringLiteral("UPDATE cases SET purged_at = 'now'")), QString());
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE cases SET purged_at = 'later'"))
                    .contains(QStringLiteral("a purge cannot be undone")));
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE cases SET status = 'open', closed_at = NULL"))
                    .contains(QStringLiteral("a purged case cannot be reopened")));

        const QString review = QStringLiteral(
            "INSERT INTO verdict_reviews (annotation_id, outcome, reason, analyst, reviewed_at) "
            "VALUES (%1, 'confirmed', 'same scar', '%2', 'now')");
        QVERIFY(failureOf(*db, review.arg(QStringLiteral("1"), QStringLiteral("max")))
                    .contains(QStringLiteral("only a possible-match verdict is reviewed")));
        QCOMPARE(failureOf(*db, QStringLiteral(
                                    "INSERT INTO annotations (case_id, search_id, candidate_id, kind, "
                                    "verdict, reason, analyst, created_at) VALUES (1, 1, 2, 'verdict', "
                                    "'possible_match', 'ear shape', 'zoe', 'now')")),
                 QString());
        QVERIFY(failureOf(*db, review.arg(QStringLiteral("2"), QStringLiteral(" ZOE ")))
                    .contains(QStringLiteral("must differ from the one who set the verdict")));
        QCOMPARE(failureOf(*db, review.arg(QStringLiteral("2"), QStringLiteral("max"))), QString());
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE verdict_reviews SET outcome = 'disputed'"))
                    .contains(QStringLiteral("reviews cannot be changed")));

        QVERIFY(failureOf(*db, QStringLiteral("INSERT INTO supervisor_credential (id, passphrase_hash, "
                                               "set_at, set_by) VALUES (1, 'plain text', 'now', 'boss')"))
                    .contains(QStringLiteral("CHECK constraint failed")));
        QVERIFY(failureOf(*db, QStringLiteral("INSERT INTO supervisor_credential (id, passphrase_hash, "
                                               "set_at, set_by) VALUES (2, '$argon2id$v=19$x', 'now', "
                                               "'boss')"))
                    .contains(QStringLiteral("CHECK constraint failed")));
    }

    // Schema 2 keeps synthetic benchmark faces and photos of people apart, whatever writes.
    void realAndSyntheticCannotBeMixed() {
        QTemporaryDir dir;
        auto db = DatabaseConnection::open(dir.filePath(QStringLiteral("w.sqlite")));
        QVERIFY(db.ok());
        QVERIFY(SchemaMigrations(*db).migrate().ok());
        GalleryRepository galleries(*db);
        auto real = galleries.create(QStringLiteral("Bookings"));
        auto synthetic = galleries.create(QStringLiteral("Bench"), {}, Gallery::Kind::Synthetic);
        QVERIFY(real.ok() && synthetic.ok());
        QCOMPARE(real->kind, Gallery::Kind::Real);
        QCOMPARE(synthetic->kind, Gallery::Kind::Synthetic);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT kind FROM galleries WHERE name = 'Bench'")).toString(),
                 QStringLiteral("synthetic"));

        // A photo (any source but 'synthetic') into the synthetic gallery, through the writer
        // (which checks first and names the gallery; the trigger below it says the same).
        FaceRecordWriter writer(*db, QStringLiteral("m/plain"));
        auto photo = writer.insert(synthetic->id, syntheticRecord(1));
        QVERIFY(!photo.ok());
        QVERIFY2(photo.errorMessage().contains(
                     QStringLiteral("is synthetic (a benchmark fixture): photos cannot be enrolled into it")),
                 qPrintable(photo.errorMessage()));
        // A synthetic image into the real gallery.
        EnrollmentRecord fake = syntheticRecord(2);
        fake.image.source = QStringLiteral("synthetic");
        auto faked = writer.insert(real->id, fake);
        QVERIFY(!faked.ok());
        QVERIFY2(faked.errorMessage().contains(QStringLiteral("synthetic faces go only into a synthetic gallery")),
                 qPrintable(faked.errorMessage()));
        QCOMPARE(count(*db, QStringLiteral("images")), qint64(0));
        QCOMPARE(count(*db, QStringLiteral("faces")), qint64(0));

        // Moving a photo into the synthetic gallery, or relabelling it as synthetic.
        auto loose = writer.insert(real->id, syntheticRecord(3, 0));
        QVERIFY2(loose.ok(), qPrintable(loose.errorMessage()));
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE images SET gallery_id = %1").arg(synthetic->id))
                    .contains(QStringLiteral("cannot be mixed")));
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE images SET source = 'synthetic'"))
                    .contains(QStringLiteral("cannot be mixed")));
        // A gallery's kind is fixed, even while empty; unknown kinds fail the CHECK.
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE galleries SET kind = 'real' WHERE id = %1")
                                   .arg(synthetic->id))
                    .contains(QStringLiteral("fixed when it is created")));
        QVERIFY(failureOf(*db, QStringLiteral("UPDATE galleries SET kind = 'synthetic'"))
                    .contains(QStringLiteral("fixed when it is created")));
        QVERIFY(!failureOf(*db, QStringLiteral("INSERT INTO galleries (name, created_at, kind) "
                                               "VALUES ('X', 'x', 'imaginary')"))
                     .isEmpty());
        // No enrollment job on a synthetic gallery; on a real one, yes.
        const QString job = QStringLiteral("INSERT INTO enrollment_jobs (gallery_id, source_folder, "
                                           "actor, started_at) VALUES (%1, '/photos', 'me', 'now')");
        QVERIFY(failureOf(*db, job.arg(synthetic->id)).contains(QStringLiteral("this gallery is synthetic")));
        QCOMPARE(failureOf(*db, job.arg(real->id)), QString());
        // Renaming or describing a gallery is no kind change.
        QCOMPARE(failureOf(*db, QStringLiteral("UPDATE galleries SET description = 'x'")), QString());
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
                                           "up to %1); upgrade FaceCase")
                                .arg(SchemaMigrations::kLatestVersion));
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
