// Landmarks on real faces against dlib's published 68-point annotations, alignment geometry,
// and the quality measures' response to real degradations.
#include "imaging/image_loader.h"
#include "support/test_data.h"
#include "vision/face_aligner.h"
#include "vision/landmark_model.h"
#include "vision/quality_assessor.h"

#include <QFile>
#include <QTest>
#include <QXmlStreamReader>

using namespace facecase;

namespace {
struct AnnotatedFace {
    QString file;
    QRectF box;
    Landmarks truth;
};

std::vector<AnnotatedFace> readAnnotated(const QString& path) {
    std::vector<AnnotatedFace> faces;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return faces;
    QXmlStreamReader xml(&file);
    QString current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        const auto a = xml.attributes();
        if (xml.name() == QLatin1String("image")) {
            current = a.value(QLatin1String("file")).toString();
        } else if (xml.name() == QLatin1String("box")) {
            faces.push_back({current, QRectF(a.value(QLatin1String("left")).toDouble(),
                                             a.value(QLatin1String("top")).toDouble(),
                                             a.value(QLatin1String("width")).toDouble(),
                                             a.value(QLatin1String("height")).toDouble()), {}});
        } else if (xml.name() == QLatin1String("part") && !faces.empty()) {
            const int i = a.value(QLatin1String("name")).toInt();
            if (i >= 0 && i < Landmarks::kCount)
                faces.back().truth.points[std::size_t(i)] =
                    QPointF(a.value(QLatin1String("x")).toDouble(), a.value(QLatin1String("y")).toDouble());
        }
    }
    return faces;
}

std::shared_ptr<const LandmarkModel> model() {
    static auto loaded = LandmarkModel::load(QStringLiteral(FACECASE_TEST_LANDMARK_MODEL));
    return loaded ? *loaded : nullptr;
}

Image load(const QString& relative) {
    auto loaded = ImageLoader().loadFile(test::testDataPath(relative));
    return loaded ? loaded->image : Image();
}

// A box-blurred copy (separable: rows, then columns): a real degradation for sharpness.
Image blurred(const Image& image, int radius) {
    const int w = image.width(), h = image.height();
    std::vector<std::uint8_t> pass(image.data(), image.data() + image.byteCount());
    std::vector<std::uint8_t> out(pass.size());
    for (int axis = 0; axis < 2; ++axis) {
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                for (int c = 0; c < 3; ++c) {
                    int sum = 0;
                    for (int k = -radius; k <= radius; ++k) {
                        const int xx = axis == 0 ? std::clamp(x + k, 0, w - 1) : x;
                        const int yy = axis == 1 ? std::clamp(y + k, 0, h - 1) : y;
                        sum += pass[std::size_t((yy * w + xx) * 3 + c)];
                    }
                    out[std::size_t((y * w + x) * 3 + c)] = std::uint8_t(sum / (2 * radius + 1));
                }
        pass.swap(out);
    }
    return Image(w, h, std::move(pass));
}
}  // namespace

class TestLandmarkModel : public QObject {
    Q_OBJECT
private slots:
    void missingOrWrongModelIsRefused() {
        auto missing = LandmarkModel::load(QStringLiteral("/nonexistent/model.dat"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::ModelError);
        QVERIFY(missing.errorMessage().startsWith(QStringLiteral("/nonexistent/model.dat: landmark model not found")));

        QTemporaryDir dir;
        const QString junk = dir.filePath(QStringLiteral("junk.dat"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a shape predictor");
        f.close();
        auto wrong = LandmarkModel::load(junk);
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.errorMessage().contains(QStringLiteral("not a dlib shape predictor")), qPrintable(wrong.errorMessage()));
    }

    void matchesPublishedLandmarks() {
        FACECASE_REQUIRE_TESTDATA();
        QVERIFY2(model(), "landmark model missing (Debian libdlib-data)");
        const auto faces = readAnnotated(test::testDataPath(QStringLiteral("detection/dlib-faces/testing_with_face_landmarks.xml")));
        QVERIFY(faces.size() > 10);
        double worst = 0, sum = 0;
        for (const AnnotatedFace& face : faces) {
            const Image image = load(QStringLiteral("detection/dlib-faces/") + face.file);
            auto fitted = model()->fit(image, face.box);
            QVERIFY2(fitted.ok(), qPrintable(fitted.errorMessage()));
            double err = 0;
            for (int i = 0; i < Landmarks::kCount; ++i) {
                const QPointF d = fitted->points[std::size_t(i)] - face.truth.points[std::size_t(i)];
                err += std::hypot(d.x(), d.y());
            }
            err /= Landmarks::kCount * std::max(1.0, face.truth.interEyeDistance());
            worst = std::max(worst, err);
            sum += err;
        }
        qInfo("landmark error / inter-eye distance over %zu faces: mean %.4f, worst %.4f",
              faces.size(), sum / double(faces.size()), worst);
        // The annotations were made with this very model: agreement must be near exact.
        QVERIFY(sum / double(faces.size()) < 0.02);
    }

    void chipIsAlignedAndUpright() {
        FACECASE_REQUIRE_TESTDATA();
        QVERIFY(model());
        const Image image = load(QStringLiteral("detection/face-recognition-samples/examples/obama.jpg"));
        QVERIFY(!image.isNull());
        // Detector-free: a generous box around the face is enough for the predictor.
        auto lm = model()->fit(image, QRectF(image.width() * 0.25, image.height() * 0.1,
                                             image.width() * 0.5, image.height() * 0.6));
        QVERIFY(lm.ok());
        auto chip = FaceAligner::extractChip(image, *lm);
        QVERIFY2(chip.ok(), qPrintable(chip.errorMessage()));
        QCOMPARE(chip->image.width(), FaceChip::kSize);
        QCOMPARE(chip->image.height(), FaceChip::kSize);
        QVERIFY(chip->sourceSide > 0);
    }

    void qualityRespondsToBlurAndSize() {
        FACECASE_REQUIRE_TESTDATA();
        QVERIFY(model());
        const Image sharp = load(QStringLiteral("detection/face-recognition-samples/examples/obama-720p.jpg"));
        QVERIFY(!sharp.isNull());
        const QRectF box(sharp.width() * 0.3, sharp.height() * 0.1, sharp.width() * 0.4, sharp.height() * 0.7);
        QualityAssessor assessor;
        const auto measure = [&](const Image& img, const QRectF& b) {
            auto lm = model()->fit(img, b);
            auto chip = FaceAligner::extractChip(img, *lm);
            return assessor.assess(*lm, *chip);
        };
        const FaceQuality good = measure(sharp, box);
        const FaceQuality soft = measure(blurred(sharp, 15), box);
        qInfo("sharpness: original %.1f, blurred %.1f; eyes %.0f px; yaw %.1f; brightness %.0f",
              good.sharpness, soft.sharpness, good.eyeDistancePx, good.yawDegrees, good.brightness);
        QVERIFY(soft.sharpness < good.sharpness / 3);
        QCOMPARE(soft.sharpnessLevel, FaceQuality::Level::Poor);
        QVERIFY(!soft.warnings.isEmpty());
        QCOMPARE(good.eyeDistanceLevel, FaceQuality::Level::Good);
        QVERIFY(std::abs(good.yawDegrees) < 20);

        const Image small = load(QStringLiteral("detection/face-recognition-samples/examples/obama-240p.jpg"));
        const FaceQuality tiny = measure(small, QRectF(small.width() * 0.3, small.height() * 0.1,
                                                       small.width() * 0.4, small.height() * 0.7));
        qInfo("240p: eyes %.0f px, level %s", tiny.eyeDistancePx, qPrintable(FaceQuality::levelName(tiny.eyeDistanceLevel)));
        QVERIFY(tiny.eyeDistancePx < good.eyeDistancePx / 2);
        QVERIFY(tiny.eyeDistanceLevel != FaceQuality::Level::Good);
    }

    void yawFlipsSignInMirror() {
        Landmarks lm;
        // Synthetic geometry: jaw ends at x=0 and x=100, nose tip shifted right.
        lm.points[0] = QPointF(0, 50);
        lm.points[16] = QPointF(100, 50);
        lm.points[30] = QPointF(70, 60);
        const double yaw = QualityAssessor::estimateYawDegrees(lm);
        Landmarks mirrored = lm;
        mirrored.points[0] = QPointF(0, 50);
        mirrored.points[16] = QPointF(100, 50);
        mirrored.points[30] = QPointF(30, 60);
        QVERIFY(yaw > 5);
        QCOMPARE(QualityAssessor::estimateYawDegrees(mirrored), -yaw);
    }
};

QTEST_GUILESS_MAIN(TestLandmarkModel)
#include "test_landmark_model.moc"
