#include "embedding/tfjs_weights_loader.h"

#include "embedding/resnet_architecture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringList>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>

namespace facecase {
namespace {

static_assert(std::endian::native == std::endian::little,
              "TF.js shards are little-endian; this loader reads them in place");

// The real manifest is 20 kB; anything far larger is not a manifest and not worth parsing.
constexpr qint64 kMaxManifestBytes = 4 * 1024 * 1024;

// Releases whose shard we have verified by hash, so that the model id says where it came from.
struct KnownRelease {
    const char* sha256;
    const char* release;
};
constexpr KnownRelease kKnownReleases[] = {
    {"b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589", "face-api-1.7.15"},
};

enum class Storage { Float32, Uint8, Uint16 };

struct TensorEntry {
    QString name;
    std::vector<qint64> shape;
    Storage storage = Storage::Float32;
    double scale = 1.0;
    double min = 0.0;
    qint64 offset = 0;  // within its group's concatenated shards

    qint64 elementCount() const {
        qint64 n = 1;
        for (qint64 d : shape) n *= d;
        return n;
    }
    qint64 byteSize() const {
        const qint64 width = storage == Storage::Float32 ? 4 : storage == Storage::Uint16 ? 2 : 1;
        return elementCount() * width;
    }
};

struct WeightGroup {
    QStringList shardPaths;  // absolute
    std::vector<TensorEntry> tensors;
    qint64 impliedBytes = 0;
    QByteArray bytes;
};

QString nativePath(const QString& path) { return QDir::toNativeSeparators(path); }

Error fail(const QString& file, const QString& problem) {
    return Error::model(nativePath(file) + QStringLiteral(": ") + problem);
}

QString shapeText(const std::vector<qint64>& shape) {
    QStringList parts;
    for (qint64 d : shape) parts << QString::number(d);
    return QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
}

// Every tensor the network needs, with its TF.js shape, in network order.
std::vector<std::pair<QString, std::vector<qint64>>> expectedTensors() {
    using A = ResNetArchitecture;
    std::vector<std::pair<QString, std::vector<qint64>>> list;
    auto addConv = [&list](const QString& prefix, qint64 k, qint64 in, qint64 out) {
        list.push_back({prefix + QStringLiteral("/conv/filters"), {k, k, in, out}});
        list.push_back({prefix + QStringLiteral("/conv/bias"), {out}});
        list.push_back({prefix + QStringLiteral("/scale/weights"), {out}});
        list.push_back({prefix + QStringLiteral("/scale/biases"), {out}});
    };
    addConv(QStringLiteral("conv32_down"), A::kStemKernel, 3, A::kStemChannels);
    qint64 channels = A::kStemChannels;
    for (const auto& unit : A::kUnits) {
        const QString name = QString::fromLatin1(unit.name);
        addConv(name + QStringLiteral("/conv1"), A::kResidualKernel, channels, unit.channels);
        addConv(name + QStringLiteral("/conv2"), A::kResidualKernel, unit.channels, unit.channels);
        channels = unit.channels;
    }
    list.push_back({QStringLiteral("fc"), {A::kFcInputs, A::kDescriptorSize}});
    return list;
}

Result<TensorEntry> parseEntry(const QString& manifest, const QJsonValue& value, int index) {
    const QJsonObject obj = value.toObject();
    TensorEntry entry;
    entry.name = obj.value(QStringLiteral("name")).toString();
    if (!value.isObject() || entry.name.isEmpty())
        return fail(manifest, QStringLiteral("weight entry %1 has no name").arg(index + 1));
    const QString tensor = QStringLiteral("tensor ") + entry.name;

    const QJsonValue shape = obj.value(QStringLiteral("shape"));
    if (!shape.isArray()) return fail(manifest, tensor + QStringLiteral(": no shape"));
    for (const QJsonValue& d : shape.toArray()) {
        const double v = d.toDouble(-1.0);
        if (!d.isDouble() || v < 0 || v > 1e7 || v != std::floor(v))
            return fail(manifest, tensor + QStringLiteral(": invalid shape"));
        entry.shape.push_back(qint64(v));
    }

    const QString dtype = obj.value(QStringLiteral("dtype")).toString();
    if (dtype != QLatin1String("float32"))
        return fail(manifest, tensor + QStringLiteral(": unsupported dtype '%1' (expected float32)")
                                           .arg(dtype));

    const QJsonValue quant = obj.value(QStringLiteral("quantization"));
    if (quant.isUndefined() || quant.isNull()) return entry;  // raw little-endian float32
    const QJsonObject q = quant.toObject();
    const QString qtype = q.value(QStringLiteral("dtype")).toString();
    if (qtype == QLatin1String("uint8"))
        entry.storage = Storage::Uint8;
    else if (qtype == QLatin1String("uint16"))
        entry.storage = Storage::Uint16;
    else
        return fail(manifest, tensor + QStringLiteral(": unsupported quantization dtype '%1' "
                                                      "(expected uint8 or uint16)").arg(qtype));
    const QJsonValue scale = q.value(QStringLiteral("scale"));
    const QJsonValue min = q.value(QStringLiteral("min"));
    if (!scale.isDouble() || !min.isDouble() || !std::isfinite(scale.toDouble()) ||
        !std::isfinite(min.toDouble()))
        return fail(manifest, tensor + QStringLiteral(": quantization without numeric scale and min"));
    entry.scale = scale.toDouble();
    entry.min = min.toDouble();
    return entry;
}

// Reads the manifest into groups; checks names and shapes against the network.
Result<std::vector<WeightGroup>> parseManifest(const QString& manifest) {
    QFile file(manifest);
    if (!QFileInfo(manifest).isFile())
        return fail(manifest, QStringLiteral("weight manifest not found"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(manifest, QStringLiteral("cannot read: ") + file.errorString());
    if (file.size() > kMaxManifestBytes)
        return fail(manifest, QStringLiteral("not a TF.js weight manifest (%1 bytes)").arg(file.size()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(manifest, QStringLiteral("invalid JSON at byte %1: %2")
                                  .arg(parseError.offset).arg(parseError.errorString()));
    if (!doc.isArray())
        return fail(manifest, QStringLiteral("not a TF.js weight manifest (expected a JSON array "
                                             "of weight groups)"));

    const auto expected = expectedTensors();
    std::map<QString, const std::vector<qint64>*> expectedShapes;
    for (const auto& [name, shape] : expected) expectedShapes[name] = &shape;
    std::map<QString, bool> seen;

    std::vector<WeightGroup> groups;
    const QDir dir = QFileInfo(manifest).absoluteDir();
    int entryIndex = 0;
    for (const QJsonValue& groupValue : doc.array()) {
        if (!groupValue.isObject())
            return fail(manifest, QStringLiteral("weight group %1 is not a JSON object")
                                      .arg(groups.size() + 1));
        const QJsonObject groupObj = groupValue.toObject();
        WeightGroup group;
        const QJsonArray paths = groupObj.value(QStringLiteral("paths")).toArray();
        for (const QJsonValue& p : paths) {
            if (!p.isString() || p.toString().isEmpty())
                return fail(manifest, QStringLiteral("a weight group has an invalid shard path"));
            group.shardPaths << QDir::cleanPath(dir.absoluteFilePath(p.toString()));
        }
        for (const QJsonValue& w : groupObj.value(QStringLiteral("weights")).toArray()) {
            auto entry = parseEntry(manifest, w, entryIndex++);
            if (!entry) return entry.error();
            const auto it = expectedShapes.find(entry->name);
            if (it == expectedShapes.end())
                return fail(manifest, QStringLiteral("unexpected tensor %1 (not part of dlib's face "
                                                     "ResNet)").arg(entry->name));
            if (seen[entry->name])
                return fail(manifest, QStringLiteral("tensor %1 listed twice").arg(entry->name));
            seen[entry->name] = true;
            if (entry->shape != *it->second)
                return fail(manifest, QStringLiteral("%1: shape %2, expected %3")
                                          .arg(entry->name, shapeText(entry->shape),
                                               shapeText(*it->second)));
            entry->offset = group.impliedBytes;
            group.impliedBytes += entry->byteSize();
            group.tensors.push_back(std::move(*entry));
        }
        if (!group.tensors.empty() && group.shardPaths.isEmpty())
            return fail(manifest, QStringLiteral("a weight group lists tensors but no shard paths"));
        groups.push_back(std::move(group));
    }
    if (entryIndex == 0) return fail(manifest, QStringLiteral("the manifest lists no weights"));
    int missing = 0;
    QString firstMissing;
    for (const auto& [name, shape] : expected) {
        if (seen[name]) continue;
        if (missing++ == 0) firstMissing = name;
    }
    if (missing == 1) return fail(manifest, QStringLiteral("missing tensor %1").arg(firstMissing));
    if (missing > 1)
        return fail(manifest, QStringLiteral("missing tensor %1 and %2 more of the %3 the network "
                                             "needs").arg(firstMissing).arg(missing - 1)
                                  .arg(expected.size()));
    return groups;
}

// Reads a group's shard(s), refusing any whose total size differs from what the manifest implies.
Result<void> readShards(const QString& manifest, WeightGroup& group) {
    qint64 total = 0;
    for (const QString& path : group.shardPaths) {
        const QFileInfo info(path);
        if (!info.isFile())
            return fail(path, QStringLiteral("weight shard not found (listed in %1)")
                                  .arg(QFileInfo(manifest).fileName()));
        total += info.size();
    }
    const QString where = group.shardPaths.size() == 1
                              ? group.shardPaths.front()
                              : group.shardPaths.join(QStringLiteral(" + "));
    if (total < group.impliedBytes)
        return fail(where, QStringLiteral("truncated: %1 bytes, the manifest implies %2")
                               .arg(total).arg(group.impliedBytes));
    if (total > group.impliedBytes)
        return fail(where, QStringLiteral("%1 bytes, the manifest implies %2 (not the shard this "
                                          "manifest describes)").arg(total).arg(group.impliedBytes));
    group.bytes.reserve(total);
    for (const QString& path : group.shardPaths) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(path, QStringLiteral("cannot read: ") + file.errorString());
        group.bytes += file.readAll();
    }
    if (group.bytes.size() != total)  // changed under our feet, or an I/O error
        return fail(where, QStringLiteral("read %1 bytes, expected %2").arg(group.bytes.size()).arg(total));
    return {};
}

Result<std::vector<float>> decode(const QString& shard, const TensorEntry& t, const QByteArray& bytes) {
    const auto count = std::size_t(t.elementCount());
    std::vector<float> values(count);
    const char* src = bytes.constData() + t.offset;
    if (t.storage == Storage::Float32) {
        std::memcpy(values.data(), src, count * sizeof(float));
    } else if (t.storage == Storage::Uint8) {
        const auto* q = reinterpret_cast<const std::uint8_t*>(src);
        for (std::size_t i = 0; i < count; ++i) values[i] = float(q[i] * t.scale + t.min);
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            std::uint16_t q;
            std::memcpy(&q, src + 2 * i, 2);
            values[i] = float(q * t.scale + t.min);
        }
    }
    for (float v : values)
        if (!std::isfinite(v))
            return fail(shard, QStringLiteral("tensor %1 holds non-finite values (corrupt file)")
                                   .arg(t.name));
    return values;
}

QString modelIdFor(const QString& sha256) {
    QString release = QStringLiteral("tfjs");
    for (const auto& known : kKnownReleases)
        if (sha256 == QLatin1String(known.sha256)) release = QString::fromLatin1(known.release);
    return QStringLiteral("dlib-resnet-face-v1/") + release + QLatin1Char('/') + sha256.left(12);
}

ConvWeights takeConv(std::map<QString, std::vector<float>>& tensors, const QString& name,
                     int kernel, int in, int out) {
    ConvWeights conv;
    conv.name = name;
    conv.kernel = kernel;
    conv.inChannels = in;
    conv.outChannels = out;
    conv.filtersHwio = std::move(tensors[name + QStringLiteral("/conv/filters")]);
    conv.bias = std::move(tensors[name + QStringLiteral("/conv/bias")]);
    conv.scaleWeights = std::move(tensors[name + QStringLiteral("/scale/weights")]);
    conv.scaleBiases = std::move(tensors[name + QStringLiteral("/scale/biases")]);
    return conv;
}

}  // namespace

QString TfjsWeightsLoader::manifestPathIn(const QString& modelDir) {
    return QDir(modelDir).filePath(QString::fromLatin1(kManifestFileName));
}

Result<std::shared_ptr<const ResNetWeights>> TfjsWeightsLoader::load(const QString& manifestPath) {
    const QString manifest = QFileInfo(manifestPath).absoluteFilePath();
    auto groups = parseManifest(manifest);
    if (!groups) return groups.error();

    QCryptographicHash hash(QCryptographicHash::Sha256);
    std::map<QString, std::vector<float>> tensors;
    for (WeightGroup& group : *groups) {
        if (group.tensors.empty()) continue;
        if (auto read = readShards(manifest, group); !read) return read.error();
        hash.addData(group.bytes);
        for (const TensorEntry& t : group.tensors) {
            auto values = decode(group.shardPaths.front(), t, group.bytes);
            if (!values) return values.error();
            tensors[t.name] = std::move(*values);
        }
        group.bytes = QByteArray();  // free the raw shard early
    }

    using A = ResNetArchitecture;
    auto weights = std::make_shared<ResNetWeights>();
    weights->stem = takeConv(tensors, QStringLiteral("conv32_down"), A::kStemKernel, 3,
                             A::kStemChannels);
    int channels = A::kStemChannels;
    for (const auto& unit : A::kUnits) {
        ResidualUnitWeights u;
        u.name = QString::fromLatin1(unit.name);
        u.down = unit.down;
        u.conv1 = takeConv(tensors, u.name + QStringLiteral("/conv1"), A::kResidualKernel,
                           channels, unit.channels);
        u.conv2 = takeConv(tensors, u.name + QStringLiteral("/conv2"), A::kResidualKernel,
                           unit.channels, unit.channels);
        weights->units.push_back(std::move(u));
        channels = unit.channels;
    }
    weights->fcInOut = std::move(tensors[QStringLiteral("fc")]);
    weights->shardSha256 = QString::fromLatin1(hash.result().toHex());
    weights->modelId = modelIdFor(weights->shardSha256);

    // The manifest checks above make this impossible; kept as the last line of defence.
    if (const QString problem = weights->architectureMismatch(); !problem.isEmpty())
        return fail(manifest, problem);
    return std::shared_ptr<const ResNetWeights>(std::move(weights));
}

}  // namespace facecase
