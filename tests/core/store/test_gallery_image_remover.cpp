// Deleting one enrolled image with a reason (issue 6): the image, its faces and its subject when
// it was the last, in one transaction with a `gallery_image_removed` audit record; candidates keep
// their snapshot; the gallery's revision moves so search index caches rebuild; refusals change
// nothing and record nothing.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "audit/audit_trail.h"
#include "store/face_record_writer.h"
#include "store/gallery_image_remover.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"
#include "support/test_workspaces.h"

using namespace facecase;
using namespace facecase::test;

class TestGalleryImageRemover : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;  // SQLite or PostgreSQL: FACECASE_TEST_BACKEND
    std::optional<DatabaseConnection> m_db;
    Gallery m_gallery;
    Gallery m_other;
    StoredImage m_first;   // subject B-1001, 2 faces, a candidate of a recorded search
    StoredImage m_second;  // subject B-1001, 1 face
    StoredImage m_third;   // subject B-2002 (its only image), 1 face
    EnrollmentRecord m_thirdRecord;
    StoredImage m_elsewhere;  // in the other gallery

    qint64 subjectId(const QString& externalId) {
        return scalar(*m_db, QStringLiteral("SELECT id FROM subjects WHERE external_id = '%1'").arg(externalId))
            .toLongLong();
    }
    qint64 revision() {
        return scalar(*m_db, QStringLiteral("SELECT revision FROM galleries WHERE id = %1").arg(m_gallery.id))
            .toLongLong();
    }

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        auto connection = workspace->openConnection();
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        m_db.emplace(std::move(connection).value());
        GalleryRepository galleries(*m_db);
        auto gallery = galleries.create(QStringLiteral("Bookings"));
        auto other = galleries.create(QStringLiteral("Case 42 images"));
        QVERIFY(gallery.ok() && other.ok());
        m_gallery = *gallery;
        m_other = *other;
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        for (const char* id : {"B-1001", "B-2002"}) {
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO subjects (gallery_id, external_id, name, created_at) "
                                              "VALUES (%1, '%2', 'Doe', '%3')")
                                   .arg(m_gallery.id)
                                   .arg(QLatin1String(id), now),
                               QStringLiteral("set up"))
                        .ok());
        }
        FaceRecordWriter writer(*m_db, QStringLiteral("m"));
        EnrollmentRecord first = syntheticRecord(1, 2), second = syntheticRecord(2, 1);
        m_thirdRecord = syntheticRecord(3, 1);
        first.image.subjectId = second.image.subjectId = subjectId(QStringLiteral("B-1001"));
        m_thirdRecord.image.subjectId = subjectId(QStringLiteral("B-2002"));
        auto a = writer.insert(m_gallery.id, first);
        auto b = writer.insert(m_gallery.id, second);
        auto c = writer.insert(m_gallery.id, m_thirdRecord);
        auto d = writer.insert(m_other.id, syntheticRecord(4, 1));
        QVERIFY(a.ok() && b.ok() && c.ok() && d.ok());
        m_first = *a;
        m_second = *b;
        m_third = *c;
        m_elsewhere = *d;

        // A case searched the gallery and was shown the first image's face.
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO cases (case_number, purpose, analyst, opened_at) "
                                          "VALUES ('2024-0042', 'Robbery, warrant 17', 'analyst', '%1')")
                               .arg(now),
                           QStringLiteral("set up"))
                    .ok());
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO searches (case_id, gallery_id, gallery_name, gallery_revision, "
                                          "probe_sha256, probe_evidence_path, probe_face_index, probe_box_x, "
                                          "probe_box_y, probe_box_width, probe_box_height, probe_descriptor, "
                                          "model_id, actor, started_at) VALUES (1, %1, 'Bookings', 4, '%2', "
                                          "'evidence/x.jpg', 1, 0, 0, 10, 10, %4, 1, 'analyst', '%3')")
                               .arg(m_gallery.id)
                               .arg(QString(64, QLatin1Char('0')), now,
                                    blobLiteral(*m_db, QByteArray(1, '\0'))),
                           QStringLiteral("set up"))
                    .ok());
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO candidates (search_id, rank, face_id, distance, image_sha256, "
                                          "subject_external_id) VALUES (1, 1, %1, 0.41, '%2', 'B-1001')")
                               .arg(m_first.faceIds.front())
                               .arg(first.image.sha256),
                           QStringLiteral("set up"))
                    .ok());
    }

    void cleanup() { m_db.reset(); }

    void removesByIdWithItsFacesInOneAuditedTransaction() {
        const qint64 revisionBefore = revision();
        GalleryImageKey key;
        key.imageId = m_first.imageId;
        auto removed = GalleryImageRemover(*m_db).remove(m_gallery.id, key, QStringLiteral("zoe"),
                                                         QStringLiteral("Booking expunged\nby court order 2024/117 "));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        QCOMPARE(removed->imageId, m_first.imageId);
        QCOMPARE(removed->faces, qint64(2));
        QCOMPARE(removed->subjectExternalId, QStringLiteral("B-1001"));
        QVERIFY(!removed->subjectRemoved);  // the subject still has the second image
        const qint64 revisionAfter = revisionBefore + revisionBumps(2, 1);
        QCOMPARE(removed->gallery.revision, revisionAfter);
        QCOMPARE(revision(), revisionAfter);
        // The gallery's change log has both faces, after the revision the index had, so the
        // search indexes of other sessions drop exactly them (DescriptorReader::loadChanges).
        const QString logged = QStringLiteral("FROM face_changes WHERE gallery_id = %1 AND kind = "
                                              "'removed' AND revision > %2 AND revision <= %3")
                                   .arg(m_gallery.id)
                                   .arg(revisionBefore)
                                   .arg(revisionAfter);
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT count(*) ") + logged).toLongLong(), qint64(2));
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT min(face_id) ") + logged).toLongLong(),
                 m_first.faceIds[0]);
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT max(face_id) ") + logged).toLongLong(),
                 m_first.faceIds[1]);

        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT count(*) FROM images WHERE id = %1").arg(m_first.imageId)).toInt(), 0);
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT count(*) FROM faces WHERE image_id = %1").arg(m_first.imageId)).toInt(), 0);
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(3));
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(3));
        QVERIFY(subjectId(QStringLiteral("B-1001")) > 0);
        // The candidate keeps what the analyst was shown; only its link to the face is gone.
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT face_id IS NULL AND image_sha256 = '%1' AND "
                                              "subject_external_id = 'B-1001' FROM candidates")
                                   .arg(removed->sha256))
                     .toInt(),
                 1);
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(), 0);

        AuditTrail trail(*m_db);
        auto records = trail.records();
        QVERIFY(records.ok());
        QCOMPARE(records->size(), std::size_t(1));
        const AuditRecord& record = records->front();
        QCOMPARE(record.action, QStringLiteral("gallery_image_removed"));
        QCOMPARE(record.actor, QStringLiteral("zoe"));
        QVERIFY(!record.caseId.has_value());
        QCOMPARE(QString::fromUtf8(record.details),
                 QStringLiteral("{\"faces\":2,\"gallery_id\":%1,\"gallery_kind\":\"real\",\"gallery_name\":"
                                "\"Bookings\",\"gallery_revision\":%2,\"image_id\":%3,\"reason\":\"Booking "
                                "expunged\\nby court order 2024/117\",\"sha256\":\"%4\",\"source_path\":"
                                "\"/evidence/bookings/000001.jpg\",\"subject_external_id\":\"B-1001\","
                                "\"subject_removed\":false}")
                     .arg(m_gallery.id)
                     .arg(revisionAfter)
                     .arg(m_first.imageId)
                     .arg(removed->sha256));
        auto verified = trail.verify();
        QVERIFY(verified.ok());
        QVERIFY(verified->intact());
        QCOMPARE(verified->recordCount, qint64(1));
    }

    void removesBySha256AndTheSubjectWithItsLastImage() {
        GalleryImageKey key;
        key.sha256 = QStringLiteral(" ") + m_thirdRecord.image.sha256.toUpper();
        auto removed = GalleryImageRemover(*m_db).remove(m_gallery.id, key, QStringLiteral("zoe"),
                                                         QStringLiteral("Enrolled by mistake"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        QCOMPARE(removed->imageId, m_third.imageId);
        QCOMPARE(removed->sha256, m_thirdRecord.image.sha256);
        QVERIFY(removed->subjectRemoved);
        QCOMPARE(subjectId(QStringLiteral("B-2002")), qint64(0));
        QVERIFY(subjectId(QStringLiteral("B-1001")) > 0);
        auto records = AuditTrail(*m_db).records();
        QVERIFY(records.ok() && records->size() == 1);
        const QJsonObject details = records->front().detailsObject();
        QCOMPARE(details.value(QStringLiteral("subject_removed")).toBool(), true);
        QCOMPARE(details.value(QStringLiteral("subject_external_id")).toString(), QStringLiteral("B-2002"));
    }

    void notFoundNamesTheGalleryAndTheImage() {
        GalleryImageKey byId;
        byId.imageId = m_elsewhere.imageId;  // exists, but in the other gallery
        auto wrongGallery = GalleryImageRemover(*m_db).remove(m_gallery.id, byId, QStringLiteral("zoe"),
                                                              QStringLiteral("why"));
        QVERIFY(!wrongGallery.ok());
        QCOMPARE(wrongGallery.error().kind, Error::Kind::NotFound);
        QCOMPARE(wrongGallery.errorMessage(),
                 QStringLiteral("gallery \"Bookings\" has no image with id %1").arg(m_elsewhere.imageId));
        GalleryImageKey bySha;
        bySha.sha256 = QString(64, QLatin1Char('a'));
        auto missing = GalleryImageRemover(*m_db).remove(m_gallery.id, bySha, QStringLiteral("zoe"),
                                                         QStringLiteral("why"));
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QCOMPARE(missing.errorMessage(),
                 QStringLiteral("gallery \"Bookings\" has no image with SHA-256 %1").arg(bySha.sha256));
        auto noGallery = GalleryImageRemover(*m_db).remove(9999, byId, QStringLiteral("zoe"), QStringLiteral("why"));
        QCOMPARE(noGallery.error().kind, Error::Kind::NotFound);
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(4));
        QCOMPARE(count(*m_db, QStringLiteral("audit_log")), qint64(0));
    }

    void refusalsChangeNothing_data() {
        QTest::addColumn<bool>("useId");
        QTest::addColumn<QString>("sha256");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QString>("message");
        QTest::newRow("no reason") << true << QString() << QStringLiteral(" \t ") << QStringLiteral("zoe")
                                   << QStringLiteral("reason is required");
        QTest::newRow("control character") << true << QString() << QStringLiteral("a\x01b") << QStringLiteral("zoe")
                                           << QStringLiteral("control character");
        QTest::newRow("not a sha") << false << QStringLiteral("abc") << QStringLiteral("why") << QStringLiteral("zoe")
                                   << QStringLiteral("\"abc\" is not a SHA-256");
        QTest::newRow("both") << true << QString(64, QLatin1Char('a')) << QStringLiteral("why")
                              << QStringLiteral("zoe") << QStringLiteral("not both");
        QTest::newRow("neither") << false << QString() << QStringLiteral("why") << QStringLiteral("zoe")
                                 << QStringLiteral("by its id or by its SHA-256");
        // The audit record cannot be written: the deletion rolls back with it.
        QTest::newRow("no actor") << true << QString() << QStringLiteral("why") << QStringLiteral(" ")
                                  << QStringLiteral("needs an actor");
    }
    void refusalsChangeNothing() {
        QFETCH(bool, useId);
        QFETCH(QString, sha256);
        QFETCH(QString, reason);
        QFETCH(QString, actor);
        QFETCH(QString, message);
        GalleryImageKey key;
        if (useId) key.imageId = m_first.imageId;
        key.sha256 = sha256;
        const qint64 revisionBefore = revision();
        auto refused = GalleryImageRemover(*m_db).remove(m_gallery.id, key, actor, reason);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(refused.errorMessage().contains(message), qPrintable(refused.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(4));
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(5));
        QCOMPARE(count(*m_db, QStringLiteral("audit_log")), qint64(0));
        QCOMPARE(revision(), revisionBefore);
    }
};

QTEST_GUILESS_MAIN(TestGalleryImageRemover)
#include "test_gallery_image_remover.moc"
