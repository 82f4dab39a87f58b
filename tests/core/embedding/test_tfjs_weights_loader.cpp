#include "embedding/tfjs_weights_loader.h"
#include "embedding_test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace facecase;

namespace {

const QString kManifest = QString::fromLatin1(TfjsWeightsLoader::kManifestFileName);
const QString kShard = QStringLiteral("face_recognition_model.bin");

// The network's 117 tensors, written out independently of the loader's own table.
std::vector<std::pair<QString, QList<int>>> networkTensors() {
    std::vector<std::pair<QString, QList<int>>> list;
    auto conv = [&list](const QString& prefix, int k, int in, int out) {
        list.push_back({prefix + QStringLiteral("/conv/filters"), {k, k, in, out}});
        list.push_back({prefix + QStringLiteral("/conv/bias"), {out}});
        list.push_back({prefix + QStringLiteral("/scale/weights"), {out}});
        list.push_back({prefix + QStringLiteral("/scale/biases"), {out}});
    };
    conv(QStringLiteral("conv32_down"), 7, 3, 32);
    const struct { const char* name; int in; int out; } units[] = {
        {"conv32_1", 32, 32},     {"conv32_2", 32, 32},      {"conv32_3", 32, 32},
        {"conv64_down", 32, 64},  {"conv64_1", 64, 64},      {"conv64_2", 64, 64},
        {"conv64_3", 64, 64},     {"conv128_down", 64, 128}, {"conv128_1", 128, 128},
        {"conv128_2", 128, 128},  {"conv256_down", 128, 256}, {"conv256_1", 256, 256},
        {"conv256_2", 256, 256},  {"conv256_down_out", 256, 256}};
    for (const auto& u : units) {
        conv(QString::fromLatin1(u.name) + QStringLiteral("/conv1"), 3, u.in, u.out);
        conv(QString::fromLatin1(u.name) + QStringLiteral("/conv2"), 3, u.out, u.out);
    }
    list.push_back({QStringLiteral("fc"), {256, 128}});
    return list;
}

// A well-formed model with made-up values laid out like the real one: uint8-quantized tensors,
// raw float32 for the conv64 filters. Known values at the start of two tensors check decoding.
struct Synthetic {
    QJsonArray weights;
    QByteArray shard;
    qsizetype rawFilterOffset = 0;  // conv64_down/conv1/conv/filters
};

Synthetic makeSynthetic() {
    Synthetic s;
    for (const auto& [name, shape] : networkTensors()) {
        qsizetype count = 1;
        for (int d : shape) count *= d;
        QJsonObject entry{{QStringLiteral("name"), name},
                          {QStringLiteral("shape"), QJsonArray::fromVariantList(
                                                        [&] { QVariantList l; for (int d : shape) l << d; return l; }())},
                          {QStringLiteral("dtype"), QStringLiteral("float32")}};
        const bool raw = name.startsWith(QLatin1String("conv64_")) && name.endsWith(QLatin1String("/filters"));
        if (raw) {
            if (name == QLatin1String("conv64_down/conv1/conv/filters")) s.rawFilterOffset = s.shard.size();
            for (qsizetype i = 0; i < count; ++i) {
                const float v = i == 0 ? 0.25f : float(i % 17) * 0.01f - 0.08f;
                s.shard.append(reinterpret_cast<const char*>(&v), sizeof v);
            }
        } else {
            const bool stem = name == QLatin1String("conv32_down/conv/filters");
            entry.insert(QStringLiteral("quantization"),
                         QJsonObject{{QStringLiteral("dtype"), QStringLiteral("uint8")},
                                     {QStringLiteral("scale"), stem ? 0.5 : 0.001},
                                     {QStringLiteral("min"), stem ? -3.0 : -0.1}});
            for (qsizetype i = 0; i < count; ++i) s.shard.append(char(i == 0 ? 200 : i % 251));
        }
        s.weights.append(entry);
    }
    return s;
}

QJsonArray manifestFor(const QJsonArray& weights) {
    return {QJsonObject{{QStringLiteral("paths"), QJsonArray{kShard}},
                        {QStringLiteral("weights"), weights}}};
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

int indexOf(const QJsonArray& weights, const QString& name) {
    for (int i = 0; i < weights.size(); ++i)
        if (weights[i].toObject().value(QStringLiteral("name")).toString() == name) return i;
    return -1;
}

void setField(QJsonArray& weights, const QString& name, const QString& key, const QJsonValue& v) {
    const int i = indexOf(weights, name);
    QJsonObject o = weights[i].toObject();
    o.insert(key, v);
    weights[i] = o;
}

enum class Mutation {
    MissingManifest, InvalidJson, NotAnArray, NoWeights, MissingTensor, UnexpectedTensor,
    DuplicateTensor, WrongShape, UnsupportedDtype, UnknownQuantization, TruncatedShard,
    OversizedShard, MissingShard, NonFinite,
};

}  // namespace

class TestTfjsWeightsLoader : public QObject {
    Q_OBJECT
private slots:
    void loadsTheRealWeights() {
        FACECASE_REQUIRE_MODEL();
        QElapsedTimer timer;
        timer.start();
        const auto loaded = TfjsWeightsLoader::load(test::modelManifest());
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        qInfo("loaded in %lld ms", timer.elapsed());
        const ResNetWeights& w = **loaded;
        QVERIFY2(w.architectureMismatch().isEmpty(), qPrintable(w.architectureMismatch()));

        QCOMPARE(w.stem.name, QStringLiteral("conv32_down"));
        QCOMPARE(w.stem.kernel, 7);
        QCOMPARE(w.stem.inChannels, 3);
        QCOMPARE(w.stem.outChannels, 32);
        QCOMPARE(w.units.size(), std::size_t(14));
        QCOMPARE(w.units[3].name, QStringLiteral("conv64_down"));
        QVERIFY(w.units[3].down);
        QCOMPARE(w.units[3].conv1.inChannels, 32);
        QCOMPARE(w.units[3].conv1.outChannels, 64);
        QCOMPARE(w.units[13].name, QStringLiteral("conv256_down_out"));
        QCOMPARE(w.units[13].conv2.filtersHwio.size(), std::size_t(3 * 3 * 256 * 256));
        QCOMPARE(w.fcInOut.size(), std::size_t(256 * 128));

        // Every one of the 117 tensors arrived with its full size.
        int tensors = 1;  // fc
        auto countConv = [&tensors](const ConvWeights& c) {
            QVERIFY2(c.isConsistent(), qPrintable(c.name));
            tensors += 4;
        };
        countConv(w.stem);
        for (const auto& unit : w.units) {
            countConv(unit.conv1);
            countConv(unit.conv2);
        }
        QCOMPARE(tensors, 117);

        // Spot values: uint8 dequantized (q * scale + min) and raw float32, checked with Python.
        QCOMPARE(w.stem.filtersHwio.front(), -0.0294596366584301f);
        QCOMPARE(w.units[3].conv1.filtersHwio.front(), -0.004492271691560745f);
        QCOMPARE(w.fcInOut.front(), -0.006796070374548435f);

        QCOMPARE(w.shardSha256,
                 QStringLiteral("b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589"));
        QCOMPARE(w.modelId, QStringLiteral("dlib-resnet-face-v1/face-api-1.7.15/b413e420d684"));
    }

    void loadsAWellFormedSyntheticModel() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Synthetic s = makeSynthetic();
        QVERIFY(writeFile(dir.filePath(kManifest), QJsonDocument(manifestFor(s.weights)).toJson()));
        QVERIFY(writeFile(dir.filePath(kShard), s.shard));
        const auto loaded = TfjsWeightsLoader::load(dir.filePath(kManifest));
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE((*loaded)->stem.filtersHwio.front(), 97.0f);  // 200 * 0.5 - 3
        QCOMPARE((*loaded)->units[3].conv1.filtersHwio.front(), 0.25f);
        QVERIFY((*loaded)->modelId.startsWith(QLatin1String("dlib-resnet-face-v1/tfjs/")));
    }

    void refusesBadFiles_data() {
        QTest::addColumn<Mutation>("mutation");
        QTest::addColumn<bool>("blameShard");  // which file the message must name
        QTest::addColumn<QString>("problem");

        const Synthetic s = makeSynthetic();
        const qsizetype size = s.shard.size();
        QTest::newRow("missing manifest") << Mutation::MissingManifest << false
                                          << QStringLiteral("weight manifest not found");
        QTest::newRow("invalid JSON") << Mutation::InvalidJson << false
                                      << QStringLiteral("invalid JSON at byte ");
        QTest::newRow("not an array") << Mutation::NotAnArray << false
                                      << QStringLiteral("not a TF.js weight manifest (expected a "
                                                        "JSON array of weight groups)");
        QTest::newRow("no weights") << Mutation::NoWeights << false
                                    << QStringLiteral("the manifest lists no weights");
        QTest::newRow("missing tensor") << Mutation::MissingTensor << false
                                        << QStringLiteral("missing tensor conv128_1/conv2/scale/biases");
        QTest::newRow("unexpected tensor") << Mutation::UnexpectedTensor << false
                                           << QStringLiteral("unexpected tensor extra/bias (not "
                                                             "part of dlib's face ResNet)");
        QTest::newRow("duplicate tensor") << Mutation::DuplicateTensor << false
                                          << QStringLiteral("tensor fc listed twice");
        QTest::newRow("wrong shape") << Mutation::WrongShape << false
                                     << QStringLiteral("conv64_1/conv1/conv/filters: shape "
                                                       "[3,3,64,32], expected [3,3,64,64]");
        QTest::newRow("unsupported dtype") << Mutation::UnsupportedDtype << false
                                           << QStringLiteral("tensor fc: unsupported dtype 'int32' "
                                                             "(expected float32)");
        QTest::newRow("unknown quantization")
            << Mutation::UnknownQuantization << false
            << QStringLiteral("tensor conv32_1/conv1/conv/bias: unsupported quantization dtype "
                              "'int4' (expected uint8 or uint16)");
        QTest::newRow("truncated shard") << Mutation::TruncatedShard << true
                                         << QStringLiteral("truncated: %1 bytes, the manifest "
                                                           "implies %2").arg(size - 100).arg(size);
        QTest::newRow("oversized shard") << Mutation::OversizedShard << true
                                         << QStringLiteral("%1 bytes, the manifest implies %2 (not "
                                                           "the shard this manifest describes)")
                                                .arg(size + 16).arg(size);
        QTest::newRow("missing shard") << Mutation::MissingShard << true
                                       << QStringLiteral("weight shard not found (listed in %1)")
                                              .arg(kManifest);
        QTest::newRow("NaN in raw floats") << Mutation::NonFinite << true
                                           << QStringLiteral("tensor conv64_down/conv1/conv/filters "
                                                             "holds non-finite values (corrupt file)");
    }

    void refusesBadFiles() {
        QFETCH(Mutation, mutation);
        QFETCH(bool, blameShard);
        QFETCH(QString, problem);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Synthetic s = makeSynthetic();
        QByteArray manifestBytes;
        switch (mutation) {
        case Mutation::InvalidJson: manifestBytes = "[{\"paths\": [\"face_recognition_model.bin\"], "; break;
        case Mutation::NotAnArray: manifestBytes = "{\"weights\": []}"; break;
        case Mutation::NoWeights: s.weights = {}; break;
        case Mutation::MissingTensor: s.weights.removeAt(indexOf(s.weights, QStringLiteral("conv128_1/conv2/scale/biases"))); break;
        case Mutation::UnexpectedTensor:
            s.weights.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("extra/bias")},
                                         {QStringLiteral("shape"), QJsonArray{4}},
                                         {QStringLiteral("dtype"), QStringLiteral("float32")}});
            break;
        case Mutation::DuplicateTensor: s.weights.append(s.weights[indexOf(s.weights, QStringLiteral("fc"))]); break;
        case Mutation::WrongShape:
            setField(s.weights, QStringLiteral("conv64_1/conv1/conv/filters"), QStringLiteral("shape"),
                     QJsonArray{3, 3, 64, 32});
            break;
        case Mutation::UnsupportedDtype:
            setField(s.weights, QStringLiteral("fc"), QStringLiteral("dtype"), QStringLiteral("int32"));
            break;
        case Mutation::UnknownQuantization:
            setField(s.weights, QStringLiteral("conv32_1/conv1/conv/bias"), QStringLiteral("quantization"),
                     QJsonObject{{QStringLiteral("dtype"), QStringLiteral("int4")},
                                 {QStringLiteral("scale"), 1.0}, {QStringLiteral("min"), 0.0}});
            break;
        case Mutation::TruncatedShard: s.shard.chop(100); break;
        case Mutation::OversizedShard: s.shard.append(QByteArray(16, '\0')); break;
        case Mutation::NonFinite: {
            const float nan = std::numeric_limits<float>::quiet_NaN();
            std::memcpy(s.shard.data() + s.rawFilterOffset + 4 * 10, &nan, sizeof nan);
            break;
        }
        case Mutation::MissingManifest:
        case Mutation::MissingShard: break;
        }
        if (manifestBytes.isEmpty()) manifestBytes = QJsonDocument(manifestFor(s.weights)).toJson();
        const QString manifest = dir.filePath(kManifest);
        const QString shard = dir.filePath(kShard);
        if (mutation != Mutation::MissingManifest) QVERIFY(writeFile(manifest, manifestBytes));
        if (mutation != Mutation::MissingShard) QVERIFY(writeFile(shard, s.shard));

        const auto loaded = TfjsWeightsLoader::load(manifest);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().kind, Error::Kind::ModelError);
        const QString message = loaded.errorMessage();
        qInfo("%s", qPrintable(message));
        const QString expected = QDir::toNativeSeparators(blameShard ? shard : manifest) +
                                 QStringLiteral(": ") + problem;
        if (mutation == Mutation::InvalidJson)  // Qt words the parser's reason
            QVERIFY2(message.startsWith(expected), qPrintable(message));
        else
            QCOMPARE(message, expected);
    }

    void manifestPathInJoinsTheFileName() {
        QCOMPARE(TfjsWeightsLoader::manifestPathIn(QStringLiteral("/opt/models")),
                 QStringLiteral("/opt/models/") + kManifest);
    }
};

QTEST_GUILESS_MAIN(TestTfjsWeightsLoader)
#include "test_tfjs_weights_loader.moc"
