#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstring>
#include <optional>

#include "store/descriptor_reader.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"
#include "support/test_workspaces.h"

using namespace facecase;
using namespace facecase::test;

class TestDescriptorReader : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;  // SQLite or PostgreSQL: FACECASE_TEST_BACKEND
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;
    qint64 m_gallery = 0;
    const QString m_model = QStringLiteral("dlib-resnet-v1/flip-averaged");

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        m_db.emplace(std::move(connection).value());
        auto gallery = GalleryRepository(*m_db).create(QStringLiteral("Bookings"));
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        m_gallery = gallery->id;
    }
    void cleanup() { m_db.reset(); }

    void emptyAndUnknown() {
        DescriptorReader reader(*m_db);
        auto empty = reader.loadGallery(m_gallery, m_model);
        QVERIFY2(empty.ok(), qPrintable(empty.errorMessage()));
        QCOMPARE(empty->count(), std::size_t(0));
        QVERIFY(empty->values.empty());
        QCOMPARE(empty->revision, qint64(0));

        auto missing = reader.loadGallery(777, m_model);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QCOMPARE(missing.errorMessage(),
                 m_db->databasePath() + QStringLiteral(": no gallery with id 777"));
    }

    void onlyTheGalleryAndModelAsked() {
        FaceRecordWriter flip(*m_db, m_model);
        FaceRecordWriter plain(*m_db, QStringLiteral("dlib-resnet-v1/plain"));
        auto other = GalleryRepository(*m_db).create(QStringLiteral("Case 42 images"));
        QVERIFY(other.ok());
        auto a = flip.insertBatch(m_gallery, {syntheticRecord(1, 2), syntheticRecord(2, 1)});
        auto b = plain.insertBatch(m_gallery, {syntheticRecord(3, 1)});
        auto c = flip.insertBatch(other->id, {syntheticRecord(4, 1)});
        QVERIFY(a.ok() && b.ok() && c.ok());
        EnrollmentRecord undescribed = syntheticRecord(5, 1);
        undescribed.faces[0].descriptor.reset();
        QVERIFY(flip.insert(m_gallery, undescribed).ok());

        auto loaded = DescriptorReader(*m_db).loadGallery(m_gallery, m_model);
        QVERIFY(loaded.ok());
        const std::vector<qint64> expected{a->at(0).faceIds[0], a->at(0).faceIds[1],
                                           a->at(1).faceIds[0]};
        QCOMPARE(loaded->faceIds, expected);
        QCOMPARE(loaded->values.size(), 3 * std::size_t(Descriptor::kSize));
        // All five faces of the gallery count, whatever their model (in three transactions);
        // the other gallery's do not.
        QCOMPARE(loaded->revision, revisionBumps(5, 3));
        QCOMPARE(loaded->modelId, m_model);
        QCOMPARE(loaded->dimensions, Descriptor::kSize);

        auto plainLoaded =
            DescriptorReader(*m_db).loadGallery(m_gallery, QStringLiteral("dlib-resnet-v1/plain"));
        QVERIFY(plainLoaded.ok());
        QCOMPARE(plainLoaded->count(), std::size_t(1));
        QCOMPARE(plainLoaded->faceIds.front(), b->front().faceIds.front());
    }

    void damagedDescriptorIsNamed() {
        FaceRecordWriter writer(*m_db, m_model);
        auto stored = writer.insert(m_gallery, syntheticRecord(1, 2));
        QVERIFY(stored.ok());
        const qint64 face = stored->faceIds[1];
        QVERIFY(
            m_db->exec(QStringLiteral("UPDATE faces SET descriptor = %1 WHERE id = %2")
                           .arg(blobLiteral(*m_db, QByteArray(100, '\0')))
                           .arg(face),
                       QStringLiteral("damage"))
                .ok());
        auto loaded = DescriptorReader(*m_db).loadGallery(m_gallery, m_model);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.errorMessage(),
                 m_db->databasePath() + QStringLiteral(": face %1 has a 100-byte descriptor, model "
                                                       "\"%2\" makes 512 bytes; the database is "
                                                       "damaged or was edited by hand")
                                            .arg(face)
                                            .arg(m_model));
    }

    // The number the search index cares about: a sheriff's office gallery of 100,000 faces,
    // enrolled in batches by the one writer, then loaded in one pass.
    void hundredThousandFaces() {
        constexpr int kFaces = 100000;
        constexpr int kBatch = 500;
        FaceRecordWriter writer(*m_db, m_model);
        std::vector<float> expected;
        expected.reserve(std::size_t(kFaces) * Descriptor::kSize);

        QElapsedTimer timer;
        qint64 insertMs = 0;
        for (int start = 0; start < kFaces; start += kBatch) {
            std::vector<EnrollmentRecord> batch;
            batch.reserve(kBatch);
            for (int n = start; n < start + kBatch; ++n) {
                batch.push_back(syntheticRecord(n));
                const auto& v = batch.back().faces[0].descriptor->values;
                expected.insert(expected.end(), v.begin(), v.end());
            }
            timer.start();
            auto stored = writer.insertBatch(m_gallery, batch);
            insertMs += timer.elapsed();
            QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        }
        qint64 bytes = 0;
        if (testBackend() == SqlBackend::Sqlite) {
            // Checkpoint so the file size is the database's, not database + WAL.
            QVERIFY(m_db->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"),
                               QStringLiteral("checkpoint"))
                        .ok());
            bytes = QFileInfo(m_db->databasePath()).size();
        } else {
            bytes = scalar(*m_db, QStringLiteral("SELECT pg_database_size(current_database())"))
                        .toLongLong();
        }
        qInfo("insert: %d faces (1 per photo, batches of %d) in %lld ms = %.0f faces/s", kFaces,
              kBatch, insertMs, kFaces * 1000.0 / double(std::max<qint64>(insertMs, 1)));
        qInfo("database: %.1f MB = %.0f bytes per face (image row, face row, indexes)",
              double(bytes) / 1e6, double(bytes) / kFaces);

        // Cold-ish (first read on a fresh connection) and warm loads.
        std::vector<qint64> loadMs;
        std::optional<GalleryDescriptors> last;
        for (int run = 0; run < 3; ++run) {
            auto connection = m_workspace->openConnection();
            QVERIFY(connection.ok());
            timer.start();
            auto loaded = DescriptorReader(*connection).loadGallery(m_gallery, m_model);
            loadMs.push_back(timer.elapsed());
            QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
            last = std::move(loaded).value();
        }
        qInfo("load: %d descriptors (%.1f MB) in %lld / %lld / %lld ms", kFaces,
              double(last->values.size() * sizeof(float)) / 1e6, loadMs[0], loadMs[1], loadMs[2]);

        QCOMPARE(last->count(), std::size_t(kFaces));
        QCOMPARE(last->revision, revisionBumps(kFaces, kFaces / kBatch));
        QVERIFY(std::is_sorted(last->faceIds.begin(), last->faceIds.end()));
        QCOMPARE(last->values.size(), expected.size());
        QVERIFY(std::memcmp(last->values.data(), expected.data(),
                            expected.size() * sizeof(float)) == 0);
    }
};

QTEST_GUILESS_MAIN(TestDescriptorReader)
#include "test_descriptor_reader.moc"
