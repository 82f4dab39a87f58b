#include "types/descriptor.h"
#include "types/face_quality.h"
#include "types/image.h"
#include "types/landmarks.h"
#include "types/result.h"

#include <QTest>

using namespace facecase;

class TestTypes : public QObject {
    Q_OBJECT
private slots:
    void resultCarriesValueOrError() {
        Result<int> good(42);
        QVERIFY(good.ok());
        QCOMPARE(*good, 42);
        Result<int> bad(Error::invalidInput(QStringLiteral("a.jpg: empty file")));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(bad.errorMessage(), QStringLiteral("a.jpg: empty file"));
        Result<void> done;
        QVERIFY(done.ok());
        QVERIFY(!Result<void>(Error::cancelled(QStringLiteral("stop"))).ok());
    }

    void descriptorDistanceIsEuclidean() {
        Descriptor a, b;
        a.values[0] = 3.0f;
        b.values[1] = 4.0f;
        QCOMPARE(a.distanceTo(b), 5.0);
        QCOMPARE(a.distanceTo(a), 0.0);
    }

    void eyeCentresAndDistance() {
        Landmarks lm;
        for (int i = 36; i <= 41; ++i) lm.points[std::size_t(i)] = QPointF(10, 20);
        for (int i = 42; i <= 47; ++i) lm.points[std::size_t(i)] = QPointF(40, 60);
        QCOMPARE(lm.leftEyeCenter(), QPointF(10, 20));
        QCOMPARE(lm.interEyeDistance(), 50.0);
    }

    void imageSharesPixels() {
        Image img(2, 1, {1, 2, 3, 4, 5, 6});
        Image copy = img;
        QCOMPARE(copy.data(), img.data());
        QCOMPARE(img.stride(), 6);
        QVERIFY(Image().isNull());
    }

    void qualityOverallIsWorstLevel() {
        FaceQuality q;
        QCOMPARE(q.overall(), FaceQuality::Level::Good);
        q.poseLevel = FaceQuality::Level::Caution;
        q.sharpnessLevel = FaceQuality::Level::Poor;
        QCOMPARE(q.overall(), FaceQuality::Level::Poor);
        QCOMPARE(FaceQuality::levelName(q.overall()), QStringLiteral("poor"));
    }
};

QTEST_GUILESS_MAIN(TestTypes)
#include "test_types.moc"
