// facecase::Image -> QImage without OpenCV, and the display pyramid built from it.
#include <QtTest>
#include <cstdint>
#include <vector>

#include "photo/image_conversion.h"
#include "photo/photo_pyramid.h"

using namespace facecase;
using namespace facecase::ui;

namespace {
// A width x height gradient with distinct R, G, B so channel order mistakes show.
Image gradient(int width, int height) {
    std::vector<std::uint8_t> rgb(std::size_t(width) * std::size_t(height) * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p =
                rgb.data() + (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 3;
            p[0] = std::uint8_t(x % 256);
            p[1] = std::uint8_t(y % 256);
            p[2] = std::uint8_t((x + y) % 256);
        }
    }
    return Image(width, height, std::move(rgb));
}
}  // namespace

class TestImageConversion : public QObject {
    Q_OBJECT

private slots:
    void sharesPixelsAndKeepsThemAlive_data();
    void sharesPixelsAndKeepsThemAlive();
    void displayImageIsRgb32Copy();
    void nullImageGivesNullQImage();
    void pyramidHalvesDownToSmallestSide();
};

void TestImageConversion::sharesPixelsAndKeepsThemAlive_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("odd width, stride not a multiple of 4") << 7 << 5;
    QTest::newRow("even") << 64 << 48;
    QTest::newRow("one pixel") << 1 << 1;
}

void TestImageConversion::sharesPixelsAndKeepsThemAlive() {
    QFETCH(int, width);
    QFETCH(int, height);
    QImage wrapped;
    const std::uint8_t* pixels = nullptr;
    {
        const Image image = gradient(width, height);
        pixels = image.data();
        wrapped = toQImage(image);
        QCOMPARE(wrapped.format(), QImage::Format_RGB888);
        QCOMPARE(wrapped.size(), QSize(width, height));
        QCOMPARE(wrapped.bytesPerLine(), qsizetype(3 * width));
        QCOMPARE(static_cast<const void*>(wrapped.constBits()), static_cast<const void*>(pixels));
    }  // the Image is gone; the QImage still holds its buffer
    QCOMPARE(static_cast<const void*>(wrapped.constBits()), static_cast<const void*>(pixels));
    const int x = width - 1;
    const int y = height - 1;
    QCOMPARE(wrapped.pixel(x, y), qRgb(x % 256, y % 256, (x + y) % 256));
}

void TestImageConversion::displayImageIsRgb32Copy() {
    const Image image = gradient(300, 200);
    const QImage display = toDisplayImage(image);
    QCOMPARE(display.format(), QImage::Format_RGB32);
    QCOMPARE(display.size(), QSize(300, 200));
    QVERIFY(static_cast<const void*>(display.constBits()) !=
            static_cast<const void*>(image.data()));
    for (const QPoint p : {QPoint(0, 0), QPoint(299, 0), QPoint(17, 123), QPoint(299, 199)})
        QCOMPARE(display.pixel(p), qRgb(p.x() % 256, p.y() % 256, (p.x() + p.y()) % 256));
}

void TestImageConversion::nullImageGivesNullQImage() {
    QVERIFY(toQImage(Image()).isNull());
    QVERIFY(toDisplayImage(Image()).isNull());
    QVERIFY(PhotoPyramid::build(Image()).isNull());
}

void TestImageConversion::pyramidHalvesDownToSmallestSide() {
    const PhotoPyramid pyramid = PhotoPyramid::build(gradient(1920, 1080), 160);
    QCOMPARE(pyramid.size(), QSize(1920, 1080));
    // 1920x1080 -> 960x540 -> 480x270 -> 240x135 would go under 160: stops at 480x270.
    QCOMPARE(pyramid.levelCount(), 3);
    QCOMPARE(pyramid.level(2).size(), QSize(480, 270));
    QCOMPARE(pyramid.levelFor(100).width(), 480);
    QCOMPARE(pyramid.levelFor(480).width(), 480);
    QCOMPARE(pyramid.levelFor(481).width(), 960);
    QCOMPARE(pyramid.levelFor(5000).width(), 1920);
    for (int i = 0; i < pyramid.levelCount(); ++i)
        QCOMPARE(pyramid.level(i).format(), QImage::Format_RGB32);
}

QTEST_GUILESS_MAIN(TestImageConversion)
#include "test_image_conversion.moc"
