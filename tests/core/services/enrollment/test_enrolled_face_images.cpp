// What the workspace keeps of every enrolled face (schema 6, issue 12), on both backends: the
// aligned chip and a thumbnail, encoded by the enrollment worker's step (EnrolledFaceImages) from
// real LFW photos and written by FaceRecordWriter with the face; decodable, the right size,
// named by CandidateProvenance, gone with the face, never written for synthetic faces, and
// invisible to the gallery's change log.
#include "imaging/image_loader.h"
#include "imaging/jpeg_encoder.h"
#include "services/enrollment/chip_backfill.h"
#include "services/enrollment/enrolled_face_images.h"
#include "services/pipeline/pipeline_pool.h"
#include "store/candidate_provenance_reader.h"
#include "store/face_image_reader.h"
#include "store/face_record_writer.h"
#include "store/gallery_image_remover.h"
#include "store/gallery_repository.h"
#include "store/synthetic_face_writer.h"
#include "support/test_data.h"
#include "store_test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace facecase;

namespace {
std::shared_ptr<PipelinePool> pool() {
    static std::shared_ptr<PipelinePool> shared = [] {
        auto models = FaceModels::loadDefault();
        if (!models) qWarning("%s", qPrintable(models.errorMessage()));
        return models ? std::make_shared<PipelinePool>(*models) : nullptr;
    }();
    return shared;
}

const QString kModel = QStringLiteral("dlib-resnet-v1/flip-averaged");

QString lfw(const QString& person, int n) {
    return test::testDataPath(QStringLiteral("lfw-devtest/images/%1/%1_%2.jpg")
                                  .arg(person)
                                  .arg(n, 4, 10, QLatin1Char('0')));
}

// What the enrollment worker does with one photo, without the queues: decode, analyse, keep the
// largest face with its chip and thumbnail.
EnrollmentRecord recordOf(const QString& path) {
    EnrollmentRecord record;
    auto loaded = ImageLoader().loadFile(path);
    if (!loaded) qFatal("%s", qPrintable(loaded.errorMessage()));
    auto lease = pool()->acquire();
    if (!lease) qFatal("%s", qPrintable(lease.errorMessage()));
    auto faces = (*lease)->analyzeImage(loaded->image, PipelineOptions{});
    if (!faces || faces->empty()) qFatal("%s: no face", qPrintable(path));
    const DetectedFace& face = faces->front();
    record.image = ImageRecord::fromLoadedImage(*loaded, QStringLiteral("enrollment"));
    record.image.path = path;
    record.faces.push_back(FaceRecord::fromDetectedFace(face));
    auto images = EnrolledFaceImages::encode(loaded->image, face);
    if (!images) qFatal("%s", qPrintable(images.errorMessage()));
    record.faces.back().images = *images;
    return record;
}

QString sha256Hex(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}
}  // namespace

class TestEnrolledFaceImages : public QObject {
    Q_OBJECT

    test::FreshWorkspaces m_workspaces;
    std::vector<EnrollmentRecord> m_records;

private slots:
    void initTestCase() {
        if (test::testDataRoot().isEmpty() || !pool()) return;
        for (const auto& [person, n] : {std::pair{QStringLiteral("Abdullah_Gul"), 1},
                                        std::pair{QStringLiteral("Al_Pacino"), 2},
                                        std::pair{QStringLiteral("Allyson_Felix"), 3}}) {
            m_records.push_back(recordOf(lfw(person, n)));
        }
    }

    void storesTheChipAndThumbnailWithTheFace() {
        FACECASE_REQUIRE_TESTDATA();
        if (!pool()) QSKIP("face models not found: run installer/setup.sh or set FACECASE_MODEL_DIR");
        const DatabaseConnection db = m_workspaces.next();
        auto gallery = GalleryRepository(db).create(QStringLiteral("Bookings"));
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        auto stored = FaceRecordWriter(db, kModel).insertBatch(gallery->id, m_records);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM face_images")).toInt(), 3);
        // Not a change of the gallery's descriptors: the change log stays empty.
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM face_changes")).toInt(), 0);

        qint64 bytes = 0;
        std::vector<qint64> faceIds;
        for (const StoredImage& image : *stored) {
            QCOMPARE(image.faceIds.size(), std::size_t(1));
            const qint64 faceId = image.faceIds.front();
            faceIds.push_back(faceId);
            auto kept = FaceImageReader(db).read(faceId);
            QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
            QVERIFY(kept->has_value());
            const FaceImages& images = **kept;
            QCOMPARE(images.chipFormat, QStringLiteral("jpeg"));
            QCOMPARE(images.thumbnailFormat, QStringLiteral("jpeg"));
            auto chip = ImageLoader().loadBytes(images.chip, QStringLiteral("chip"));
            QVERIFY2(chip.ok(), qPrintable(chip.errorMessage()));
            QCOMPARE(chip->image.width(), FaceChip::kSize);
            QCOMPARE(chip->image.height(), FaceChip::kSize);
            auto thumbnail = ImageLoader().loadBytes(images.thumbnail, QStringLiteral("thumbnail"));
            QVERIFY2(thumbnail.ok(), qPrintable(thumbnail.errorMessage()));
            const int longSide = std::max(thumbnail->image.width(), thumbnail->image.height());
            QVERIFY2(longSide > 60 && longSide <= FaceImages::kThumbnailMaxSide,
                     qPrintable(QString::number(longSide)));
            // The digests on record are those of the bytes.
            QCOMPARE(test::scalar(db, QStringLiteral("SELECT chip_sha256 FROM face_images WHERE "
                                                     "face_id = %1").arg(faceId)).toString(),
                     sha256Hex(images.chip));
            QCOMPARE(test::scalar(db, QStringLiteral("SELECT thumbnail_sha256 FROM face_images "
                                                     "WHERE face_id = %1").arg(faceId)).toString(),
                     sha256Hex(images.thumbnail));
            bytes += images.chip.size() + images.thumbnail.size();
        }
        qInfo("stored chip + thumbnail: %lld bytes a face on average (JPEG q%d)", bytes / 3,
              JpegEncoder::kDefaultQuality);

        auto provenance = CandidateProvenanceReader(db).read(faceIds);
        QVERIFY2(provenance.ok(), qPrintable(provenance.errorMessage()));
        for (const CandidateProvenance& p : *provenance) QVERIFY(p.storedChip);

        // Removed with its photo (ON DELETE CASCADE), and only its own row.
        auto removed = GalleryImageRemover(db).remove(
            gallery->id, GalleryImageKey{stored->front().imageId, {}}, QStringLiteral("dana"),
            QStringLiteral("wrong person"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM face_images")).toInt(), 2);
        auto gone = FaceImageReader(db).read(faceIds.front());
        QVERIFY(gone.ok());
        QVERIFY(!gone->has_value());
        // One removal logged, as without stored chips.
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM face_changes")).toInt(), 1);
    }

    void aFaceWithoutImagesStillEnrolls() {
        FACECASE_REQUIRE_TESTDATA();
        if (!pool()) QSKIP("face models not found");
        const DatabaseConnection db = m_workspaces.next();
        auto gallery = GalleryRepository(db).create(QStringLiteral("Old"));
        QVERIFY(gallery.ok());
        EnrollmentRecord record = m_records.front();
        record.faces.front().images = {};  // as before schema 6
        auto stored = FaceRecordWriter(db, kModel).insert(gallery->id, record);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM face_images")).toInt(), 0);
        auto kept = FaceImageReader(db).read(stored->faceIds.front());
        QVERIFY(kept.ok());
        QVERIFY(!kept->has_value());
        auto provenance = CandidateProvenanceReader(db).read(stored->faceIds);
        QVERIFY(provenance.ok());
        QVERIFY(!provenance->front().storedChip);
    }

    // A gallery enrolled before schema 6: its faces get their images from verified originals;
    // a moved or edited original leaves its face without, counted and named.
    void backfillRecutsFromVerifiedOriginals() {
        FACECASE_REQUIRE_TESTDATA();
        if (!pool()) QSKIP("face models not found");
        QTemporaryDir share;
        QVERIFY(share.isValid());
        std::vector<EnrollmentRecord> old;
        for (const auto& [person, n] : {std::pair{QStringLiteral("Ali_Naimi"), 1},
                                        std::pair{QStringLiteral("Alan_Greenspan"), 1},
                                        std::pair{QStringLiteral("Adrien_Brody"), 1}}) {
            const QString copy = share.filePath(QStringLiteral("%1.jpg").arg(person));
            QVERIFY(QFile::copy(lfw(person, n), copy));
            QFile(copy).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            EnrollmentRecord record = recordOf(copy);
            record.faces.front().images = {};  // as enrolled before schema 6
            old.push_back(record);
        }
        const DatabaseConnection db = m_workspaces.next();
        auto gallery = GalleryRepository(db).create(QStringLiteral("Bookings 2015"));
        QVERIFY(gallery.ok());
        auto stored = FaceRecordWriter(db, kModel).insertBatch(gallery->id, old);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        QVERIFY(QFile::rename(old[1].image.path, share.filePath(QStringLiteral("moved.jpg"))));
        QFile edited(old[2].image.path);
        QVERIFY(edited.open(QIODevice::Append));
        edited.write("x");
        edited.close();

        const auto revision = [&] {
            auto found = GalleryRepository(db).findByName(QStringLiteral("Bookings 2015"));
            return found ? found->revision : -1;
        };
        const qint64 revisionBefore = revision();
        auto report = ChipBackfill::run(db, gallery->id);
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        // The gallery's descriptors did not change: no revision bump, nothing in the change log.
        QCOMPARE(revision(), revisionBefore);
        QCOMPARE(report->stored, qint64(1));
        QCOMPARE(report->unreachable, qint64(1));
        QCOMPARE(report->changed, qint64(1));
        QCOMPARE(report->failed, qint64(0));
        QCOMPARE(report->problems.size(), std::size_t(2));
        QVERIFY2(report->problems[0].contains(QStringLiteral("unreachable at")),
                 qPrintable(report->problems[0]));
        auto kept = FaceImageReader(db).read(stored->front().faceIds.front());
        QVERIFY(kept.ok() && kept->has_value());
        auto chip = ImageLoader().loadBytes((*kept)->chip, QStringLiteral("chip"));
        QVERIFY(chip.ok());
        QCOMPARE(chip->image.width(), FaceChip::kSize);
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM face_changes")).toInt(), 0);

        // Run again: nothing new to store, the two still named.
        auto again = ChipBackfill::run(db, gallery->id);
        QVERIFY(again.ok());
        QCOMPARE(again->stored, qint64(0));
        QCOMPARE(again->unreachable + again->changed, qint64(2));
    }

    void syntheticFacesHaveNone() {
        const DatabaseConnection db = m_workspaces.next();
        auto gallery = GalleryRepository(db).create(QStringLiteral("Synthetic"), {},
                                                    Gallery::Kind::Synthetic);
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        std::vector<float> descriptors(4 * 128, 0.05f);
        auto written = SyntheticFaceWriter(db, kModel).insertBatch(gallery->id, 7, 1, 4,
                                                                   descriptors.data());
        QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM faces")).toInt(), 4);
        QCOMPARE(test::scalar(db, QStringLiteral("SELECT count(*) FROM face_images")).toInt(), 0);
        auto refused = ChipBackfill::run(db, gallery->id);
        QVERIFY(!refused.ok());  // its "photos" are no files
    }
};

QTEST_GUILESS_MAIN(TestEnrolledFaceImages)
#include "test_enrolled_face_images.moc"
