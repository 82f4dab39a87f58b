// PhotoView's tools, without an engine: a drag in "Mark face" mode reports the box in photo
// pixels at any zoom (and, run a second time with QT_SCALE_FACTOR=2, at device pixel ratio 2),
// clamped to the photo, refused when too small, cancelled by Esc; a click in "Add mark" mode
// reports the photo point while a drag still pans.
#include <QMouseEvent>
#include <QSignalSpy>
#include <QtTest>
#include <cstdint>
#include <vector>

#include "photo/photo_pyramid.h"
#include "photo/photo_view.h"
#include "types/image.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
// A grey gradient photo: big enough to zoom and pan, no decoding needed.
PhotoPyramid syntheticPhoto(int width, int height) {
    std::vector<std::uint8_t> rgb(std::size_t(3 * width * height));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                rgb[std::size_t(3 * (y * width + x) + c)] = std::uint8_t((x + y + 40 * c) % 256);
    return PhotoPyramid::build(Image(width, height, std::move(rgb)));
}

void send(QWidget* w, QEvent::Type type, const QPointF& pos, Qt::MouseButton button,
          Qt::MouseButtons buttons) {
    QMouseEvent event(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(w, &event);
}

// Press at `from`, move in steps, release at `to` (logical view pixels), as a mouse would.
void drag(QWidget* w, const QPointF& from, const QPointF& to) {
    send(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 4; ++i)
        send(w, QEvent::MouseMove, from + (to - from) * (i / 4.0), Qt::NoButton, Qt::LeftButton);
    send(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

bool near(const QRectF& a, const QRectF& b, double tolerance) {
    return std::abs(a.left() - b.left()) <= tolerance && std::abs(a.top() - b.top()) <= tolerance &&
           std::abs(a.right() - b.right()) <= tolerance &&
           std::abs(a.bottom() - b.bottom()) <= tolerance;
}
}  // namespace

class TestPhotoView : public QObject {
    Q_OBJECT

    std::unique_ptr<PhotoView> m_view;

private slots:
    void init() {
        m_view = std::make_unique<PhotoView>();
        m_view->resize(800, 600);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        m_view->setPhoto(syntheticPhoto(1600, 1200), {});
    }
    void cleanup() { m_view.reset(); }

    void runsAtTheRequestedDevicePixelRatio() {
        // The QT_SCALE_FACTOR=2 run must really paint at ratio 2, or it proves nothing.
        const double expected = qEnvironmentVariableIsSet("QT_SCALE_FACTOR")
                                    ? qEnvironmentVariable("QT_SCALE_FACTOR").toDouble()
                                    : 1.0;
        QCOMPARE(m_view->devicePixelRatioF(), expected);
        m_view->setViewport(0.75, QPointF(800, 600));
        QCOMPARE(m_view->zoom(), 0.75 * expected);  // photo pixels per device pixel
    }

    void dragInMarkFaceModeGivesThePhotoBoxAtAnyZoom_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<QRectF>("box");
        QTest::newRow("zoomed in 1.7x") << 1.7 << QRectF(700, 500, 120, 150);
        QTest::newRow("zoomed out 0.3x") << 0.3 << QRectF(300, 240, 400, 520);
        QTest::newRow("actual pixels") << 1.0 << QRectF(760, 560, 64, 80);
    }
    void dragInMarkFaceModeGivesThePhotoBoxAtAnyZoom() {
        QFETCH(double, scale);
        QFETCH(QRectF, box);
        m_view->setViewport(scale, box.center());
        QCOMPARE(m_view->viewScale(), scale);
        QSignalSpy toolChanged(m_view.get(), &PhotoView::toolChanged);
        m_view->setTool(PhotoView::Tool::MarkFace);
        QCOMPARE(toolChanged.size(), 1);
        QSignalSpy drawn(m_view.get(), &PhotoView::faceBoxDrawn);
        // Dragged from bottom-right to top-left on purpose: the box is normalised.
        drag(m_view.get(), m_view->photoToView(box.bottomRight()),
             m_view->photoToView(box.topLeft()));
        QCOMPARE(drawn.size(), 1);
        const QRectF got = drawn.at(0).at(0).toRectF();
        QVERIFY2(near(got, box, 1.0), qPrintable(QStringLiteral("got %1,%2 %3x%4")
                                                      .arg(got.x())
                                                      .arg(got.y())
                                                      .arg(got.width())
                                                      .arg(got.height())));
        QCOMPARE(got.x(), std::round(got.x()));  // whole-pixel edges go on record
        QCOMPARE(got.width(), std::round(got.width()));
        QCOMPARE(m_view->tool(), PhotoView::Tool::Navigate);  // one box per use
        QVERIFY(!m_view->isDrawingBox());
    }

    void boxIsClampedToThePhoto() {
        m_view->fitToWindow();  // the photo is letterboxed: there is margin around it
        m_view->setTool(PhotoView::Tool::MarkFace);
        QSignalSpy drawn(m_view.get(), &PhotoView::faceBoxDrawn);
        drag(m_view.get(), m_view->photoToView(QPointF(1400, 1000)), QPointF(1, 1));
        QCOMPARE(drawn.size(), 1);
        const QRectF got = drawn.at(0).at(0).toRectF();
        QCOMPARE(got.topLeft(), QPointF(0, 0));
        QVERIFY(near(got, QRectF(0, 0, 1400, 1000), 2.0));
        drawn.clear();
        m_view->setTool(PhotoView::Tool::MarkFace);
        drag(m_view.get(), m_view->photoToView(QPointF(1200, 900)),
             QPointF(m_view->width() - 1, m_view->height() - 1));
        QCOMPARE(drawn.size(), 1);
        QCOMPARE(drawn.at(0).at(0).toRectF().bottomRight(), QPointF(1600, 1200));
    }

    void tooSmallBoxIsRefusedAndEscCancels() {
        m_view->setViewport(1.0, QPointF(800, 600));
        m_view->setTool(PhotoView::Tool::MarkFace);
        QSignalSpy drawn(m_view.get(), &PhotoView::faceBoxDrawn);
        const QPointF at = m_view->photoToView(QPointF(800, 600));
        drag(m_view.get(), at, at + QPointF(12, 40) * m_view->viewScale());  // 12 px wide
        QCOMPARE(drawn.size(), 0);
        QCOMPARE(m_view->tool(), PhotoView::Tool::MarkFace);  // still drawing: try again
        m_view->setFocus();
        QTest::keyClick(m_view.get(), Qt::Key_Escape);
        QCOMPARE(m_view->tool(), PhotoView::Tool::Navigate);
        // Navigating again: a drag pans (zoomed in) and draws nothing.
        m_view->setViewport(2.0, QPointF(800, 600));
        const QPointF before = m_view->viewCenter();
        drag(m_view.get(), QPointF(400, 300), QPointF(300, 250));
        QCOMPARE(drawn.size(), 0);
        QVERIFY(m_view->viewCenter() != before);
    }

    void clickInMarkModePicksThePointWhileADragPans() {
        m_view->setViewport(2.5, QPointF(900, 500));
        m_view->setTool(PhotoView::Tool::PlaceMark);
        QSignalSpy picked(m_view.get(), &PhotoView::pointPicked);
        const QPointF target(912.4, 487.6);
        const QPointF at = m_view->photoToView(target);
        send(m_view.get(), QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
        send(m_view.get(), QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
        QCOMPARE(picked.size(), 1);
        const QPointF got = picked.at(0).at(0).toPointF();
        QVERIFY2(std::abs(got.x() - target.x()) < 0.5 && std::abs(got.y() - target.y()) < 0.5,
                 qPrintable(QStringLiteral("%1,%2").arg(got.x()).arg(got.y())));
        const QPointF before = m_view->viewCenter();
        drag(m_view.get(), QPointF(400, 300), QPointF(330, 260));
        QCOMPARE(picked.size(), 1);  // a drag is not a click
        QVERIFY(m_view->viewCenter() != before);

        m_view->setMarks({{1, got, QStringLiteral("scar"), false}});
        QCOMPARE(m_view->marks().size(), std::size_t(1));
        m_view->setPhoto(syntheticPhoto(200, 100), {});  // another photo: its marks are gone
        QVERIFY(m_view->marks().empty());
    }
};

QTEST_MAIN(TestPhotoView)
#include "test_photo_view.moc"
