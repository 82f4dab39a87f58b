// The report's aligned chips (ReportImages::alignedChip): a chip cut by core's
// LandmarkChipSource from a real photo, with the analyst's marks placed on the photo's eye
// centres, shows those marks at dlib's canonical eye positions on the chip.
#include <QTest>
#include <map>

#include "support/aligned_face_fixture.h"
#include "report/report_images.h"
#include "services/casework/landmark_chip_source.h"

using namespace facecase;
using test::AlignedFaceFixture;

namespace {
// Share of the mark's fill colour in a disc of `radius` pixels around `at`.
double markShare(const QImage& image, const QPointF& at, int radius) {
    int hits = 0;
    int total = 0;
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            if (dx * dx + dy * dy > radius * radius) continue;
            const QPoint p(int(at.x()) + dx, int(at.y()) + dy);
            if (!image.rect().contains(p)) continue;
            ++total;
            const QColor c = image.pixelColor(p);
            if (c.red() < 40 && c.green() > 170 && c.blue() > 220) ++hits;  // #00c8ff
        }
    }
    return total ? double(hits) / total : 0.0;
}
}  // namespace

class TestReportImages : public QObject {
    Q_OBJECT

    std::optional<AlignedFaceFixture> m_fixture;

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        m_fixture = AlignedFaceFixture::create();
        if (!m_fixture) QSKIP("face models or obama.jpg not found: run installer/setup.sh or set FACECASE_MODEL_DIR");
    }

    void marksOnTheEyesLandAtTheCanonicalChipPositions() {
        const AlignedFaceFixture& f = *m_fixture;
        // As for a probe: landmarks re-fitted inside the recorded box.
        auto chip = LandmarkChipSource(f.models->landmarks()).chip({f.path, f.sha256, f.face.box.rect, std::nullopt});
        QVERIFY2(chip.ok(), qPrintable(chip.errorMessage()));
        const std::map<QString, ExportedEvidence> noEvidence;
        ReportImages images(QString(), noEvidence);
        constexpr int kSide = 300;
        const double k = double(kSide) / FaceChip::kSize;
        const QImage plain = images.alignedChip(*chip, kSide);
        const QImage marked = images.alignedChip(*chip, kSide, {{f.face.landmarks.leftEyeCenter(), 1}, {f.face.landmarks.rightEyeCenter(), 2}});
        QCOMPARE(marked.size(), QSize(kSide, kSide));
        for (const QPointF& eye : {AlignedFaceFixture::canonicalLeftEye(), AlignedFaceFixture::canonicalRightEye()}) {
            const QPointF at = (eye + QPointF(0.5, 0.5)) * k;
            QVERIFY2(markShare(marked, at, 6) > 0.3, qPrintable(QStringLiteral("no mark at %1, %2").arg(at.x()).arg(at.y())));
            QVERIFY(markShare(plain, at, 6) < 0.05);  // the colour is the mark's, not the photo's
        }
        // Nowhere else: the chip's mouth region carries no mark.
        QVERIFY(markShare(marked, QPointF(75, 120) * k, 6) < 0.05);
    }

    void anUnreadableChipIsAPlaceholder() {
        AlignedChip broken;
        broken.png = "not a png";
        const std::map<QString, ExportedEvidence> noEvidence;
        const QImage image = ReportImages(QString(), noEvidence).alignedChip(broken, 120);
        QCOMPARE(image.size(), QSize(120, 120));
    }
};

QTEST_MAIN(TestReportImages)
#include "test_report_images.moc"
