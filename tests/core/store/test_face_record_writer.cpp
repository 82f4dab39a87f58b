#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "store/descriptor_reader.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"
#include "support/test_workspaces.h"

using namespace facecase;
using namespace facecase::test;

class TestFaceRecordWriter : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;  // SQLite or PostgreSQL: FACECASE_TEST_BACKEND
    std::optional<DatabaseConnection> m_db;
    qint64 m_gallery = 0;
    const QString m_model = QStringLiteral("dlib-resnet-v1/flip-averaged");

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        m_db.emplace(std::move(connection).value());
        auto gallery = GalleryRepository(*m_db).create(QStringLiteral("Bookings"));
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        m_gallery = gallery->id;
    }
    void cleanup() { m_db.reset(); }

    void storesTheImageAndEveryFaceColumn() {
        FaceRecordWriter writer(*m_db, m_model);
        EnrollmentRecord record = syntheticRecord(7, 2);
        record.faces[1].box.manual = true;
        record.faces[1].quality.sharpnessLevel = FaceQuality::Level::Poor;
        record.faces[1].quality.warnings << QStringLiteral("The face is blurred.");
        record.faces[1].descriptor.reset();  // boxed by hand, not yet described
        record.image.exifOrientation = 6;
        record.image.importedAt = QDateTime(QDate(2024, 5, 1), QTime(9, 30), Qt::UTC);
        auto stored = writer.insert(m_gallery, record);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(stored->outcome, StoredImage::Outcome::Inserted);
        QCOMPARE(stored->faceIds.size(), std::size_t(2));

        QSqlQuery image(m_db->database());
        QVERIFY(image.exec(QStringLiteral("SELECT sha256, path, file_bytes, width, height, format, "
                                          "exif_orientation, imported_at, "
                                          "source FROM images WHERE id = %1")
                               .arg(stored->imageId)));
        QVERIFY(image.next());
        QCOMPARE(image.value(0).toString(), record.image.sha256);
        QCOMPARE(image.value(1).toString(), record.image.path);
        QCOMPARE(image.value(2).toLongLong(), record.image.fileBytes);
        QCOMPARE(image.value(3).toInt(), 480);
        QCOMPARE(image.value(4).toInt(), 600);
        QCOMPARE(image.value(5).toString(), QStringLiteral("JPEG"));
        QCOMPARE(image.value(6).toInt(), 6);
        QCOMPARE(image.value(7).toString(), QStringLiteral("2024-05-01T09:30:00.000Z"));
        QCOMPARE(image.value(8).toString(), QStringLiteral("enrollment"));

        QSqlQuery faces(m_db->database());
        QVERIFY(faces.exec(
            QStringLiteral(
                "SELECT f.face_index, f.box_x, f.box_y, f.box_width, f.box_height, "
                "f.detector_score, "
                "f.manual, f.landmarks, f.quality, f.quality_level, m.name, f.descriptor "
                "FROM faces f LEFT JOIN descriptor_models m ON m.id = f.model_id "
                "WHERE f.image_id = %1 ORDER BY f.face_index")
                .arg(stored->imageId)));
        for (int i = 0; i < 2; ++i) {
            QVERIFY(faces.next());
            const FaceRecord& expected = record.faces[std::size_t(i)];
            QCOMPARE(faces.value(0).toInt(), i + 1);
            QCOMPARE(QRectF(faces.value(1).toDouble(), faces.value(2).toDouble(),
                            faces.value(3).toDouble(), faces.value(4).toDouble()),
                     expected.box.rect);
            QCOMPARE(faces.value(5).toDouble(), 1.25);
            QCOMPARE(faces.value(6).toInt(), i == 1 ? 1 : 0);
            auto landmarks = FaceRecord::decodeLandmarks(faces.value(7).toByteArray());
            QVERIFY(landmarks.has_value());
            QCOMPARE(landmarks->points[30], expected.landmarks.points[30]);  // exact in float32
            const QJsonObject quality =
                QJsonDocument::fromJson(faces.value(8).toByteArray()).object();
            QCOMPARE(quality.value(QStringLiteral("eye_distance_px")).toDouble(), 62.5);
            QCOMPARE(quality.value(QStringLiteral("overall")).toString(),
                     i == 1 ? QStringLiteral("poor") : QStringLiteral("good"));
            QCOMPARE(faces.value(9).toString(),
                     i == 1 ? QStringLiteral("poor") : QStringLiteral("good"));
            if (i == 0) {
                QCOMPARE(faces.value(10).toString(), m_model);
                QCOMPARE(faces.value(11).toByteArray().size(), 512);
            } else {
                QVERIFY(faces.value(10).isNull());
                QVERIFY(faces.value(11).isNull());
            }
        }
    }

    void sameBytesTwiceAreEnrolledOnce() {
        FaceRecordWriter writer(*m_db, m_model);
        auto first = writer.insert(m_gallery, syntheticRecord(1, 2));
        QVERIFY(first.ok());
        const qint64 revision = *DescriptorReader(*m_db).revision(m_gallery);

        EnrollmentRecord again = syntheticRecord(1, 2);
        again.image.path = QStringLiteral("/somewhere/else/copy.jpg");  // identity is the SHA-256
        auto second = writer.insert(m_gallery, again);
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        QCOMPARE(second->outcome, StoredImage::Outcome::AlreadyEnrolled);
        QCOMPARE(second->imageId, first->imageId);
        QCOMPARE(second->faceIds, first->faceIds);
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(1));
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(2));
        QCOMPARE(*DescriptorReader(*m_db).revision(m_gallery), revision);  // index stays fresh

        // Within one batch, and in another gallery (where it is new).
        auto batch = writer.insertBatch(m_gallery, {syntheticRecord(2), syntheticRecord(2)});
        QVERIFY(batch.ok());
        QCOMPARE(batch->at(0).outcome, StoredImage::Outcome::Inserted);
        QCOMPARE(batch->at(1).outcome, StoredImage::Outcome::AlreadyEnrolled);
        QCOMPARE(batch->at(1).imageId, batch->at(0).imageId);
        auto other = GalleryRepository(*m_db).create(QStringLiteral("Case 42 images"));
        QVERIFY(other.ok());
        auto elsewhere = writer.insert(other->id, syntheticRecord(1, 2));
        QVERIFY(elsewhere.ok());
        QCOMPARE(elsewhere->outcome, StoredImage::Outcome::Inserted);
    }

    void descriptorsRoundTripBitExact() {
        Descriptor special;
        const float edge[] = {-0.0f,
                              0.0f,
                              FLT_MIN,
                              -FLT_MIN,
                              FLT_MAX,
                              -FLT_MAX,
                              std::numeric_limits<float>::denorm_min(),
                              FLT_EPSILON,
                              1.0f / 3.0f,
                              -0.123456789f,
                              0.1f,
                              1e-30f};
        for (std::size_t i = 0; i < special.values.size(); ++i) {
            special.values[i] = i < std::size(edge) ? edge[i] : syntheticDescriptor(99).values[i];
        }
        EnrollmentRecord record = syntheticRecord(1, 1);
        record.faces[0].descriptor = special;
        EnrollmentRecord plain = syntheticRecord(2, 3);
        FaceRecordWriter writer(*m_db, m_model);
        auto stored = writer.insertBatch(m_gallery, {record, plain});
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));

        auto loaded = DescriptorReader(*m_db).loadGallery(m_gallery, m_model);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->count(), std::size_t(4));
        QCOMPARE(loaded->faceIds.front(), stored->at(0).faceIds.front());
        QVERIFY(std::memcmp(loaded->row(0), special.values.data(), sizeof special.values) == 0);
        QVERIFY(std::signbit(loaded->row(0)[0]));  // -0.0 kept its sign
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(loaded->faceIds[i + 1], stored->at(1).faceIds[i]);
            QVERIFY(std::memcmp(loaded->row(i + 1), plain.faces[i].descriptor->values.data(),
                                sizeof(float) * Descriptor::kSize) == 0);
        }
        // The codec alone, including the little-endian layout of the first value (-0.0f).
        const QByteArray blob = FaceRecord::encodeDescriptor(special);
        QCOMPARE(blob.left(4), QByteArray("\x00\x00\x00\x80", 4));
        QVERIFY(std::memcmp(FaceRecord::decodeDescriptor(blob)->values.data(),
                            special.values.data(), sizeof special.values) == 0);
        QVERIFY(!FaceRecord::decodeDescriptor(blob.left(100)).has_value());
    }

    void invalidRecordsAreRefusedBeforeWriting_data() {
        QTest::addColumn<QString>("defect");
        QTest::addColumn<QString>("message");
        const QString path = syntheticRecord(3).image.path;
        QTest::newRow("sha")
            << QStringLiteral("sha")
            << path +
                   QStringLiteral(
                       ": cannot enroll (SHA-256 must be 64 lower-case hex digits, got \"ABC\")");
        QTest::newRow("nan")
            << QStringLiteral("nan")
            << path +
                   QStringLiteral(": cannot enroll (face 1: descriptor contains NaN or infinity)");
        QTest::newRow("box") << QStringLiteral("box")
                             << path + QStringLiteral(
                                           ": cannot enroll (face 1: empty or invalid face box)");
        QTest::newRow("twice") << QStringLiteral("twice")
                               << path +
                                      QStringLiteral(": cannot enroll (face 1: index used twice)");
        QTest::newRow("size") << QStringLiteral("size")
                              << path + QStringLiteral(": cannot enroll (image size 0x600)");
    }
    void invalidRecordsAreRefusedBeforeWriting() {
        QFETCH(QString, defect);
        QFETCH(QString, message);
        EnrollmentRecord bad = syntheticRecord(3, 2);
        if (defect == QStringLiteral("sha")) bad.image.sha256 = QStringLiteral("ABC");
        if (defect == QStringLiteral("nan")) bad.faces[0].descriptor->values[5] = std::nanf("");
        if (defect == QStringLiteral("box")) bad.faces[0].box.rect = QRectF(1, 1, 0, 10);
        if (defect == QStringLiteral("twice")) bad.faces[1].index = 1;
        if (defect == QStringLiteral("size")) bad.image.width = 0;
        FaceRecordWriter writer(*m_db, m_model);
        auto stored = writer.insertBatch(m_gallery, {syntheticRecord(1), bad});
        QVERIFY(!stored.ok());
        QCOMPARE(stored.errorMessage(), message);
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(0));  // not even the good one
    }

    // A failure only SQLite can see (a job id that does not exist) halfway through a batch:
    // the whole batch is rolled back, and the writer keeps working afterwards.
    void failingBatchStoresNothing() {
        FaceRecordWriter writer(*m_db, m_model);
        EnrollmentRecord orphan = syntheticRecord(3);
        orphan.image.jobId = 4242;
        auto stored =
            writer.insertBatch(m_gallery, {syntheticRecord(1), syntheticRecord(2), orphan});
        QVERIFY(!stored.ok());
        QVERIFY2(stored.errorMessage().startsWith(
                     m_db->databasePath() + QStringLiteral(": cannot store ") + orphan.image.path +
                     QStringLiteral(" (")) &&
                     stored.errorMessage().contains(foreignKeyFailureText(*m_db)),
                 qPrintable(stored.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(0));
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(0));
        QCOMPARE(count(*m_db, QStringLiteral("descriptor_models")), qint64(0));  // rolled back too
        QCOMPARE(*DescriptorReader(*m_db).revision(m_gallery), qint64(0));

        auto retried = writer.insertBatch(m_gallery, {syntheticRecord(1), syntheticRecord(2)});
        QVERIFY2(retried.ok(), qPrintable(retried.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(2));
    }

    void unknownGalleryIsNotFound() {
        FaceRecordWriter writer(*m_db, m_model);
        auto stored = writer.insert(9999, syntheticRecord(1));
        QVERIFY(!stored.ok());
        QCOMPARE(stored.error().kind, Error::Kind::NotFound);
        QCOMPARE(
            stored.errorMessage(),
            m_db->databasePath() + QStringLiteral(": no gallery with id 9999 (was it removed?)"));
    }

    void revisionCountsFaceChanges() {
        DescriptorReader reader(*m_db);
        FaceRecordWriter writer(*m_db, m_model);
        QVERIFY(writer.insertBatch(m_gallery, {syntheticRecord(1, 2), syntheticRecord(2, 1)}).ok());
        const qint64 inserted = revisionBumps(3, 1);  // three faces in one transaction
        QCOMPARE(*reader.revision(m_gallery), inserted);
        QVERIFY(m_db->exec(QStringLiteral("UPDATE faces SET quality_level = 'poor'"),
                           QStringLiteral("touch quality"))
                    .ok());
        QCOMPARE(*reader.revision(m_gallery), inserted);  // not a descriptor change
        QVERIFY(m_db->exec(QStringLiteral("UPDATE faces SET descriptor = descriptor WHERE id = 1"),
                           QStringLiteral("touch a descriptor"))
                    .ok());
        QCOMPARE(*reader.revision(m_gallery), inserted + 1);
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM images WHERE id = 1"),
                           QStringLiteral("delete an image"))
                    .ok());
        // Its two faces, by cascade.
        QCOMPARE(*reader.revision(m_gallery), inserted + 1 + revisionBumps(2, 1));
    }
};

QTEST_GUILESS_MAIN(TestFaceRecordWriter)
#include "test_face_record_writer.moc"
