#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "store/descriptor_reader.h"
#include "store/enrollment_job_repository.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/synthetic_face_writer.h"
#include "store/workspace.h"
#include "store_test_support.h"
#include "support/test_workspaces.h"

using namespace facecase;
using namespace facecase::test;

namespace {
// Rows of distinct, exactly representable values: face n's first value is n, the rest n / 1024.
std::vector<float> descriptorRows(qint64 first, qint64 count) {
    std::vector<float> rows(std::size_t(count) * Descriptor::kSize);
    for (qint64 i = 0; i < count; ++i) {
        const auto n = float(first + i);
        for (int d = 0; d < Descriptor::kSize; ++d) {
            rows[std::size_t(i) * Descriptor::kSize + std::size_t(d)] = d == 0 ? n : n / 1024.0f;
        }
    }
    return rows;
}
}  // namespace

class TestSyntheticFaceWriter : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;  // SQLite or PostgreSQL: FACECASE_TEST_BACKEND
    std::optional<DatabaseConnection> m_db;
    Gallery m_bench;
    Gallery m_real;
    const QString m_model = QStringLiteral("dlib-resnet-v1/flip-averaged");

    Result<void> write(SyntheticFaceWriter& writer, qint64 first, qint64 count,
                       std::uint64_t seed = 7, const Gallery* gallery = nullptr) {
        const std::vector<float> rows = descriptorRows(first, count);
        return writer.insertBatch((gallery ? *gallery : m_bench).id, seed, first, count,
                                  rows.data());
    }

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        m_db.emplace(std::move(connection).value());
        GalleryRepository galleries(*m_db);
        auto bench = galleries.create(QStringLiteral("Bench 1k"), QStringLiteral("fixture"),
                                      Gallery::Kind::Synthetic);
        auto real = galleries.create(QStringLiteral("Bookings"));
        QVERIFY2(bench.ok() && real.ok(), qPrintable(bench.errorMessage() + real.errorMessage()));
        m_bench = *bench;
        m_real = *real;
    }
    void cleanup() { m_db.reset(); }

    void storesFacesThatSearchLoadsAndNobodyTakesForPeople() {
        SyntheticFaceWriter writer(*m_db, m_model);
        for (qint64 first = 1; first <= 1000; first += 250) {
            auto r = write(writer, first, 250);
            QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        }
        auto listed = GalleryRepository(*m_db).findByName(QStringLiteral("bench 1K"));
        QVERIFY(listed.ok());
        QCOMPARE(listed->kind, Gallery::Kind::Synthetic);
        QVERIFY(listed->isSynthetic());
        QCOMPARE(listed->faceCount, qint64(1000));
        QCOMPARE(listed->imageCount, qint64(1000));
        // As for enrolled faces: one bump per face (SQLite) or per transaction (PostgreSQL).
        QCOMPARE(listed->revision, revisionBumps(1000, 4));

        // What search loads: every row, in number order, bit-exact, under the model key.
        auto loaded = DescriptorReader(*m_db).loadGallery(m_bench.id, m_model);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->count(), std::size_t(1000));
        QCOMPARE(loaded->modelId, m_model);
        QCOMPARE(loaded->revision, revisionBumps(1000, 4));
        const std::vector<float> expected = descriptorRows(1, 1000);
        QVERIFY(std::equal(expected.begin(), expected.end(), loaded->values.begin()));
        QCOMPARE(DescriptorReader(*m_db).loadGallery(m_bench.id, QStringLiteral("other/plain"))->count(),
                 std::size_t(0));

        // Face 42, as a candidate list would show it.
        QSqlQuery row(m_db->database());
        QVERIFY(row.exec(QStringLiteral(
            "SELECT s.external_id, s.name, s.attributes, i.path, i.sha256, i.source, i.format, "
            "i.width, i.height, i.file_bytes, f.quality_level, f.quality, length(f.landmarks), "
            "f.box_width FROM faces f JOIN images i ON i.id = f.image_id "
            "JOIN subjects s ON s.id = i.subject_id WHERE s.external_id = 'SYN-000042'")));
        QVERIFY(row.next());
        QCOMPARE(row.value(0).toString(), QStringLiteral("SYN-000042"));
        QCOMPARE(row.value(1).toString(), QStringLiteral("Synthetic 42"));
        const QJsonObject attributes = QJsonDocument::fromJson(row.value(2).toByteArray()).object();
        QCOMPARE(attributes.value(QStringLiteral("synthetic")).toBool(), true);
        QCOMPARE(attributes.value(QStringLiteral("seed")).toInt(), 7);
        QCOMPARE(attributes.value(QStringLiteral("number")).toInt(), 42);
        QCOMPARE(row.value(3).toString(), QStringLiteral("synthetic:7:42"));
        QCOMPARE(row.value(4).toString(), sha256Of("synthetic:7:42"));
        QCOMPARE(row.value(5).toString(), QStringLiteral("synthetic"));
        QCOMPARE(row.value(6).toString(), QStringLiteral("synthetic"));
        QCOMPARE(row.value(7).toInt(), 1);
        QCOMPARE(row.value(8).toInt(), 1);
        QCOMPARE(row.value(9).toInt(), 0);
        QCOMPARE(row.value(10).toString(), QStringLiteral("poor"));
        const QJsonObject quality = QJsonDocument::fromJson(row.value(11).toByteArray()).object();
        QCOMPARE(quality.value(QStringLiteral("synthetic")).toBool(), true);
        QVERIFY(quality.value(QStringLiteral("warnings")).toArray().first().toString().contains(
            QStringLiteral("not a person")));
        QCOMPARE(row.value(12).toInt(), 544);
        QCOMPARE(row.value(13).toDouble(), 1.0);
        if (testBackend() == SqlBackend::Sqlite) {  // PostgreSQL: the server's business
            QCOMPARE(scalar(*m_db, QStringLiteral("PRAGMA integrity_check")).toString(),
                     QStringLiteral("ok"));
        }

        auto contents = writer.contents(m_bench.id);
        QVERIFY2(contents.ok(), qPrintable(contents.errorMessage()));
        QCOMPARE(contents->faces, qint64(1000));
        QVERIFY(contents->seed.has_value());
        QCOMPARE(*contents->seed, std::uint64_t(7));
    }

    void emptyGalleryHasNoSeed() {
        auto contents = SyntheticFaceWriter(*m_db, m_model).contents(m_bench.id);
        QVERIFY(contents.ok());
        QCOMPARE(contents->faces, qint64(0));
        QVERIFY(!contents->seed.has_value());
    }

    void refusesARealGallery() {
        SyntheticFaceWriter writer(*m_db, m_model);
        auto r = write(writer, 1, 10, 7, &m_real);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(r.errorMessage(), QStringLiteral("gallery \"Bookings\" holds real photos; synthetic "
                                                  "faces go only into a synthetic gallery of their own"));
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(0));
        QCOMPARE(count(*m_db, QStringLiteral("subjects")), qint64(0));
    }

    void refusesPhotosAndJobsInTheSyntheticGallery() {
        SyntheticFaceWriter synth(*m_db, m_model);
        QVERIFY(write(synth, 1, 5).ok());
        // The enrollment writer's path: the trigger refuses, nothing of the batch stays.
        FaceRecordWriter photos(*m_db, m_model);
        auto stored = photos.insertBatch(m_bench.id, {syntheticRecord(1), syntheticRecord(2)});
        QVERIFY(!stored.ok());
        QVERIFY2(stored.errorMessage().contains(QStringLiteral("photos cannot be enrolled into it")),
                 qPrintable(stored.errorMessage()));
        auto job = EnrollmentJobRepository(*m_db).create(m_bench.id, QStringLiteral("/photos"), {},
                                                         QStringLiteral("analyst"));
        QVERIFY(!job.ok());
        QVERIFY2(job.errorMessage().contains(QStringLiteral("this gallery is synthetic")),
                 qPrintable(job.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(5));
        QCOMPARE(count(*m_db, QStringLiteral("enrollment_jobs")), qint64(0));
        // Photos still go into the real gallery.
        QVERIFY(photos.insert(m_real.id, syntheticRecord(3)).ok());
    }

    void numbersStayContiguousAndUnique() {
        SyntheticFaceWriter writer(*m_db, m_model);
        QVERIFY(write(writer, 1, 100).ok());
        auto gap = write(writer, 102, 10);
        QVERIFY(!gap.ok());
        QVERIFY2(gap.errorMessage().contains(QStringLiteral("no synthetic face 101 of seed 7")),
                 qPrintable(gap.errorMessage()));
        auto otherSeed = write(writer, 101, 10, 8);
        QVERIFY(!otherSeed.ok());
        auto repeated = write(writer, 91, 20);  // 91..100 exist: the batch rolls back whole
        QVERIFY(!repeated.ok());
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(100));
        QCOMPARE(count(*m_db, QStringLiteral("subjects")), qint64(100));
        QVERIFY(write(writer, 101, 10).ok());
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(110));
        QVERIFY(!write(writer, 0, 1).ok());
    }

    void refusesNonFiniteDescriptors() {
        SyntheticFaceWriter writer(*m_db, m_model);
        std::vector<float> rows = descriptorRows(1, 3);
        rows[Descriptor::kSize + 5] = std::numeric_limits<float>::quiet_NaN();
        auto r = writer.insertBatch(m_bench.id, 7, 1, 3, rows.data());
        QVERIFY(!r.ok());
        QCOMPARE(r.errorMessage(),
                 QStringLiteral("synthetic face 2: descriptor contains NaN or infinity"));
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(0));
    }

    void removingTheGalleryRemovesEverything() {
        SyntheticFaceWriter writer(*m_db, m_model);
        QVERIFY(write(writer, 1, 50).ok());
        auto removed = GalleryRepository(*m_db).remove(m_bench.id, QStringLiteral("analyst"),
                                                       QStringLiteral("benchmark done"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        // Recorded like any gallery, with its kind, so the log never reads as people removed.
        QVERIFY(scalar(*m_db, QStringLiteral("SELECT details FROM audit_log WHERE action = "
                                              "'gallery_removed'"))
                    .toString()
                    .contains(QStringLiteral("\"faces\":50,\"gallery_id\":%1,\"gallery_name\":\"%2\","
                                             "\"images\":50,\"kind\":\"synthetic\"")
                                  .arg(m_bench.id)
                                  .arg(m_bench.name)));
        QCOMPARE(count(*m_db, QStringLiteral("faces")), qint64(0));
        QCOMPARE(count(*m_db, QStringLiteral("images")), qint64(0));
        QCOMPARE(count(*m_db, QStringLiteral("subjects")), qint64(0));
    }

    // The rate `gallery synth` builds on (printed; the CLI documents the end-to-end figure).
    void writeRate() {
        SyntheticFaceWriter writer(*m_db, m_model);
        constexpr qint64 kFaces = 50'000;
        constexpr qint64 kBatch = 10'000;
        const std::vector<float> rows = descriptorRows(1, kBatch);
        QElapsedTimer timer;
        timer.start();
        for (qint64 first = 1; first <= kFaces; first += kBatch) {
            auto r = writer.insertBatch(m_bench.id, 7, first, kBatch, rows.data());
            QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        qInfo("%lld synthetic faces in %.2f s: %.0f faces/s", kFaces, seconds, double(kFaces) / seconds);
        QCOMPARE(count(*m_db, QStringLiteral("faces")), kFaces);
    }
};

QTEST_GUILESS_MAIN(TestSyntheticFaceWriter)
#include "test_synthetic_face_writer.moc"
