// The probe view, driven like an analyst would: photos opened in it the way the case page opens
// them (openFile, openDecoded), read the boxes and the quality panel, pick a face, get told
// clearly about broken files and photos without faces, and never see the window freeze while
// the engine works. Drops and pastes are the case page's (test_case_work_view).
#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QtTest>
#include <memory>
#include <optional>

#include "detection/detection_view.h"
#include "imaging/image_loader.h"
#include "jobs/detection_job.h"
#include "jobs/engine_host.h"
#include "photo/photo_view.h"
#include "quality/face_details_view.h"
#include "quality/face_list_model.h"
#include "quality/quality_panel.h"
#include "support/test_data.h"
#include "widgets/message_banner.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
QString photo(const char* relative) {
    return test::testDataPath(QString::fromUtf8(relative));
}

// The detection view as a window of its own: the case page embeds it (and turns drops into
// evidence first, then opens them here); here it is tested alone, with the engine it needs.
struct DetectionWindow {
    EngineHost engine;
    DetectionView view{&engine};
    DetectionWindow() { view.resize(1280, 800); }
};
}  // namespace

class TestDetectionWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void openFindsTwoFaces();
    void decodedPhotoIsAnalysedWithoutReadingItAgain();
    void landmarksToggleDrawsThem();
    void selectingFaceTwoShowsItEverywhere();
    void faceListModelIsConsistent();
    void corruptFileShowsErrorBannerNamingIt();
    void photoWithoutFaceSaysSoNotAnError();
    void newerRequestSupersedesOlder();
    void guiThreadStaysResponsiveDuringDetection();
    void handDrawnBoxAroundADetectedFaceMatchesIt();
    void handDrawnBoxFindsAFaceTheDetectorMissed();
    void missingModelsShowBannerAndRefusePhotos();

private:
    DetectionView* view() const { return &m_window->view; }
    PhotoView* photoView() const { return view()->photoView(); }
    QualityPanel* panel() const { return view()->qualityPanel(); }
    // Waits until the view shows `name` (or failed with it) and is idle.
    bool waitUntilShown(const QString& name, int timeoutMs = 60000);
    // Delivers what was posted to the GUI thread before the call: a call queued now comes
    // after it. The positive marker for "nothing more arrives".
    bool flushPostedEvents();
    // Mark face, drag `box` (photo pixels) on the photo, wait for the fitted face's row.
    int markFaceByHand(const QRectF& box);

    // The detector's first face of two_people.jpg, with its descriptor (set by the first
    // hand-drawn test, compared against by the second).
    std::optional<DetectedFace> m_detectedFace;

    std::unique_ptr<DetectionWindow> m_window;
    // The quality panel's live face list, under the tester through every test.
    std::unique_ptr<QAbstractItemModelTester> m_faceListTester;
};

void TestDetectionWindow::initTestCase() {
    FACECASE_REQUIRE_TESTDATA();
    m_window = std::make_unique<DetectionWindow>();
    m_faceListTester = std::make_unique<QAbstractItemModelTester>(
        panel()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view()->show();
    QVERIFY(QTest::qWaitForWindowExposed(view()));
    m_window->engine.start();
    EngineHost* engine = &m_window->engine;
    QTRY_VERIFY_WITH_TIMEOUT(engine->state() != EngineHost::State::Loading, 60000);
    QVERIFY2(engine->isReady(), qPrintable(engine->errorMessage()));
    QVERIFY(!view()->isBusy());
    qInfo("face models loaded in %.0f ms", engine->loadMs());
}

void TestDetectionWindow::cleanupTestCase() {
    m_faceListTester.reset();
    m_window.reset();
}

bool TestDetectionWindow::waitUntilShown(const QString& name, int timeoutMs) {
    return QTest::qWaitFor(
        [&] {
            const bool failed = view()->messageBanner()->isVisible() &&
                                view()->messageBanner()->kind() == MessageBanner::Kind::Error &&
                                view()->messageBanner()->text().contains(name);
            return !view()->isBusy() && (view()->photoName() == name || failed);
        },
        timeoutMs);
}

bool TestDetectionWindow::flushPostedEvents() {
    bool flushed = false;
    QMetaObject::invokeMethod(view(), [&flushed] { flushed = true; }, Qt::QueuedConnection);
    return QTest::qWaitFor([&flushed] { return flushed; }, 30000);
}

int TestDetectionWindow::markFaceByHand(const QRectF& box) {
    QSignalSpy marked(view(), &DetectionView::faceMarkedByHand);
    QTest::mouseClick(view()->markFaceButton(), Qt::LeftButton);
    if (photoView()->tool() != PhotoView::Tool::MarkFace) return -1;
    const auto send = [this](QEvent::Type type, const QPointF& pos, Qt::MouseButtons buttons) {
        QMouseEvent event(type, pos, photoView()->mapToGlobal(pos), Qt::LeftButton, buttons,
                          Qt::NoModifier);
        QCoreApplication::sendEvent(photoView(), &event);
    };
    const QPointF from = photoView()->photoToView(box.topLeft());
    const QPointF to = photoView()->photoToView(box.bottomRight());
    send(QEvent::MouseButtonPress, from, Qt::LeftButton);
    send(QEvent::MouseMove, (from + to) / 2, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, to, Qt::NoButton);
    if (!marked.wait(30000) && marked.isEmpty()) return -1;
    return marked.at(0).at(0).toInt();
}

void TestDetectionWindow::openFindsTwoFaces() {
    const QString path = photo("detection/face-recognition-samples/examples/two_people.jpg");
    view()->openFile(path);
    QVERIFY(view()->isBusy());  // detection runs in the background, not inside the call
    QVERIFY(photoView()->busyText().contains(QStringLiteral("two_people.jpg")));
    QTRY_COMPARE_WITH_TIMEOUT(panel()->model()->rowCount(), 2, 60000);
    QCOMPARE(photoView()->faceCount(), 2);
    QVERIFY(!view()->isBusy());
    QVERIFY(photoView()->busyText().isEmpty());
    QCOMPARE(view()->photoName(), QStringLiteral("two_people.jpg"));
    QVERIFY2(view()->statusText().startsWith(QStringLiteral("2 faces found in two_people.jpg (")),
             qPrintable(view()->statusText()));
    QVERIFY(!view()->messageBanner()->isVisible());

    // Boxes are numbered 1, 2 in reading order, lie inside the shown photo and don't overlap.
    const QRectF a = photoView()->faceRectInView(0);
    const QRectF b = photoView()->faceRectInView(1);
    QVERIFY(a.isValid() && b.isValid());
    QVERIFY(QRectF(photoView()->rect()).contains(a) && QRectF(photoView()->rect()).contains(b));
    QVERIFY(a.center().x() < b.center().x());
    QVERIFY(!a.intersects(b));
    QCOMPARE(panel()->model()->data(panel()->model()->index(0, FaceListModel::NumberColumn)),
             QVariant(1));
    QCOMPARE(panel()->model()->data(panel()->model()->index(1, FaceListModel::NumberColumn)),
             QVariant(2));
    // The first face is selected and detailed straight away, chip included.
    QCOMPARE(panel()->selectedRow(), 0);
    QCOMPARE(panel()->details()->faceNumber(), 1);
    const QLabel* chip = panel()->details()->findChild<QLabel*>(QStringLiteral("faceChip"));
    QVERIFY(chip);
    QCOMPARE(chip->pixmap().size(), QSize(150, 150));
}

// The case page's route for a probe just imported: the photo its import decoded is handed over,
// and the pipeline neither reads nor decodes it again.
void TestDetectionWindow::decodedPhotoIsAnalysedWithoutReadingItAgain() {
    auto decoded =
        ImageLoader().loadFile(photo("detection/face-recognition-samples/examples/two_people.jpg"));
    QVERIFY2(decoded, qPrintable(decoded.errorMessage()));
    view()->openDecoded(*decoded, QStringLiteral("probe 1 (two_people.jpg)"));
    QVERIFY(view()->isBusy());
    QVERIFY(waitUntilShown(QStringLiteral("probe 1 (two_people.jpg)")));
    QVERIFY(view()->result().has_value());
    QCOMPARE(view()->result()->timings.decodes, 0);
    QCOMPARE(view()->result()->analysis.source.sha256, decoded->sha256);
    QCOMPARE(photoView()->faceCount(), 2);
}

void TestDetectionWindow::landmarksToggleDrawsThem() {
    if (photoView()->faceCount() != 2) {
        view()->openFile(photo("detection/face-recognition-samples/examples/two_people.jpg"));
        QVERIFY(waitUntilShown(QStringLiteral("two_people.jpg")));
    }
    // The window's "Show Landmarks" action calls exactly this.
    QAction toggleAction;
    toggleAction.setCheckable(true);
    connect(&toggleAction, &QAction::toggled, photoView(), &PhotoView::setLandmarksVisible);
    QAction* toggle = &toggleAction;
    photoView()->setLandmarksVisible(false);
    QVERIFY(!photoView()->landmarksVisible());
    const QImage without = photoView()->grab().toImage();

    toggle->trigger();
    QVERIFY(photoView()->landmarksVisible());
    const QImage with = photoView()->grab().toImage();
    QCOMPARE(with.size(), without.size());
    // The change is drawn on the faces (the jaw line may leave the detector's tight box a
    // little), nowhere else.
    int changedInside = 0;
    int changedOutside = 0;
    const qreal dpr = with.devicePixelRatio();
    QRegion faces;
    for (int row = 0; row < photoView()->faceCount(); ++row) {
        const QRectF box = photoView()->faceRectInView(row);
        const double margin = 0.3 * box.width() + 4;
        faces += box.adjusted(-margin, -margin, margin, margin).toAlignedRect();
    }
    for (int y = 0; y < with.height(); y += 2) {
        for (int x = 0; x < with.width(); x += 2) {
            if (with.pixel(x, y) == without.pixel(x, y)) continue;
            if (faces.contains(QPoint(int(x / dpr), int(y / dpr))))
                ++changedInside;
            else
                ++changedOutside;
        }
    }
    QVERIFY2(changedInside > 50, qPrintable(QString::number(changedInside)));
    QCOMPARE(changedOutside, 0);

    toggle->trigger();
    QVERIFY(!photoView()->landmarksVisible());
    QVERIFY(!toggle->isChecked());
}

void TestDetectionWindow::selectingFaceTwoShowsItEverywhere() {
    if (photoView()->faceCount() != 2) {
        view()->openFile(photo("detection/face-recognition-samples/examples/two_people.jpg"));
        QVERIFY(waitUntilShown(QStringLiteral("two_people.jpg")));
    }
    // In the table, by mouse.
    QTableView* table = panel()->table();
    const QRect row2 = table->visualRect(panel()->model()->index(1, FaceListModel::QualityColumn));
    QVERIFY(row2.isValid());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, row2.center());
    QCOMPARE(panel()->selectedRow(), 1);
    QCOMPARE(panel()->details()->faceNumber(), 2);
    QVERIFY(panel()->details()->title().startsWith(QStringLiteral("Face 2 of 2")));
    QVERIFY(!panel()->details()->warningsText().isEmpty());
    QCOMPARE(photoView()->selectedFace(), 1);

    // On the photo, by clicking face 1's box.
    QTest::mouseClick(photoView(), Qt::LeftButton, {},
                      photoView()->faceRectInView(0).center().toPoint());
    QCOMPARE(panel()->selectedRow(), 0);
    QCOMPARE(panel()->details()->faceNumber(), 1);
    QCOMPARE(photoView()->selectedFace(), 0);

    // By keyboard: the face's number.
    photoView()->setFocus();
    QTest::keyClick(photoView(), Qt::Key_2);
    QCOMPARE(panel()->details()->faceNumber(), 2);
    QCOMPARE(photoView()->selectedFace(), 1);
}

void TestDetectionWindow::faceListModelIsConsistent() {
    if (panel()->model()->rowCount() == 0) {
        view()->openFile(photo("detection/face-recognition-samples/examples/two_people.jpg"));
        QVERIFY(waitUntilShown(QStringLiteral("two_people.jpg")));
    }
    FaceListModel* live = panel()->model();
    QAbstractItemModelTester liveTester(live,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

    // A model of its own, filled, refilled and emptied under the tester.
    std::vector<DetectedFace> faces;
    for (int row = 0; row < live->faceCount(); ++row) faces.push_back(live->face(row));
    FaceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFaces(faces);
    QCOMPARE(model.rowCount(), int(faces.size()));
    QCOMPARE(model.columnCount(), int(FaceListModel::ColumnCount));
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex quality = model.index(row, FaceListModel::QualityColumn);
        QVERIFY(!model.data(quality).toString().isEmpty());
        QVERIFY(model.data(quality, Qt::DecorationRole).canConvert<QIcon>());
        QVERIFY(!model.data(quality, Qt::ToolTipRole).toString().isEmpty());
        QVERIFY(
            model.data(model.index(row, FaceListModel::EyeDistanceColumn)).toString().toDouble() >
            20);
    }
    QVERIFY(!model.headerData(FaceListModel::EyeDistanceColumn, Qt::Horizontal, Qt::ToolTipRole)
                 .toString()
                 .isEmpty());
    model.setFaces(faces);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.setFaces(faces);
}

void TestDetectionWindow::corruptFileShowsErrorBannerNamingIt() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("broken.jpg"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray garbage("\xFF\xD8\xFF\xE0 this is not really a JPEG ");
    for (int i = 0; i < 2000; ++i) garbage.append(char((i * 7919) % 251));
    file.write(garbage);
    file.close();

    const QString before = view()->photoName();
    view()->openFile(path);
    MessageBanner* banner = view()->messageBanner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible() || !view()->isBusy(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 30000);
    QCOMPARE(banner->kind(), MessageBanner::Kind::Error);
    QVERIFY2(banner->text().contains(QStringLiteral("broken.jpg")), qPrintable(banner->text()));
    qInfo("error banner: %s", qPrintable(banner->text()));
    QVERIFY(!view()->isBusy());
    QCOMPARE(view()->photoName(), before);  // the previous photo stays on show

    // Dismissable, also by keyboard.
    view()->setFocus();
    QTest::keyClick(view(), Qt::Key_Escape);
    QVERIFY(!banner->isVisible());
}

void TestDetectionWindow::photoWithoutFaceSaysSoNotAnError() {
    view()->openFile(photo("detection/dlib-faces/dogs.jpg"));
    QVERIFY(waitUntilShown(QStringLiteral("dogs.jpg")));
    QCOMPARE(view()->photoName(), QStringLiteral("dogs.jpg"));
    QCOMPARE(photoView()->faceCount(), 0);
    QCOMPARE(panel()->model()->rowCount(), 0);
    QVERIFY(photoView()->hasPhoto());
    const QString message = photoView()->message();
    QVERIFY2(message.startsWith(QStringLiteral("No face found in dogs.jpg. Faces smaller than ")),
             qPrintable(message));
    QVERIFY(message.endsWith(QStringLiteral(" px are not searched for.")));
    QCOMPARE(panel()->placeholderText(), message);
    QCOMPARE(view()->statusText(), message);
    QVERIFY(!view()->messageBanner()->isVisible());  // not an error

}

void TestDetectionWindow::newerRequestSupersedesOlder() {
    QStringList finished;
    QMetaObject::Connection connection =
        connect(view()->job(), &DetectionJob::finished, this,
                [&finished](const DetectionResult& result) { finished << result.displayName; });
    view()->openFile(photo("detection/face-recognition-samples/examples/obama-1080p.jpg"));
    view()->openFile(photo("detection/face-recognition-samples/examples/two_people.jpg"));
    QVERIFY(waitUntilShown(QStringLiteral("two_people.jpg")));
    // Let the superseded run finish in the background: its result must never arrive.
    QVERIFY(m_window->engine.threadPool()->waitForDone(60000));
    QVERIFY(flushPostedEvents());  // its notification, had it been sent, came before this
    disconnect(connection);
    QCOMPARE(finished, QStringList{QStringLiteral("two_people.jpg")});
    QCOMPARE(view()->photoName(), QStringLiteral("two_people.jpg"));
    QCOMPARE(photoView()->faceCount(), 2);
}

// The engine works on its own pool: openFile returns at once with the view busy, and while the
// detection runs there the GUI thread keeps serving a timer; each tick counted found the pool at
// work on it. (How long the GUI thread ever stalls is measured by facecase-bench-gui; see
// docs/benchmarks.md.)
void TestDetectionWindow::guiThreadStaysResponsiveDuringDetection() {
    const QString path = photo("detection/face-recognition-samples/examples/obama-1080p.jpg");
    QThreadPool* pool = m_window->engine.threadPool();
    int ticksWhileDetecting = 0;
    QTimer timer;
    timer.setInterval(0);  // every turn of the event loop
    connect(&timer, &QTimer::timeout, this, [&] {
        if (view()->isBusy() && pool->activeThreadCount() > 0) ++ticksWhileDetecting;
    });
    timer.start();
    view()->openFile(path);
    QVERIFY(view()->isBusy());  // openFile returned before the result
    QVERIFY(waitUntilShown(QStringLiteral("obama-1080p.jpg")));
    timer.stop();
    QCOMPARE(photoView()->faceCount(), 1);
    QVERIFY2(ticksWhileDetecting >= 1, "the GUI thread ran no timer while the engine detected");
    qInfo("GUI thread during detection of obama-1080p.jpg: %d turns of the event loop; %s",
          ticksWhileDetecting, qPrintable(view()->statusText()));
}

void TestDetectionWindow::handDrawnBoxAroundADetectedFaceMatchesIt() {
    view()->setComputeDescriptors(true);  // as on the case page: hand-drawn faces get one too
    const QString path = photo("detection/face-recognition-samples/examples/two_people.jpg");
    view()->openFile(path);
    QVERIFY(waitUntilShown(QStringLiteral("two_people.jpg")));
    QCOMPARE(photoView()->faceCount(), 2);
    const DetectedFace detected = view()->result()->analysis.faces[0];
    QVERIFY(detected.descriptor.has_value());
    m_detectedFace = detected;

    // Zoomed in on the face (zoom != 1): the analyst's box, a little looser than the
    // detector's, as a person draws it.
    photoView()->setViewport(photoView()->viewScale() * 1.8, detected.box.rect.center());
    QVERIFY(photoView()->zoom() != 1.0);
    const QRectF box = detected.box.rect.adjusted(-6, -8, 6, 6);
    const int row = markFaceByHand(box);
    QCOMPARE(row, 2);
    QCOMPARE(photoView()->tool(), PhotoView::Tool::Navigate);

    const DetectedFace& hand = view()->result()->analysis.faces[2];
    QVERIFY(hand.box.manual);
    QCOMPARE(hand.index, 3);  // numbered next; the detector's 1 and 2 stay put
    QVERIFY(std::abs(hand.box.rect.left() - box.left()) <= 1.0);
    QVERIFY(std::abs(hand.box.rect.bottom() - box.bottom()) <= 1.0);
    QVERIFY(hand.descriptor.has_value());
    const double distance = hand.descriptor->distanceTo(*detected.descriptor);
    qInfo("hand-drawn vs detected face descriptor distance %.3f", distance);
    QVERIFY2(distance < 0.3, qPrintable(QString::number(distance)));
    // Landmarks fitted inside the box: the eyes well inside, no point far outside.
    QVERIFY(hand.box.rect.contains(hand.landmarks.leftEyeCenter()));
    QVERIFY(hand.box.rect.contains(hand.landmarks.rightEyeCenter()));
    const QRectF loose = hand.box.rect.adjusted(-0.2 * box.width(), -0.2 * box.height(),
                                                0.2 * box.width(), 0.2 * box.height());
    for (const QPointF& p : hand.landmarks.points) QVERIFY(loose.contains(p));

    // Everywhere: selected, dashed on the photo, "hand" in the list, details say so.
    QCOMPARE(view()->selectedFace(), 2);
    QCOMPARE(photoView()->selectedFace(), 2);
    QCOMPARE(photoView()->faceCount(), 3);
    QVERIFY(photoView()->isFaceManual(2) && !photoView()->isFaceManual(0));
    FaceListModel* model = panel()->model();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->data(model->index(2, 0), FaceListModel::ManualRole).toBool(), true);
    QVERIFY(model->data(model->index(2, 0)).toString().contains(QStringLiteral("hand")));
    QCOMPARE(panel()->details()->faceNumber(), 3);
    QVERIFY(view()->statusText().startsWith(QStringLiteral("Face 3 marked by hand")));

    const QString dir = qEnvironmentVariable("FACECASE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        photoView()->setLandmarksVisible(true);
        photoView()->fitToWindow();
        QCoreApplication::sendPostedEvents();  // layout requests and updates posted meanwhile
        view()->grab().save(QDir(dir).filePath(QStringLiteral("manual-face-detection.png")));
        photoView()->setLandmarksVisible(false);
    }
}

void TestDetectionWindow::handDrawnBoxFindsAFaceTheDetectorMissed() {
    QVERIFY2(m_detectedFace, "needs handDrawnBoxAroundADetectedFaceMatchesIt");
    // A detector that only looks for faces larger than the photo: it misses both.
    const PipelineOptions saved = view()->job()->options();
    PipelineOptions blind = saved;
    blind.detection.minFaceSize = 4000;
    view()->job()->setOptions(blind);
    view()->openFile(photo("detection/face-recognition-samples/examples/two_people.jpg"),
                     QStringLiteral("two_people (blind).jpg"));
    QVERIFY(waitUntilShown(QStringLiteral("two_people (blind).jpg")));
    view()->job()->setOptions(saved);
    QCOMPARE(photoView()->faceCount(), 0);
    QVERIFY(photoView()->message().startsWith(QStringLiteral("No face found")));

    const QRectF box = m_detectedFace->box.rect.adjusted(-4, -4, 4, 4);
    QCOMPARE(markFaceByHand(box), 0);
    const DetectedFace& hand = view()->result()->analysis.faces[0];
    QCOMPARE(hand.index, 1);
    QVERIFY(hand.box.manual);
    QVERIFY(hand.descriptor.has_value());
    const double distance = hand.descriptor->distanceTo(*m_detectedFace->descriptor);
    QVERIFY2(distance < 0.3, qPrintable(QString::number(distance)));
    QVERIFY(photoView()->message().isEmpty());  // "No face found" no longer holds
    QCOMPARE(panel()->model()->rowCount(), 1);
    QVERIFY(panel()->placeholderText().isEmpty());
    QCOMPARE(panel()->selectedRow(), 0);

    // A box too small to hold a face is refused on the photo; nothing is fitted.
    QSignalSpy marked(view(), &DetectionView::faceMarkedByHand);
    QTest::mouseClick(view()->markFaceButton(), Qt::LeftButton);
    const QPointF at = photoView()->photoToView(QPointF(20, 20));
    QTest::mousePress(photoView(), Qt::LeftButton, {}, at.toPoint());
    QTest::mouseRelease(photoView(), Qt::LeftButton, {}, (at + QPointF(3, 3)).toPoint());
    QCOMPARE(photoView()->tool(), PhotoView::Tool::MarkFace);
    // Esc leaves the tool (the photo view takes it before the banner's dismiss shortcut).
    QTest::keyClick(photoView(), Qt::Key_Escape);
    QCOMPARE(photoView()->tool(), PhotoView::Tool::Navigate);
    QVERIFY(!view()->markFaceAction()->isChecked());
    // Had the tiny box been sent to be fitted, the job would have run on the engine's pool and
    // its result been posted before a call queued once the pool is idle.
    QVERIFY(m_window->engine.threadPool()->waitForDone(60000));
    QVERIFY(flushPostedEvents());
    QCOMPARE(marked.size(), 0);
    // M turns the tool on from the keyboard.
    photoView()->setFocus();
    QTest::keyClick(photoView(), Qt::Key_M);
    QCOMPARE(photoView()->tool(), PhotoView::Tool::MarkFace);
    QTest::keyClick(photoView(), Qt::Key_Escape);
    QCOMPARE(photoView()->tool(), PhotoView::Tool::Navigate);
}

void TestDetectionWindow::missingModelsShowBannerAndRefusePhotos() {
    const QByteArray saved = qgetenv("FACECASE_LANDMARK_MODEL");
    qputenv("FACECASE_LANDMARK_MODEL", "/nonexistent/shape_predictor_68_face_landmarks.dat");
    DetectionWindow window;
    window.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window.view));
    window.engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(window.engine.state(), EngineHost::State::Failed, 30000);
    if (saved.isNull())
        qunsetenv("FACECASE_LANDMARK_MODEL");
    else
        qputenv("FACECASE_LANDMARK_MODEL", saved);

    MessageBanner* banner = window.view.messageBanner();
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->kind(), MessageBanner::Kind::Error);
    QVERIFY2(banner->text().contains(QStringLiteral("landmark model")), qPrintable(banner->text()));
    QVERIFY(banner->text().contains(QStringLiteral("installer/setup.sh")));
    QVERIFY(!window.view.isBusy());

    window.view.openFile(
        photo("detection/face-recognition-samples/examples/two_people.jpg"));
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().startsWith(QStringLiteral("two_people.jpg cannot be analysed")));
    QVERIFY(!window.view.isBusy());
    QCOMPARE(window.view.photoView()->faceCount(), 0);
}

QTEST_MAIN(TestDetectionWindow)
#include "test_detection_window.moc"
