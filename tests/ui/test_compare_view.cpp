// The compare view on real photos: Sheldon's first photo as the probe (detected by the real
// DetectionJob) against a candidate list ranked by the engine. The candidate's chip is made in
// the background, both photos follow each other's zoom and pan face to face, the blend and
// flicker really change what is shown, the verdict needs a reason, and a candidate photo that
// went missing is named in an inline error.
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QToolButton>
#include <QWheelEvent>
#include <QtTest>
#include <memory>
#include <optional>

#include "candidate_fixture.h"
#include "compare/chip_overlay_view.h"
#include "compare/compare_view.h"
#include "compare/provenance_panel.h"
#include "compare/verdict_panel.h"
#include "jobs/detection_job.h"
#include "jobs/engine_host.h"
#include "photo/photo_view.h"
#include "support/test_data.h"
#include "types/display_time.h"
#include "widgets/message_banner.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
void wheel(QWidget* widget, const QPointF& pos, int delta) {
    QWheelEvent event(pos, widget->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(widget, &event);
}

// Where the view's centre sits relative to the face box, in face widths.
QPointF relativeCenter(const PhotoView* view, const QRectF& face) {
    return (view->viewCenter() - face.center()) / face.width();
}

bool near(const QPointF& a, const QPointF& b, double tolerance) {
    return std::abs(a.x() - b.x()) < tolerance && std::abs(a.y() - b.y()) < tolerance;
}
}  // namespace

class TestCompareView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void candidateChipIsMadeInTheBackground();
    void zoomAndPanFollowFaceToFace();
    void blendAndFlickerChangeTheOverlay();
    void landmarksToggleReachesEveryView();
    void verdictNeedsAReasonAndCarriesTheValues();
    void missingCandidateFileIsNamedInline();
    void screenshot();

private:
    bool openSheldon2();
    CandidateRow sheldon2() const { return m_fixture->rows().at(std::size_t(m_sheldon2)); }

    std::unique_ptr<EngineHost> m_engine;
    std::optional<DetectionResult> m_probe;
    std::optional<test::CandidateFixture> m_fixture;
    int m_sheldon2 = -1;
    std::unique_ptr<CompareView> m_view;
    QTemporaryDir m_dir;
};

void TestCompareView::initTestCase() {
    FACECASE_REQUIRE_TESTDATA();
    m_engine = std::make_unique<EngineHost>();
    m_engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->state() != EngineHost::State::Loading, 60000);
    QVERIFY2(m_engine->isReady(), qPrintable(m_engine->errorMessage()));

    // The probe as the probe view has it: a DetectionJob's result.
    const QString probe = test::sample(QStringLiteral("sheldon"), 1);
    DetectionJob job(m_engine->threadPool());
    job.setPipelinePool(m_engine->pipelinePool());
    QSignalSpy finished(&job, &DetectionJob::finished);
    QSignalSpy failed(&job, &DetectionJob::failed);
    job.analyzeFile(probe, QStringLiteral("sheldon1.png"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 60000);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(2).toString()));
    m_probe = finished.takeFirst().at(0).value<DetectionResult>();
    QCOMPARE(m_probe->analysis.faces.size(), std::size_t(1));

    // Candidates: the other photos of Sheldon, Leonard and Penny, ranked against the probe.
    QStringList gallery;
    for (const QString& person :
         {QStringLiteral("sheldon"), QStringLiteral("leonard"), QStringLiteral("penny")})
        for (int n = person == QStringLiteral("sheldon") ? 2 : 1; n <= 5; ++n)
            gallery << test::sample(person, n);
    auto fixture = test::buildCandidates(*m_engine->pipelinePool(), probe, gallery, 10);
    QVERIFY2(fixture.ok(), qPrintable(fixture.errorMessage()));
    m_fixture = std::move(fixture.value());
    m_sheldon2 = m_fixture->rowOf(QStringLiteral("sheldon2.png"));
    QVERIFY(m_sheldon2 >= 0);
}

void TestCompareView::cleanupTestCase() {
    m_view.reset();
    m_engine.reset();
}

void TestCompareView::init() {
    m_view = std::make_unique<CompareView>(m_engine.get());
    m_view->resize(1280, 800);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestCompareView::cleanup() {
    m_view.reset();
}

bool TestCompareView::openSheldon2() {
    m_view->setProbe(*m_probe, 0);
    m_view->setCandidate(sheldon2());
    return QTest::qWaitFor([this] { return !m_view->isBusy(); }, 30000) &&
           m_view->candidateFaceReady();
}

void TestCompareView::candidateChipIsMadeInTheBackground() {
    QSignalSpy loaded(m_view.get(), &CompareView::candidateFaceLoaded);
    m_view->setProbe(*m_probe, 0);
    m_view->setCandidate(sheldon2());
    QVERIFY(m_view->isBusy());  // the photo is read and aligned on the engine's pool
    QVERIFY(!m_view->candidateFaceReady());
    QVERIFY(!m_view->candidatePhotoView()->busyText().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QVERIFY(!m_view->isBusy());
    QVERIFY(m_view->candidatePhotoView()->busyText().isEmpty());

    // Both photos and both chips are there; the candidate's face is the stored box.
    QVERIFY(m_view->probePhotoView()->hasPhoto());
    QVERIFY(m_view->candidatePhotoView()->hasPhoto());
    QCOMPARE(m_view->candidatePhotoView()->photoSize(), QSize(150, 150));
    QCOMPARE(m_view->candidatePhotoView()->faceCount(), 1);
    QVERIFY(m_view->probeChipView()->hasFirst());
    QVERIFY(m_view->candidateChipView()->hasFirst());
    QVERIFY(m_view->blendView()->hasFirst() && m_view->blendView()->hasSecond());
    QCOMPARE(m_view->candidateChipView()->composedImage().size(), QSize(150, 150));
    // The two chips are two different photos, aligned: similar but not the same pixels.
    QVERIFY(m_view->probeChipView()->composedImage() !=
            m_view->candidateChipView()->composedImage());

    // Provenance: the recorded fields, and the file checked against its SHA-256.
    const CandidateProvenance& p = sheldon2().candidate.provenance;
    ProvenancePanel* provenance = m_view->provenancePanel();
    QCOMPARE(provenance->value(QStringLiteral("Source path")), p.imagePath);
    QCOMPARE(provenance->value(QStringLiteral("SHA-256")), p.imageSha256);
    QCOMPARE(provenance->value(QStringLiteral("Name")), QStringLiteral("Sheldon"));
    QCOMPARE(provenance->value(QStringLiteral("External ID")), p.subjectExternalId);
    QCOMPARE(provenance->value(QStringLiteral("photo")),
             QStringLiteral("sheldon2.png"));  // attribute row
    QCOMPARE(provenance->value(QStringLiteral("Job")), QStringLiteral("1"));
    // Stored as ISO text, shown as every stored time is (issue 11).
    QCOMPARE(provenance->value(QStringLiteral("Imported at")), displayTime(p.importedAt));
    QVERIFY(provenance->value(QStringLiteral("Imported at")).endsWith(QStringLiteral(" UTC")));
    QVERIFY(provenance->value(QStringLiteral("Face box")).startsWith(QStringLiteral("x ")));
    QVERIFY(provenance->value(QStringLiteral("File check")).startsWith(QStringLiteral("verified")));
    QVERIFY(!m_view->messageBanner()->isVisible());
}

void TestCompareView::zoomAndPanFollowFaceToFace() {
    QVERIFY(openSheldon2());
    PhotoView* probe = m_view->probePhotoView();
    PhotoView* candidate = m_view->candidatePhotoView();
    const QRectF probeFace = m_probe->analysis.faces.front().box.rect;
    const QRectF candidateFace = sheldon2().candidate.provenance.box;
    const auto faceOnScreen = [](const PhotoView* v, const QRectF& face) {
        return v->viewScale() * face.width();
    };
    // They start at the same face size.
    QVERIFY(std::abs(faceOnScreen(probe, probeFace) - faceOnScreen(candidate, candidateFace)) < 1);

    const double before = candidate->viewScale();
    wheel(probe, QRectF(probe->rect()).center() + QPointF(30, -20), 240);  // two notches in
    QVERIFY(candidate->viewScale() > before * 1.4);
    QVERIFY(std::abs(faceOnScreen(probe, probeFace) - faceOnScreen(candidate, candidateFace)) < 1);
    QVERIFY(near(relativeCenter(probe, probeFace), relativeCenter(candidate, candidateFace), 0.02));

    // Dragging the candidate pans the probe by the same share of the face.
    const QPointF start = QRectF(candidate->rect()).center();
    const QPointF probeBefore = probe->viewCenter();
    QTest::mousePress(candidate, Qt::LeftButton, {}, start.toPoint());
    QMouseEvent move(QEvent::MouseMove, start + QPointF(-60, -40), candidate->mapToGlobal(start),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(candidate, &move);
    QTest::mouseRelease(candidate, Qt::LeftButton, {}, (start + QPointF(-60, -40)).toPoint());
    QVERIFY(probe->viewCenter() != probeBefore);
    QVERIFY(near(relativeCenter(probe, probeFace), relativeCenter(candidate, candidateFace), 0.02));

    // Unlinked, each view is on its own.
    m_view->linkCheckBox()->setChecked(false);
    const double unlinked = candidate->viewScale();
    wheel(probe, QRectF(probe->rect()).center(), -120);
    QCOMPARE(candidate->viewScale(), unlinked);
    // Linked again, the candidate catches up with the probe.
    m_view->linkCheckBox()->setChecked(true);
    QVERIFY(std::abs(faceOnScreen(probe, probeFace) - faceOnScreen(candidate, candidateFace)) < 1);
}

void TestCompareView::blendAndFlickerChangeTheOverlay() {
    QVERIFY(openSheldon2());
    QSlider* slider = m_view->blendSlider();
    ChipOverlayView* blend = m_view->blendView();
    const QImage probe = m_view->probeChipView()->composedImage();
    const QImage candidate = m_view->candidateChipView()->composedImage();

    slider->setValue(0);
    QCOMPARE(blend->composedImage(), probe);
    slider->setValue(100);
    QCOMPARE(blend->composedImage(), candidate);
    slider->setValue(50);
    const QImage half = blend->composedImage();
    QVERIFY(half != probe && half != candidate);
    // Half way, a pixel lies between the two faces' values.
    int between = 0;
    for (int y = 20; y < 130; y += 10)
        for (int x = 20; x < 130; x += 10) {
            const int a = qGray(probe.pixel(x, y));
            const int b = qGray(candidate.pixel(x, y));
            const int m = qGray(half.pixel(x, y));
            if (std::abs(a - b) > 20 && m > std::min(a, b) && m < std::max(a, b)) ++between;
        }
    QVERIFY2(between > 5, qPrintable(QString::number(between)));
    QSignalSpy changed(blend, &ChipOverlayView::composedImageChanged);
    slider->setValue(25);
    QCOMPARE(changed.count(), 1);

    // Flicker alternates the whole faces, and locks the slider meanwhile.
    m_view->flickerButton()->click();
    QVERIFY(blend->isFlickering());
    QVERIFY(!slider->isEnabled());
    QCOMPARE(blend->composedImage(), probe);
    QTRY_COMPARE_WITH_TIMEOUT(blend->composedImage(), candidate, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(blend->composedImage(), probe, 2000);
    m_view->flickerButton()->click();
    QVERIFY(!blend->isFlickering());
    QVERIFY(slider->isEnabled());
}

void TestCompareView::landmarksToggleReachesEveryView() {
    QVERIFY(openSheldon2());
    QVERIFY(!m_view->probePhotoView()->landmarksVisible());
    m_view->landmarksButton()->click();
    QVERIFY(m_view->probePhotoView()->landmarksVisible());
    QVERIFY(m_view->candidatePhotoView()->landmarksVisible());
    QVERIFY(m_view->blendView()->landmarksVisible());
    QVERIFY(m_view->candidateChipView()->landmarksVisible());
    // The landmarks land on the aligned chip: alignment puts the eyes at fixed chip positions,
    // so both faces' eye centres (mapped from the photos) fall within a few pixels of each
    // other, and the probe's left eye is left of its right eye, above the mouth.
    const auto centre = [](const ChipOverlayView::Points& points, int first, int last) {
        QPointF sum;
        for (int i = first; i <= last; ++i) sum += points[std::size_t(i)];
        return sum / (last - first + 1);
    };
    const ChipOverlayView* blend = m_view->blendView();
    QVERIFY(blend->first().points && blend->second().points);
    for (const auto& [first, last] : {std::pair{36, 41}, std::pair{42, 47}}) {
        const QPointF probeEye = centre(*blend->first().points, first, last);
        const QPointF candidateEye = centre(*blend->second().points, first, last);
        QVERIFY2(near(probeEye, candidateEye, 6.0),
                 qPrintable(QStringLiteral("(%1, %2) vs (%3, %4)")
                                .arg(probeEye.x())
                                .arg(probeEye.y())
                                .arg(candidateEye.x())
                                .arg(candidateEye.y())));
        QVERIFY(QRectF(0, 0, 150, 150).contains(probeEye));
    }
    const ChipOverlayView::Points& probePoints = *blend->first().points;
    QVERIFY(centre(probePoints, 36, 41).x() + 30 < centre(probePoints, 42, 47).x());
    QVERIFY(centre(probePoints, 36, 41).y() + 30 < centre(probePoints, 48, 59).y());

    const QImage before = m_view->blendView()->grab().toImage();
    m_view->landmarksButton()->click();
    QVERIFY(!m_view->blendView()->landmarksVisible());
    QVERIFY(m_view->blendView()->grab().toImage() != before);
}

void TestCompareView::verdictNeedsAReasonAndCarriesTheValues() {
    QVERIFY(openSheldon2());
    VerdictPanel* panel = m_view->verdictPanel();
    QPushButton* submit = panel->submitButton();
    QSignalSpy submitted(m_view.get(), &CompareView::verdictSubmitted);
    QVERIFY(!submit->isEnabled());
    panel->button(CandidateVerdict::NotAMatch)->click();
    QVERIFY(!submit->isEnabled());  // a verdict alone is not enough
    QTest::keyClicks(panel->reasonEdit(), QStringLiteral("   "));
    QVERIFY(!submit->isEnabled());  // blank is not a reason
    panel->reasonEdit()->clear();
    QTest::keyClicks(panel->reasonEdit(), QStringLiteral("Ear shape and philtrum differ"));
    QVERIFY(submit->isEnabled());
    QTest::keyClicks(panel->notesEdit(), QStringLiteral("Checked at 400%"));
    QTest::mouseClick(submit, Qt::LeftButton);
    QCOMPARE(submitted.count(), 1);
    const QList<QVariant> args = submitted.takeFirst();
    QCOMPARE(args.at(0).value<CandidateVerdict>(), CandidateVerdict::NotAMatch);
    QCOMPARE(args.at(1).toString(), QStringLiteral("Ear shape and philtrum differ"));
    QCOMPARE(args.at(2).toString(), QStringLiteral("Checked at 400%"));

    // Enter in the reason field submits too; a new candidate starts a blank form.
    panel->button(CandidateVerdict::PossibleMatch)->click();
    QTest::keyClick(panel->reasonEdit(), Qt::Key_Return);
    QCOMPARE(submitted.count(), 1);
    QCOMPARE(submitted.takeFirst().at(0).value<CandidateVerdict>(),
             CandidateVerdict::PossibleMatch);
    CandidateRow row = sheldon2();
    row.verdict = CandidateVerdict::Inconclusive;  // what is on record shows as the choice
    m_view->setCandidate(row);
    QCOMPARE(panel->verdict(), CandidateVerdict::Inconclusive);
    QVERIFY(panel->reason().isEmpty());
    QVERIFY(!submit->isEnabled());
}

void TestCompareView::missingCandidateFileIsNamedInline() {
    // The candidate's photo moved after enrollment.
    const QString moved = m_dir.filePath(QStringLiteral("booking-0815.png"));
    QVERIFY(QFile::copy(sheldon2().candidate.provenance.imagePath, moved));
    CandidateRow row = sheldon2();
    row.candidate.provenance.imagePath = moved;
    QVERIFY(QFile::remove(moved));

    QSignalSpy failed(m_view.get(), &CompareView::candidateFaceFailed);
    m_view->setProbe(*m_probe, 0);
    m_view->setCandidate(row);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    MessageBanner* banner = m_view->messageBanner();
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->kind(), MessageBanner::Kind::Error);
    QVERIFY2(banner->text().contains(QDir::toNativeSeparators(moved)), qPrintable(banner->text()));
    QVERIFY(!m_view->candidatePhotoView()->hasPhoto());
    QVERIFY(!m_view->candidateFaceReady());
    QVERIFY(!m_view->blendView()->hasSecond());
    QVERIFY(m_view->provenancePanel()
                ->value(QStringLiteral("File check"))
                .contains(QStringLiteral("booking-0815.png")));
    // The rest of the view still works: provenance is there and a verdict can be recorded.
    QCOMPARE(m_view->provenancePanel()->value(QStringLiteral("Source path")), moved);
    QVERIFY(m_view->probePhotoView()->hasPhoto());

    // Opening an intact candidate afterwards clears the error.
    m_view->setCandidate(sheldon2());
    QTRY_VERIFY_WITH_TIMEOUT(m_view->candidateFaceReady(), 30000);
    QVERIFY(!banner->isVisible());
}

void TestCompareView::screenshot() {
    const QString dir = qEnvironmentVariable("FACECASE_SCREENSHOT_DIR");
    if (dir.isEmpty()) QSKIP("set FACECASE_SCREENSHOT_DIR to write the compare-view screenshot");
    QVERIFY(openSheldon2());
    m_view->landmarksButton()->setChecked(true);
    m_view->blendSlider()->setValue(50);
    wheel(m_view->probePhotoView(), QRectF(m_view->probePhotoView()->rect()).center(), 120);
    m_view->verdictPanel()->button(CandidateVerdict::PossibleMatch)->setChecked(true);
    QTest::keyClicks(m_view->verdictPanel()->reasonEdit(),
                     QStringLiteral("Brow line, nose bridge and ear lobes agree"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isBusy() && m_view->candidateFaceReady(), 30000);
    QCoreApplication::sendPostedEvents();  // layout requests and updates posted meanwhile
    QVERIFY(QDir().mkpath(dir));
    const QString path = QDir(dir).filePath(QStringLiteral("compare-view.png"));
    QVERIFY(m_view->grab().save(path));
    qInfo("wrote %s", qPrintable(path));
}

QTEST_MAIN(TestCompareView)
#include "test_compare_view.moc"
