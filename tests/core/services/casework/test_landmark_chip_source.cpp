// LandmarkChipSource, the case export's aligner: re-fitting the landmarks inside a search's
// recorded box gives back the search's chip exactly; the chip's eyes sit at dlib's canonical
// positions; stored landmarks need no model; other bytes than the recorded ones are refused.
#include <QLineF>
#include <QTest>

#include "support/aligned_face_fixture.h"
#include "imaging/image_loader.h"
#include "services/casework/landmark_chip_source.h"
#include "types/chip_geometry.h"

using namespace facecase;
using test::AlignedFaceFixture;

class TestLandmarkChipSource : public QObject {
    Q_OBJECT

    std::optional<AlignedFaceFixture> m_fixture;

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        m_fixture = AlignedFaceFixture::create();
        if (!m_fixture) QSKIP("face models or obama.jpg not found: run installer/setup.sh or set FACECASE_MODEL_DIR");
    }

    void refittingInTheRecordedBoxReproducesTheSearchChip() {
        const AlignedFaceFixture& f = *m_fixture;
        LandmarkChipSource source(f.models->landmarks());
        auto chip = source.chip({f.path, f.sha256, f.face.box.rect, std::nullopt});
        QVERIFY2(chip.ok(), qPrintable(chip.errorMessage()));
        QCOMPARE(chip->chip.sourceCenter, f.face.chip.sourceCenter);
        QCOMPARE(chip->chip.angle, f.face.chip.angle);
        QCOMPARE(chip->chip.sourceSide, f.face.chip.sourceSide);
        // The PNG holds exactly the pixels the descriptor network saw.
        auto decoded = ImageLoader().loadBytes(chip->png, QStringLiteral("chip.png"));
        QVERIFY2(decoded.ok(), qPrintable(decoded.errorMessage()));
        QCOMPARE(decoded->format, QStringLiteral("PNG"));
        QCOMPARE(decoded->image.width(), FaceChip::kSize);
        QCOMPARE(decoded->image.height(), FaceChip::kSize);
        QVERIFY(std::equal(decoded->image.data(), decoded->image.data() + decoded->image.byteCount(), f.face.chip.image.data()));
        // Deterministic: the same face gives the same file (chips are named by their SHA-256).
        auto again = LandmarkChipSource(f.models->landmarks()).chip({f.path, f.sha256, f.face.box.rect, std::nullopt});
        QVERIFY(again.ok());
        QCOMPARE(again->png, chip->png);
    }

    void eyesLandAtTheCanonicalChipPositions() {
        const AlignedFaceFixture& f = *m_fixture;
        auto chip = LandmarkChipSource(nullptr).chip({f.path, f.sha256, f.face.box.rect, f.face.landmarks});
        QVERIFY2(chip.ok(), qPrintable(chip.errorMessage()));
        const QPointF left = ChipGeometry::toChip(chip->chip, f.face.landmarks.leftEyeCenter());
        const QPointF right = ChipGeometry::toChip(chip->chip, f.face.landmarks.rightEyeCenter());
        // A least-squares fit over 36 points: each lands within a few pixels of its canonical place.
        QVERIFY2(QLineF(left, AlignedFaceFixture::canonicalLeftEye()).length() < 3.0,
                 qPrintable(QStringLiteral("left eye at %1, %2").arg(left.x()).arg(left.y())));
        QVERIFY2(QLineF(right, AlignedFaceFixture::canonicalRightEye()).length() < 3.0,
                 qPrintable(QStringLiteral("right eye at %1, %2").arg(right.x()).arg(right.y())));
    }

    void withoutAModelOnlyStoredLandmarksAlign() {
        const AlignedFaceFixture& f = *m_fixture;
        LandmarkChipSource source(nullptr);
        auto refused = source.chip({f.path, f.sha256, f.face.box.rect, std::nullopt});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::ModelError);
        QVERIFY(source.chip({f.path, f.sha256, f.face.box.rect, f.face.landmarks}).ok());
    }

    void otherBytesAreRefused() {
        const AlignedFaceFixture& f = *m_fixture;
        auto refused = LandmarkChipSource(f.models->landmarks()).chip({f.path, QString(64, QLatin1Char('0')), f.face.box.rect, f.face.landmarks});
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("not the recorded")), qPrintable(refused.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestLandmarkChipSource)
#include "test_landmark_chip_source.moc"
