#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "audit/audit_trail.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

class TestGalleryRepository : public QObject {
    Q_OBJECT

    FreshWorkspaces m_workspaces;

    // A fresh workspace per test, so tests cannot see each other's galleries.
    DatabaseConnection freshConnection() { return m_workspaces.next(); }

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void createsAndFinds() {
        DatabaseConnection db = freshConnection();
        GalleryRepository galleries(db);
        const QString name = QStringLiteral("Bookings 2010–2018");  // en dash: not just ASCII
        auto created = galleries.create(QStringLiteral("  ") + name + QStringLiteral(" "),
                                        QStringLiteral("County jail booking photos"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QVERIFY(created->id > 0);
        QCOMPARE(created->name, name);  // trimmed
        QCOMPARE(created->description, QStringLiteral("County jail booking photos"));
        QCOMPARE(created->revision, qint64(0));
        QCOMPARE(created->faceCount, qint64(0));
        QVERIFY(created->createdAt.isValid());
        QVERIFY(qAbs(created->createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);

        auto found = galleries.findByName(QStringLiteral("bookings 2010–2018"));  // any ASCII case
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QCOMPARE(found->id, created->id);
        auto byId = galleries.findById(created->id);
        QVERIFY(byId.ok());
        QCOMPARE(byId->name, name);
    }

    void duplicateNamesAreRefused_data() {
        QTest::addColumn<QString>("second");
        QTest::newRow("same") << QStringLiteral("Case 42 images");
        QTest::newRow("other case") << QStringLiteral("CASE 42 IMAGES");
        QTest::newRow("padded") << QStringLiteral(" Case 42 images\t");
    }
    void duplicateNamesAreRefused() {
        QFETCH(QString, second);
        DatabaseConnection db = freshConnection();
        GalleryRepository galleries(db);
        QVERIFY(galleries.create(QStringLiteral("Case 42 images")).ok());
        auto duplicate = galleries.create(second);
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(duplicate.errorMessage(),
                 QStringLiteral(
                     "a gallery named \"Case 42 images\" already exists; choose another name"));
        QCOMPARE(count(db, QStringLiteral("galleries")), qint64(1));
    }

    void badNamesAreRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << QStringLiteral("a gallery needs a name");
        QTest::newRow("blank") << QStringLiteral("   ") << QStringLiteral("a gallery needs a name");
        QTest::newRow("newline")
            << QStringLiteral("a\nb")
            << QStringLiteral(
                   "gallery name \"a b\" contains a control character (newline, tab, ...)");
        QTest::newRow("too long") << QString(201, QLatin1Char('x'))
                                  << QStringLiteral(
                                         "gallery name too long (201 characters, at most 200)");
    }
    void badNamesAreRefused() {
        QFETCH(QString, name);
        QFETCH(QString, message);
        DatabaseConnection db = freshConnection();
        auto created = GalleryRepository(db).create(name);
        QVERIFY(!created.ok());
        QCOMPARE(created.errorMessage(), message);
    }

    void listsByNameWithCounts() {
        DatabaseConnection db = freshConnection();
        GalleryRepository galleries(db);
        auto b = galleries.create(QStringLiteral("b bookings"));
        auto a = galleries.create(QStringLiteral("A case"));
        QVERIFY(a.ok() && b.ok());
        FaceRecordWriter writer(db, QStringLiteral("m"));
        QVERIFY(writer
                    .insertBatch(b->id, {syntheticRecord(1, 2), syntheticRecord(2, 1),
                                         syntheticRecord(3, 0)})
                    .ok());
        auto list = galleries.list();
        QVERIFY(list.ok());
        QCOMPARE(list->size(), std::size_t(2));
        QCOMPARE(list->at(0).name, QStringLiteral("A case"));  // NOCASE order
        QCOMPARE(list->at(0).faceCount, qint64(0));
        QCOMPARE(list->at(1).imageCount, qint64(3));
        QCOMPARE(list->at(1).faceCount, qint64(3));
        QCOMPARE(list->at(1).revision, revisionBumps(3, 1));

        // The per-search look-up: the same row, the counts left out (-1), not zeros.
        auto uncounted = galleries.findByName(QStringLiteral("B Bookings"), GalleryRepository::Counts::Skipped);
        QVERIFY(uncounted.ok());
        QCOMPARE(uncounted->id, b->id);
        QCOMPARE(uncounted->name, QStringLiteral("b bookings"));
        QCOMPARE(uncounted->revision, revisionBumps(3, 1));
        QCOMPARE(uncounted->imageCount, qint64(-1));
        QCOMPARE(uncounted->faceCount, qint64(-1));
        QVERIFY(!uncounted->isSynthetic());
        QCOMPARE(galleries.findByName(QStringLiteral("b bookings"))->faceCount, qint64(3));
    }

    void notFoundNamesTheGalleriesThereAre() {
        DatabaseConnection db = freshConnection();
        GalleryRepository galleries(db);
        auto none = galleries.findByName(QStringLiteral("Bookings"));
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, Error::Kind::NotFound);
        QCOMPARE(
            none.errorMessage(),
            QStringLiteral("no gallery named \"Bookings\"; this workspace has no galleries yet"));
        QVERIFY(galleries.create(QStringLiteral("Bookings 2010–2018")).ok());
        QVERIFY(galleries.create(QStringLiteral("Case 42 images")).ok());
        auto missing = galleries.findByName(QStringLiteral("Bookings"));
        QCOMPARE(missing.errorMessage(),
                 QStringLiteral("no gallery named \"Bookings\"; galleries: \"Bookings 2010–2018\", "
                                "\"Case 42 images\""));
        auto byId = galleries.findById(999);
        QVERIFY(!byId.ok());
        QCOMPARE(byId.error().kind, Error::Kind::NotFound);
    }

    // Removing a gallery takes everything enrolled in it, leaves other galleries alone, and
    // keeps the case record of searches made against it.
    void removeCascades() {
        DatabaseConnection db = freshConnection();
        GalleryRepository galleries(db);
        auto doomed = galleries.create(QStringLiteral("Bookings"));
        auto kept = galleries.create(QStringLiteral("Case 42 images"));
        QVERIFY(doomed.ok() && kept.ok());
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        const qint64 g = doomed->id;
        for (const QString& sql : {
                 QStringLiteral("INSERT INTO subjects (gallery_id, external_id, name, created_at) "
                                "VALUES (%1, 'B-1001', 'Doe, John', '%2')"),
                 QStringLiteral("INSERT INTO enrollment_jobs (gallery_id, source_folder, actor, "
                                "started_at) VALUES (%1, '/photos', 'analyst', '%2')"),
             }) {
            QVERIFY(db.exec(sql.arg(g).arg(now), QStringLiteral("set up")).ok());
        }
        const qint64 subject =
            scalar(db, QStringLiteral("SELECT max(id) FROM subjects")).toLongLong();
        const qint64 job =
            scalar(db, QStringLiteral("SELECT max(id) FROM enrollment_jobs")).toLongLong();

        FaceRecordWriter writer(db, QStringLiteral("m"));
        EnrollmentRecord record = syntheticRecord(1, 2);
        record.image.subjectId = subject;
        record.image.jobId = job;
        auto stored = writer.insert(g, record);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QVERIFY(writer.insertBatch(g, {syntheticRecord(2), syntheticRecord(3)}).ok());
        QVERIFY(writer.insertBatch(kept->id, {syntheticRecord(1), syntheticRecord(4)}).ok());
        QVERIFY(db.exec(QStringLiteral(
                            "INSERT INTO enrollment_items (job_id, path, sha256, status, "
                            "face_count, image_id, "
                            "processed_at) VALUES (%1, '/photos/1.jpg', '%2', 'ok', 2, %3, '%4')")
                            .arg(job)
                            .arg(record.image.sha256)
                            .arg(stored->imageId)
                            .arg(now),
                        QStringLiteral("set up"))
                    .ok());
        // A case searched this gallery; its record must survive the gallery.
        const QString zeros(64, QLatin1Char('0'));
        QVERIFY(
            db.exec(
                  QStringLiteral(
                      "INSERT INTO cases (case_number, purpose, analyst, opened_at) "
                      "VALUES ('2024-0042', 'Robbery investigation, warrant 17', 'analyst', '%1')")
                      .arg(now),
                  QStringLiteral("set up"))
                .ok());
        QVERIFY(db.exec(QStringLiteral(
                            "INSERT INTO searches (case_id, gallery_id, gallery_name, "
                            "gallery_revision, probe_sha256, "
                            "probe_evidence_path, probe_face_index, probe_box_x, probe_box_y, "
                            "probe_box_width, "
                            "probe_box_height, probe_descriptor, model_id, actor, started_at) "
                            "VALUES (1, %1, 'Bookings', 4, '%2', 'evidence/x.jpg', 1, 0, 0, 10, "
                            "10, %4, 1, "
                            "'analyst', '%3')")
                            .arg(g)
                            .arg(zeros, now, blobLiteral(db, QByteArray(1, '\0'))),
                        QStringLiteral("set up"))
                    .ok());
        QVERIFY(
            db.exec(QStringLiteral(
                        "INSERT INTO candidates (search_id, rank, face_id, distance, image_sha256) "
                        "VALUES (1, 1, %1, 0.41, '%2')")
                        .arg(stored->faceIds.front())
                        .arg(record.image.sha256),
                    QStringLiteral("set up"))
                .ok());

        // No deletion without a reason: it goes into the audit record.
        auto unexplained = galleries.remove(g, QStringLiteral("analyst"), QStringLiteral(" \n "));
        QVERIFY(!unexplained.ok());
        QCOMPARE(unexplained.error().kind, Error::Kind::InvalidInput);
        QVERIFY(unexplained.errorMessage().contains(QStringLiteral("reason is required")));
        QCOMPARE(count(db, QStringLiteral("galleries")), qint64(2));
        const qint64 auditBefore = count(db, QStringLiteral("audit_log"));

        auto removed = galleries.remove(g, QStringLiteral("analyst"),
                                        QStringLiteral("  Retention period of the 2010 bookings ended  "));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        QCOMPARE(removed->name, QStringLiteral("Bookings"));
        QCOMPARE(removed->imageCount, qint64(3));
        QCOMPARE(removed->faceCount, qint64(4));

        // One gallery_removed record, in the chain, saying what went and why.
        QCOMPARE(count(db, QStringLiteral("audit_log")), auditBefore + 1);
        AuditTrail trail(db);
        auto records = trail.records();
        QVERIFY(records.ok());
        const AuditRecord& audit = records->back();
        QCOMPARE(audit.action, QStringLiteral("gallery_removed"));
        QCOMPARE(audit.actor, QStringLiteral("analyst"));
        QVERIFY(!audit.caseId.has_value());
        QCOMPARE(QString::fromUtf8(audit.details),
                 QStringLiteral("{\"faces\":4,\"gallery_id\":%1,\"gallery_name\":\"Bookings\","
                                "\"images\":3,\"kind\":\"real\",\"reason\":\"Retention period of "
                                "the 2010 bookings ended\",\"revision\":%2}")
                     .arg(g)
                     .arg(removed->revision));
        auto verified = trail.verify();
        QVERIFY(verified.ok());
        QVERIFY(verified->intact());

        auto inGallery = [&](const QString& table) {
            return scalar(db, QStringLiteral("SELECT count(*) FROM %1 WHERE gallery_id = %2")
                                  .arg(table)
                                  .arg(g))
                .toLongLong();
        };
        QCOMPARE(inGallery(QStringLiteral("images")), qint64(0));
        QCOMPARE(inGallery(QStringLiteral("faces")), qint64(0));
        QCOMPARE(inGallery(QStringLiteral("subjects")), qint64(0));
        QCOMPARE(inGallery(QStringLiteral("enrollment_jobs")), qint64(0));
        QCOMPARE(count(db, QStringLiteral("enrollment_items")), qint64(0));
        QCOMPARE(count(db, QStringLiteral("images")), qint64(2));  // the other gallery's
        QCOMPARE(count(db, QStringLiteral("faces")), qint64(2));
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT gallery_id IS NULL AND gallery_name = 'Bookings' "
                                      "FROM searches"))
                .toInt(),
            1);
        QCOMPARE(scalar(db, QStringLiteral("SELECT face_id IS NULL FROM candidates")).toInt(), 1);
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(), 0);

        auto again = galleries.remove(g, QStringLiteral("analyst"), QStringLiteral("again"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, Error::Kind::NotFound);
        // AUTOINCREMENT: a new gallery never takes the removed one's id (nor its index cache).
        auto next = galleries.create(QStringLiteral("Bookings"));
        QVERIFY(next.ok());
        QVERIFY(next->id > kept->id);
    }
};

QTEST_GUILESS_MAIN(TestGalleryRepository)
#include "test_gallery_repository.moc"
