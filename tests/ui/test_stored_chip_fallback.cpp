// Evidence without a shared drive (issue 12): a candidate whose original photo was moved away
// after enrollment is still shown, by the chip and thumbnail stored with its face, in the
// compare view and on its gallery card, with the provenance saying the original is unreachable.
// Real photos, a real workspace, the stored images read through the database worker.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <optional>

#include "candidates/candidate_row.h"
#include "candidates/thumbnail_loader.h"
#include "compare/chip_overlay_view.h"
#include "compare/compare_view.h"
#include "compare/provenance_panel.h"
#include "imaging/image_loader.h"
#include "jobs/database_worker.h"
#include "jobs/detection_job.h"
#include "jobs/engine_host.h"
#include "photo/photo_view.h"
#include "services/enrollment/enrolled_face_images.h"
#include "services/pipeline/pipeline_pool.h"
#include "store/candidate_provenance_reader.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "support/test_data.h"
#include "support/test_workspaces.h"
#include "widgets/message_banner.h"

using namespace facecase;
using namespace facecase::ui;

class TestStoredChipFallback : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void compareViewShowsTheStoredChip();
    void thumbnailIsTheStoredChipAndSaysWhy();

private:
    std::unique_ptr<EngineHost> m_engine;
    test::TestWorkspaces m_workspaces;
    std::optional<Workspace> m_workspace;
    std::unique_ptr<DatabaseWorker> m_database;
    std::optional<DetectionResult> m_probe;
    std::optional<CandidateRow> m_row;
    QTemporaryDir m_dir;
    QString m_original;
};

void TestStoredChipFallback::initTestCase() {
    FACECASE_REQUIRE_TESTDATA();
    QVERIFY(m_dir.isValid());
    m_engine = std::make_unique<EngineHost>();
    m_engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->state() != EngineHost::State::Loading, 60000);
    QVERIFY2(m_engine->isReady(), qPrintable(m_engine->errorMessage()));

    // The probe: Al Pacino's first LFW photo, as the probe view has it.
    DetectionJob job(m_engine->threadPool());
    job.setPipelinePool(m_engine->pipelinePool());
    QSignalSpy finished(&job, &DetectionJob::finished);
    job.analyzeFile(test::testDataPath(QStringLiteral("lfw-devtest/images/Al_Pacino/Al_Pacino_0001.jpg")),
                    QStringLiteral("Al_Pacino_0001.jpg"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    m_probe = finished.takeFirst().at(0).value<DetectionResult>();

    // The candidate: his second photo, enrolled from the agency's share as enrollment does it.
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("share/bookings"))));
    m_original = m_dir.filePath(QStringLiteral("share/bookings/Al_Pacino_0002.jpg"));
    QVERIFY(QFile::copy(
        test::testDataPath(QStringLiteral("lfw-devtest/images/Al_Pacino/Al_Pacino_0002.jpg")),
        m_original));
    auto loaded = ImageLoader().loadFile(m_original);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
    EnrollmentRecord record;
    {
        auto lease = m_engine->pipelinePool()->acquire();
        QVERIFY(lease.ok());
        auto faces = (*lease)->analyzeImage(loaded->image);
        QVERIFY(faces.ok() && !faces->empty());
        record.image = ImageRecord::fromLoadedImage(*loaded, QStringLiteral("enrollment"));
        record.image.path = m_original;
        record.faces.push_back(FaceRecord::fromDetectedFace(faces->front()));
        auto images = EnrolledFaceImages::encode(loaded->image, faces->front());
        QVERIFY2(images.ok(), qPrintable(images.errorMessage()));
        record.faces.back().images = *images;
    }
    auto workspace = m_workspaces.next();
    QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
    m_workspace = *workspace;
    {
        auto db = m_workspace->openConnection();
        QVERIFY(db.ok());
        auto gallery = GalleryRepository(*db).create(QStringLiteral("Bookings"));
        QVERIFY(gallery.ok());
        auto stored = FaceRecordWriter(*db, QStringLiteral("dlib-resnet-v1/flip-averaged"))
                          .insert(gallery->id, record);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        auto provenance = CandidateProvenanceReader(*db).read(stored->faceIds);
        QVERIFY(provenance.ok());
        QVERIFY(provenance->front().storedChip);
        CandidateRow row;
        row.candidate.rank = 1;
        row.candidate.distance = 0.41;
        row.candidate.provenance = provenance->front();
        row.gallerySize = 1;
        m_row = row;
    }
    m_database = std::make_unique<DatabaseWorker>(*m_workspace);

    // The share is gone from this workstation: the folder was moved.
    QVERIFY(QDir().rename(m_dir.filePath(QStringLiteral("share")),
                          m_dir.filePath(QStringLiteral("share-moved"))));
}

void TestStoredChipFallback::cleanupTestCase() {
    m_database.reset();
    m_engine.reset();
}

void TestStoredChipFallback::compareViewShowsTheStoredChip() {
    CompareView view(m_engine.get());
    view.setDatabase(m_database.get());
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy shown(&view, &CompareView::storedChipShown);
    view.setProbe(*m_probe, 0);
    view.setCandidate(*m_row);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);

    QVERIFY(view.showsStoredChip());
    QVERIFY(view.candidatePhotoView()->hasPhoto());  // the stored thumbnail, never blank
    QVERIFY(view.candidateChipView()->hasFirst());
    QVERIFY(view.blendView()->hasSecond());  // the blend works on the stored chip too
    const QString fileCheck = view.provenancePanel()->value(QStringLiteral("File check"));
    QVERIFY2(fileCheck.contains(QStringLiteral("unreachable at %1")
                                    .arg(QDir::toNativeSeparators(m_original))),
             qPrintable(fileCheck));
    QVERIFY2(fileCheck.contains(QStringLiteral("showing the chip stored at enrollment")),
             qPrintable(fileCheck));
    QVERIFY(view.provenancePanel()->value(QStringLiteral("Stored chip")).startsWith(QStringLiteral("yes")));
    MessageBanner* banner = view.messageBanner();
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->kind(), MessageBanner::Kind::Info);
    QVERIFY2(banner->text().startsWith(QStringLiteral("Original unreachable at %1")
                                           .arg(QDir::toNativeSeparators(m_original))),
             qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("share/bookings is not reachable")),
             qPrintable(banner->text()));
    QVERIFY(banner->text().contains(QStringLiteral("showing the chip stored at enrollment")));

    const QString dir = qEnvironmentVariable("FACECASE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QCoreApplication::sendPostedEvents();
        QVERIFY(QDir().mkpath(dir));
        const QString path = QDir(dir).filePath(QStringLiteral("compare-view-stored-chip.png"));
        QVERIFY(view.grab().save(path));
        qInfo("wrote %s", qPrintable(path));
    }
}

void TestStoredChipFallback::thumbnailIsTheStoredChipAndSaysWhy() {
    ThumbnailLoader loader(m_engine->threadPool());
    loader.setDatabase(m_database.get());
    const CandidateProvenance& p = m_row->candidate.provenance;
    const ThumbnailLoader::Request request{p.imagePath, p.imageSha256, p.box, p.landmarks,
                                           p.faceId, p.storedChip};
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    const QString key = loader.request(request, QSize(120, 120), 1.0);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
    QVERIFY2(loader.errorText(key).isEmpty(), qPrintable(loader.errorText(key)));
    const QPixmap pixmap = loader.pixmap(key);
    QCOMPARE(pixmap.size(), QSize(120, 120));  // the square chip, scaled
    QVERIFY2(loader.noteText(key).contains(QStringLiteral("unreachable at")), qPrintable(loader.noteText(key)));
    QVERIFY(loader.noteText(key).contains(QStringLiteral("showing the chip stored at enrollment")));
    QVERIFY(loader.lastDecodeThread() != QThread::currentThread());

    // Without a database (no workspace): from the original, which is gone: an error card.
    ThumbnailLoader offline(m_engine->threadPool());
    QSignalSpy offlineReady(&offline, &ThumbnailLoader::thumbnailReady);
    const QString offlineKey = offline.request(request, QSize(120, 120), 1.0);
    QTRY_COMPARE_WITH_TIMEOUT(offlineReady.count(), 1, 30000);
    QVERIFY(!offline.errorText(offlineKey).isEmpty());
}

QTEST_MAIN(TestStoredChipFallback)
#include "test_stored_chip_fallback.moc"
