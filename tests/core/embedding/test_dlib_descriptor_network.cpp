#include "embedding/descriptor_network.h"
#include "embedding/dlib_descriptor_network.h"
#include "embedding_test_support.h"
#include "face_crops.h"

#include <QTest>

#include <cmath>

using namespace facecase;

// dlib's own net, given the same weights unfolded, is the oracle for the OpenCV net: two
// independent implementations of every layer (conv, affine vs folded conv, pools, zero-padded
// shortcuts, global average, fc) must agree on real faces.
class TestDlibDescriptorNetwork : public QObject {
    Q_OBJECT

    std::shared_ptr<const ResNetWeights> m_weights;
    std::unique_ptr<DlibDescriptorNetwork> m_oracle;
    std::unique_ptr<DescriptorNetwork> m_net;

    void agreeOnRealFaces(DescriptorMode mode) {
        const auto crops = test::loadFaceCrops();
        double worst = 0, worstDistance = 0;
        QString worstFile;
        for (const auto& crop : crops) {
            QVERIFY2(!crop.image.isNull(), qPrintable(crop.file));
            const auto expected = m_oracle->compute(crop.image, mode);
            const auto actual = m_net->compute(crop.image, mode);
            QVERIFY2(expected.ok(), qPrintable(expected.errorMessage()));
            QVERIFY2(actual.ok(), qPrintable(actual.errorMessage()));
            for (std::size_t k = 0; k < expected->values.size(); ++k) {
                const double d = std::abs(double(expected->values[k]) - double(actual->values[k]));
                if (d > worst) {
                    worst = d;
                    worstFile = crop.file;
                }
            }
            worstDistance = std::max(worstDistance, expected->distanceTo(*actual));
        }
        qInfo("OpenCV vs dlib (%s) over %zu crops: max abs difference per component %.3g (%s), "
              "max distance %.3g", mode == DescriptorMode::Plain ? "plain" : "flip-averaged",
              crops.size(), worst, qPrintable(worstFile), worstDistance);
        QVERIFY(worst <= 1e-5);
    }

private slots:
    void initTestCase() {
        if (!QFileInfo::exists(test::modelManifest())) return;  // each test skips on its own
        auto weights = TfjsWeightsLoader::load(test::modelManifest());
        QVERIFY2(weights.ok(), qPrintable(weights.errorMessage()));
        m_weights = *weights;
        auto oracle = DlibDescriptorNetwork::create(m_weights);
        QVERIFY2(oracle.ok(), qPrintable(oracle.errorMessage()));
        m_oracle = std::move(*oracle);
        auto net = DescriptorNetwork::create(m_weights);
        QVERIFY2(net.ok(), qPrintable(net.errorMessage()));
        m_net = std::move(*net);
    }

    void agreesWithOpenCvOnRealFaces() {
        FACECASE_REQUIRE_MODEL();
        FACECASE_REQUIRE_TESTDATA();
        agreeOnRealFaces(DescriptorMode::Plain);
    }

    void agreesWithOpenCvFlipAveraged() {
        FACECASE_REQUIRE_MODEL();
        FACECASE_REQUIRE_TESTDATA();
        agreeOnRealFaces(DescriptorMode::FlipAveraged);
    }

    void refusesWrongChipSize() {
        FACECASE_REQUIRE_MODEL();
        const Image wide(160, 150, std::vector<std::uint8_t>(160 * 150 * 3, 90));
        const auto result = m_oracle->compute(wide);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, Error::Kind::InvalidInput);
        QCOMPARE(result.errorMessage(), QStringLiteral("chip: 160x150 pixels, the descriptor "
                                                       "network needs an aligned 150x150 chip"));
    }

    void refusesMissingWeights() {
        const auto none = DlibDescriptorNetwork::create(nullptr);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, Error::Kind::ModelError);
    }

    void modelIdComesFromTheWeights() {
        FACECASE_REQUIRE_MODEL();
        QCOMPARE(m_oracle->modelId(), m_weights->modelId);
    }
};

QTEST_GUILESS_MAIN(TestDlibDescriptorNetwork)
#include "test_dlib_descriptor_network.moc"
