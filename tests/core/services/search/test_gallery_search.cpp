// GallerySearch over a real workspace database: ranking, provenance, calibration, the index
// cache's staleness check, HNSW above the threshold, and the errors an analyst can meet.
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "services/search/gallery_search.h"
#include "store/enrollment_job_repository.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/subject_repository.h"
#include "store/workspace.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
const QString kModel = QStringLiteral("dlib-resnet-v1/flip-averaged");

// Impostor distances spread like the LFW ones (most between 0.7 and 1.0).
std::shared_ptr<const ScoreCalibration> calibration() {
    std::vector<double> impostor;
    for (int i = 0; i < 100000; ++i) impostor.push_back(0.45 + 0.6 * (i + 0.5) / 100000.0);
    CalibrationSource source;
    source.dataset = QStringLiteral("uniform test distances");
    source.modelId = kModel;
    auto made = ScoreCalibration::fromImpostorDistances(std::move(impostor), {}, source);
    return made ? std::make_shared<const ScoreCalibration>(std::move(made).value()) : nullptr;
}

// A descriptor at a known distance from `base`: only the first value moves.
Descriptor shifted(const Descriptor& base, float by) {
    Descriptor d = base;
    d.values[0] += by;
    return d;
}
}  // namespace

class TestGallerySearch : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;
    QTemporaryDir m_dir;  // the gallery index caches, one folder per test function
    int m_serial = 0;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;
    qint64 m_gallery = 0;
    std::shared_ptr<GalleryIndexCache> m_cache;

    // Photo n of subject "B-<n>" with the given descriptor.
    qint64 enroll(int n, const Descriptor& descriptor, std::optional<qint64> jobId = std::nullopt) {
        auto subject = SubjectRepository(*m_db).upsert(
            m_gallery, QStringLiteral("B-%1").arg(n), QStringLiteral("Person %1").arg(n),
            QJsonObject{{QStringLiteral("booked"), QStringLiteral("2017-03-0%1").arg(n % 9 + 1)}});
        if (!subject) qFatal("%s", qPrintable(subject.errorMessage()));
        EnrollmentRecord record = syntheticRecord(n);
        record.image.subjectId = *subject;
        record.image.jobId = jobId;
        record.faces.front().descriptor = descriptor;
        auto stored = FaceRecordWriter(*m_db, kModel).insert(m_gallery, record);
        if (!stored) qFatal("%s", qPrintable(stored.errorMessage()));
        return stored->faceIds.front();
    }

    GallerySearchRequest request(const Descriptor& probe, int k = 5) const {
        return GallerySearchRequest{QStringLiteral("Bookings"), kModel, probe, k, SearchMode::Automatic};
    }

private slots:
    void init() {
        auto workspace = m_workspaces.next();
        ++m_serial;
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        m_db.emplace(std::move(connection).value());
        auto gallery = GalleryRepository(*m_db).create(QStringLiteral("Bookings"));
        QVERIFY2(gallery.ok(), qPrintable(gallery.errorMessage()));
        m_gallery = gallery->id;
        m_cache = std::make_shared<GalleryIndexCache>(m_dir.filePath(QStringLiteral("indexes-%1").arg(m_serial)));
    }
    void cleanup() {
        m_cache.reset();
        m_db.reset();
    }

    void ranksByDistanceWithProvenanceAndRates() {
        const Descriptor base = syntheticDescriptor(7);
        for (int n = 1; n <= 30; ++n) enroll(n, syntheticDescriptor(quint64(1000 + n)));
        const qint64 mate = enroll(31, shifted(base, 0.30f));
        const qint64 second = enroll(32, shifted(base, 0.55f));

        const GallerySearch search(m_cache, calibration());
        auto outcome = search.search(*m_db, request(base));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->gallerySize, std::size_t(32));
        QCOMPARE(outcome->galleryName, QStringLiteral("Bookings"));
        QCOMPARE(outcome->method, SearchMethod::Exact);
        QCOMPARE(outcome->candidates.size(), std::size_t(5));
        const SearchCandidate& first = outcome->candidates[0];
        QCOMPARE(first.rank, 1);
        QCOMPARE(first.provenance.faceId, mate);
        QVERIFY(qAbs(first.distance - 0.30) < 1e-6);
        QCOMPARE(outcome->candidates[1].provenance.faceId, second);
        for (std::size_t i = 1; i < outcome->candidates.size(); ++i)
            QVERIFY(outcome->candidates[i - 1].distance <= outcome->candidates[i].distance);

        // Provenance comes from the database: subject record, image file, import.
        const CandidateProvenance& p = first.provenance;
        QCOMPARE(p.subjectExternalId, QStringLiteral("B-31"));
        QCOMPARE(p.subjectName, QStringLiteral("Person 31"));
        QCOMPARE(p.subjectAttributes.value(QStringLiteral("booked")).toString(), QStringLiteral("2017-03-05"));
        QCOMPARE(p.imagePath, QStringLiteral("/evidence/bookings/000031.jpg"));
        QCOMPARE(p.imageSha256, sha256Of("photo 31"));
        QCOMPARE(p.source, QStringLiteral("enrollment"));
        QVERIFY(!p.importedAt.isEmpty());
        QCOMPARE(p.faceIndex, 1);
        QCOMPARE(p.box.width(), 180.0);

        // 0.30 is closer than every calibration distance: an upper bound; 0.55 is in the data.
        QVERIFY(first.fmr.has_value());
        QVERIFY(first.fmr->beyondData);
        const SearchCandidate& second_ = outcome->candidates[1];
        QVERIFY(!second_.fmr->beyondData);
        QVERIFY2(qAbs(second_.fmr->fmr - 0.10 / 0.6) < 0.01, qPrintable(QString::number(second_.fmr->fmr)));
        QVERIFY(qAbs(second_.expectedFalseCandidates - second_.fmr->fmr * 32) < 1e-9);
    }

    void withoutCalibrationDistancesOnly() {
        enroll(1, syntheticDescriptor(1));
        const GallerySearch search(m_cache, nullptr);
        auto outcome = search.search(*m_db, request(syntheticDescriptor(2)));
        QVERIFY2(outcome.ok(), qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->candidates.size(), std::size_t(1));
        QVERIFY(!outcome->candidates[0].fmr.has_value());
        QCOMPARE(outcome->candidates[0].expectedFalseCandidates, -1.0);
    }

    // The cache is reused while the gallery is unchanged and rebuilt when an enrollment or a
    // removal has changed it, so a search never misses a new face or returns a deleted one.
    void staleIndexIsReloaded() {
        const Descriptor probe = syntheticDescriptor(99);
        for (int n = 1; n <= 10; ++n) enroll(n, syntheticDescriptor(quint64(n)));
        const GallerySearch search(m_cache, nullptr);
        auto before = search.search(*m_db, request(probe));
        QVERIFY(before.ok());
        QVERIFY(before->indexLoadSeconds > 0);
        auto again = search.search(*m_db, request(probe));
        QVERIFY(again.ok());
        QCOMPARE(again->indexLoadSeconds, 0.0);  // served from the cache

        const qint64 newcomer = enroll(11, shifted(probe, 0.2f));
        auto after = search.search(*m_db, request(probe));
        QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
        QCOMPARE(after->gallerySize, std::size_t(11));
        QCOMPARE(after->candidates[0].provenance.faceId, newcomer);
        QVERIFY(after->galleryRevision > before->galleryRevision);

        QSqlQuery remove(m_db->database());
        QVERIFY(remove.exec(QStringLiteral("DELETE FROM images WHERE id = (SELECT image_id FROM faces WHERE id = %1)").arg(newcomer)));
        auto removed = search.search(*m_db, request(probe));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        QCOMPARE(removed->gallerySize, std::size_t(10));
        QVERIFY(removed->candidates[0].provenance.faceId != newcomer);
    }

    void hnswAboveThresholdIsPersistedAndReRanked() {
        GalleryIndexOptions options;
        options.hnswThreshold = 500;
        options.hnsw.m = 8;
        options.hnsw.efConstruction = 40;
        m_cache = std::make_shared<GalleryIndexCache>(m_dir.filePath(QStringLiteral("hnsw-%1").arg(m_serial)), options);
        std::vector<EnrollmentRecord> batch;
        for (int n = 1; n <= 600; ++n) {
            EnrollmentRecord record = syntheticRecord(n);
            record.faces.front().descriptor = syntheticDescriptor(quint64(5000 + n));
            batch.push_back(std::move(record));
        }
        QVERIFY(FaceRecordWriter(*m_db, kModel).insertBatch(m_gallery, batch).ok());
        const Descriptor probe = shifted(syntheticDescriptor(5123), 0.05f);

        const GallerySearch search(m_cache, nullptr);
        auto approximate = search.search(*m_db, request(probe, 10));
        QVERIFY2(approximate.ok(), qPrintable(approximate.errorMessage()));
        QCOMPARE(approximate->method, SearchMethod::Hnsw);
        QVERIFY(QFile::exists(m_cache->hnswPath(m_gallery, kModel)));
        auto exact = search.search(*m_db, GallerySearchRequest{QStringLiteral("Bookings"), kModel, probe, 10, SearchMode::ExactOnly});
        QVERIFY(exact.ok());
        QCOMPARE(exact->method, SearchMethod::Exact);
        QCOMPARE(approximate->candidates[0].provenance.imageSha256, sha256Of("photo 123"));
        QCOMPARE(approximate->candidates[0].distance, exact->candidates[0].distance);

        // A fresh cache (a new process) loads the saved graph instead of building it.
        auto reopened = std::make_shared<GalleryIndexCache>(m_dir.filePath(QStringLiteral("hnsw-%1").arg(m_serial)), options);
        auto load = reopened->get(*m_db, m_gallery, kModel);
        QVERIFY2(load.ok(), qPrintable(load.errorMessage()));
        QVERIFY(!load->hnswBuilt);
        QVERIFY(load->index->usesHnsw());
    }

    void errorsNameWhatIsWrong() {
        enroll(1, syntheticDescriptor(1));
        const GallerySearch search(m_cache, nullptr);

        auto unknown = search.search(*m_db, GallerySearchRequest{QStringLiteral("Parolees"), kModel, syntheticDescriptor(2), 5, SearchMode::Automatic});
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.errorMessage().contains(QStringLiteral("\"Parolees\"")) &&
                     unknown.errorMessage().contains(QStringLiteral("\"Bookings\"")),
                 qPrintable(unknown.errorMessage()));

        auto otherModel = search.search(*m_db, GallerySearchRequest{QStringLiteral("Bookings"), QStringLiteral("dlib-resnet-v1/plain"), syntheticDescriptor(2), 5, SearchMode::Automatic});
        QVERIFY(!otherModel.ok());
        QCOMPARE(otherModel.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(otherModel.errorMessage().contains(QStringLiteral("dlib-resnet-v1/plain")) &&
                     otherModel.errorMessage().contains(kModel + QStringLiteral(" (1 faces)")),
                 qPrintable(otherModel.errorMessage()));

        for (int k : {0, -3, GallerySearch::kMaxCandidates + 1}) {
            auto bad = search.search(*m_db, request(syntheticDescriptor(2), k));
            QVERIFY(!bad.ok());
            QVERIFY2(bad.errorMessage().contains(QString::number(k)), qPrintable(bad.errorMessage()));
        }
    }
};

QTEST_GUILESS_MAIN(TestGallerySearch)
#include "test_gallery_search.moc"
