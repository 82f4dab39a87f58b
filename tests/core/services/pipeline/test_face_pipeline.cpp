// The whole chain on real photos: decode → detect → landmarks → chip → quality → descriptor,
// manual boxes, EXIF-rotated twins, batches with bad files, the pipeline pool.
#include "services/pipeline/batch_analyzer.h"
#include "imaging/image_loader.h"
#include "services/pipeline/face_pipeline.h"
#include "services/pipeline/face_picker.h"
#include "services/pipeline/pipeline_pool.h"
#include "support/test_data.h"
#include "support/test_image_bytes.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace facecase;

namespace {
std::shared_ptr<const FaceModels> models() {
    static auto loaded = FaceModels::loadDefault();
    if (!loaded) qWarning("%s", qPrintable(loaded.errorMessage()));
    return loaded ? *loaded : nullptr;
}

#define REQUIRE_MODELS()                                                                      \
    do {                                                                                      \
        FACECASE_REQUIRE_TESTDATA();                                                          \
        if (!models()) QSKIP("face models not found: run installer/setup.sh or set FACECASE_MODEL_DIR"); \
    } while (false)

QString photo(const char* relative) { return test::testDataPath(QString::fromLatin1(relative)); }

double iou(const QRectF& a, const QRectF& b) {
    const QRectF i = a.intersected(b);
    const double inter = i.isEmpty() ? 0.0 : i.width() * i.height();
    return inter / (a.width() * a.height() + b.width() * b.height() - inter);
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(bytes);
    return path;
}
}  // namespace

class TestFacePipeline : public QObject {
    Q_OBJECT
private slots:
    void analysesEveryFace() {
        REQUIRE_MODELS();
        auto pipeline = FacePipeline::create(models());
        QVERIFY2(pipeline.ok(), qPrintable(pipeline.errorMessage()));
        StageTimings timings;
        auto analysis = (*pipeline)->analyzeFile(photo("detection/face-api-samples/images/bbt1.jpg"), {}, &timings);
        QVERIFY2(analysis.ok(), qPrintable(analysis.errorMessage()));
        QCOMPARE(analysis->faces.size(), std::size_t(4));
        for (std::size_t i = 0; i < analysis->faces.size(); ++i) {
            const DetectedFace& face = analysis->faces[i];
            QCOMPARE(face.index, int(i) + 1);
            QVERIFY(face.descriptor.has_value());
            QCOMPARE(face.chip.image.width(), 150);
            QVERIFY(face.box.rect.contains(face.landmarks.points[30]));  // nose tip inside the box
        }
        // Four different people: every pair far apart.
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = i + 1; j < 4; ++j)
                QVERIFY(analysis->faces[i].descriptor->distanceTo(*analysis->faces[j].descriptor) > 0.6);
        QCOMPARE(timings.faces, 4);
        QCOMPARE(timings.photos, 1);
        QCOMPARE(timings.decodes, 1);
        QVERIFY(timings.descriptorMs > 0 && timings.detectMs > 0);

        // A photo handed over decoded (a probe read once on import) gives the same faces
        // without a second decode.
        auto loaded = ImageLoader().loadFile(photo("detection/face-api-samples/images/bbt1.jpg"));
        QVERIFY(loaded.ok());
        StageTimings again;
        auto decoded = (*pipeline)->analyzeDecoded(*loaded, {}, &again);
        QVERIFY2(decoded.ok(), qPrintable(decoded.errorMessage()));
        QCOMPARE(again.decodes, 0);
        QCOMPARE(decoded->source.sha256, analysis->source.sha256);
        QCOMPARE(decoded->faces.size(), analysis->faces.size());
        for (std::size_t i = 0; i < decoded->faces.size(); ++i)
            QCOMPARE(decoded->faces[i].box.rect, analysis->faces[i].box.rect);
    }

    void samePersonAcrossPhotos() {
        REQUIRE_MODELS();
        auto pipeline = FacePipeline::create(models());
        QVERIFY(pipeline.ok());
        auto one = (*pipeline)->analyzeFile(photo("detection/face-recognition-samples/examples/obama.jpg"));
        auto two = (*pipeline)->analyzeFile(photo("detection/face-recognition-samples/examples/obama-480p.jpg"));
        auto other = (*pipeline)->analyzeFile(photo("detection/face-recognition-samples/examples/biden.jpg"));
        QVERIFY(one.ok() && two.ok() && other.ok());
        const double same = one->faces[0].descriptor->distanceTo(*two->faces[0].descriptor);
        const double different = one->faces[0].descriptor->distanceTo(*other->faces[0].descriptor);
        qInfo("obama/obama-480p %.3f, obama/biden %.3f", same, different);
        QVERIFY(same < 0.45);
        QVERIFY(different > 0.7);
    }

    void noFaceIsNotAnError() {
        REQUIRE_MODELS();
        auto pipeline = FacePipeline::create(models());
        auto analysis = (*pipeline)->analyzeFile(photo("detection/dlib-faces/dogs.jpg"));
        QVERIFY2(analysis.ok(), qPrintable(analysis.errorMessage()));
        QVERIFY(analysis->faces.empty());
        QCOMPARE(analysis->effectiveMinFaceSize, 40.0);
    }

    void badFileErrorNamesIt() {
        REQUIRE_MODELS();
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("suspect.jpg"), QByteArray("GIF89a not really"));
        auto pipeline = FacePipeline::create(models());
        auto analysis = (*pipeline)->analyzeFile(path);
        QVERIFY(!analysis.ok());
        QVERIFY2(analysis.errorMessage().startsWith(QStringLiteral("suspect.jpg: ")), qPrintable(analysis.errorMessage()));
    }

    // A face the detector missed, boxed by hand: landmarks are fitted inside the box and the
    // descriptor matches the detector's own for the same face.
    void manualBoxGivesTheSameFace() {
        REQUIRE_MODELS();
        auto pipeline = FacePipeline::create(models());
        auto analysis = (*pipeline)->analyzeFile(photo("detection/face-recognition-samples/examples/obama.jpg"));
        QVERIFY(analysis.ok() && analysis->faces.size() == 1);
        const DetectedFace& detected = analysis->faces[0];
        const QRectF looser = detected.box.rect.adjusted(-6, -4, 5, 7);
        auto manual = (*pipeline)->analyzeRegion(analysis->source.image, looser);
        QVERIFY2(manual.ok(), qPrintable(manual.errorMessage()));
        QVERIFY(manual->box.manual);
        const double d = manual->descriptor->distanceTo(*detected.descriptor);
        qInfo("hand-drawn box vs detector box: distance %.3f", d);
        QVERIFY(d < 0.15);
        auto tiny = (*pipeline)->analyzeRegion(analysis->source.image, QRectF(-50, -50, 52, 52));
        QVERIFY(!tiny.ok());
        QVERIFY(tiny.errorMessage().contains(QStringLiteral("too small or outside")));
    }

    // A camera held sideways stores the pixels rotated and says so in EXIF: the faces must come
    // out where they are in the upright photo.
    void exifRotatedTwinHasTheSameBoxes() {
        REQUIRE_MODELS();
        const QString uprightPath = photo("detection/face-recognition-samples/examples/two_people.jpg");
        const cv::Mat upright = cv::imread(uprightPath.toStdString(), cv::IMREAD_COLOR);
        QVERIFY(!upright.empty());
        for (const auto& [orientation, rotation] : {std::pair{6, cv::ROTATE_90_COUNTERCLOCKWISE},
                                                    std::pair{8, cv::ROTATE_90_CLOCKWISE},
                                                    std::pair{3, cv::ROTATE_180}}) {
            cv::Mat stored;
            cv::rotate(upright, stored, rotation);
            std::vector<uchar> jpeg;
            QVERIFY(cv::imencode(".jpg", stored, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95}));
            const QByteArray bytes = test::jpegWithExif(
                QByteArray(reinterpret_cast<const char*>(jpeg.data()), qsizetype(jpeg.size())), orientation, false);
            QTemporaryDir dir;
            const QString rotatedPath = writeFile(dir, QStringLiteral("rotated.jpg"), bytes);

            auto pipeline = FacePipeline::create(models());
            PipelineOptions options;
            options.computeDescriptors = false;
            auto a = (*pipeline)->analyzeFile(uprightPath, options);
            auto b = (*pipeline)->analyzeFile(rotatedPath, options);
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(b->source.exifOrientation, orientation);
            QCOMPARE(b->source.image.width(), a->source.image.width());
            QCOMPARE(b->faces.size(), a->faces.size());
            QCOMPARE(a->faces.size(), std::size_t(2));
            // HOG boxes snap to an 8-pixel cell grid that the rotation moves, so boxes agree to a
            // cell, not a pixel (measured IoU 0.80-1.00); landmarks must agree closely.
            for (std::size_t i = 0; i < a->faces.size(); ++i) {
                const double overlap = iou(a->faces[i].box.rect, b->faces[i].box.rect);
                const QPointF nose = a->faces[i].landmarks.points[30] - b->faces[i].landmarks.points[30];
                const double noseShift = std::hypot(nose.x(), nose.y()) / a->faces[i].landmarks.interEyeDistance();
                qInfo("orientation %d face %zu: box IoU %.3f, nose tip moved %.3f eye distances",
                      orientation, i + 1, overlap, noseShift);
                QVERIFY(overlap > 0.75);
                QVERIFY(noseShift < 0.1);
            }
        }
    }

    void batchSurvivesBadFilesAndKeepsOrder() {
        REQUIRE_MODELS();
        QTemporaryDir dir;
        const QStringList paths{
            photo("detection/face-recognition-samples/examples/obama.jpg"),
            writeFile(dir, QStringLiteral("empty.jpg"), QByteArray()),
            photo("detection/dlib-faces/dogs.jpg"),
            dir.filePath(QStringLiteral("missing.png")),
            photo("detection/face-recognition-samples/examples/two_people.jpg"),
        };
        BatchAnalyzer analyzer(models(), PipelineOptions{}, 2);
        std::vector<int> faces(std::size_t(paths.size()), -1);
        QStringList errors;
        auto ran = analyzer.run(paths, [&](int index, Result<PhotoAnalysis>&& a) {
            if (a) faces[std::size_t(index)] = int(a->faces.size());
            else errors << a.errorMessage();
        });
        QVERIFY(ran.ok());
        QCOMPARE(faces, (std::vector<int>{1, -1, 0, -1, 2}));
        errors.sort();
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors[0].startsWith(QStringLiteral("empty.jpg: ")), qPrintable(errors[0]));
        QVERIFY2(errors[1].startsWith(QStringLiteral("missing.png: ")), qPrintable(errors[1]));
    }

    void batchStopsWhenCancelled() {
        REQUIRE_MODELS();
        QStringList paths;
        for (int i = 0; i < 50; ++i) paths << photo("detection/face-recognition-samples/examples/obama.jpg");
        std::atomic_bool cancel{false};
        int seen = 0;
        BatchAnalyzer analyzer(models(), PipelineOptions{}, 2);
        auto ran = analyzer.run(paths, [&](int, Result<PhotoAnalysis>&&) {
            if (++seen == 3) cancel = true;
        }, &cancel);
        QVERIFY(!ran.ok());
        QCOMPARE(ran.error().kind, Error::Kind::Cancelled);
        QVERIFY(seen < 10);
    }

    void poolReusesPipelines() {
        REQUIRE_MODELS();
        PipelinePool pool(models());
        FacePipeline* first = nullptr;
        {
            auto lease = pool.acquire();
            QVERIFY(lease.ok());
            first = &**lease;
            auto second = pool.acquire();  // the first is still leased: a new one
            QVERIFY(&**second != first);
        }
        auto again = pool.acquire();
        QVERIFY(&**again == first || &**again != nullptr);
    }

    void picksTheCentralOrLargestFace() {
        std::vector<DetectedFace> faces(3);
        faces[0].box.rect = QRectF(0, 0, 50, 50);
        faces[1].box.rect = QRectF(80, 80, 40, 40);   // centre of a 200x200 photo
        faces[2].box.rect = QRectF(150, 0, 50, 60);
        QCOMPARE(FacePicker::nearestCenter(faces, 200, 200), 1);
        QCOMPARE(FacePicker::largest(faces), 2);
        QCOMPARE(FacePicker::largest({}), -1);
    }
};

QTEST_GUILESS_MAIN(TestFacePipeline)
#include "test_face_pipeline.moc"
