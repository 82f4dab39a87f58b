#include "matching/hnsw_index_file.h"

#include <QFile>
#include <QSaveFile>
#include <algorithm>
#include <bit>
#include <cstring>
#include <exception>

#include "matching/content_checksum.h"
#include "types/descriptor.h"

namespace facecase {

namespace {

static_assert(std::endian::native == std::endian::little, "the index file format is little-endian");

// "FCHNSW" + CR LF: a text-mode transfer that mangles line ends is caught by the magic alone.
constexpr char kMagic[8] = {'F', 'C', 'H', 'N', 'S', 'W', '\r', '\n'};
constexpr quint32 kFormatVersion = 1;
constexpr std::size_t kFixedHeader = 120;
constexpr std::size_t kShardEntry = 32;
constexpr std::size_t kOffVersion = 8, kOffDimensions = 12, kOffCount = 16, kOffRevision = 24,
                      kOffFaceIds = 32, kOffM = 40, kOffEfConstruction = 44, kOffMaxM0 = 48,
                      kOffShards = 52, kOffRecordBytes = 56, kOffUpperListBytes = 64,
                      kOffPayloadChecksum = 72;
// Levels are geometric with ratio 1/m: above 40 has probability < 1e-12 per node for m >= 2.
constexpr int kMaxLevel = 64;
constexpr std::size_t kLabelBytes = sizeof(quint64);

template <class T>
void put(char* buffer, std::size_t offset, T value) {
    std::memcpy(buffer + offset, &value, sizeof value);
}

template <class T>
T get(const char* buffer, std::size_t offset) {
    T value;
    std::memcpy(&value, buffer + offset, sizeof value);
    return value;
}

std::size_t headerBytes(std::size_t shards) {
    return kFixedHeader + shards * kShardEntry + 8;
}

// hnswlib's layout of a link list: a 32-bit word whose low 16 bits count the links (byte 2
// holds the "deleted" mark), then the links as 32-bit node numbers.
quint32 linkWord(const char* list) {
    return get<quint32>(list, 0);
}
quint32 linkAt(const char* list, std::size_t j) {
    return get<quint32>(list, 4 + 4 * j);
}

// Empty when the shard is sound; otherwise what is wrong with it. Runs before hnswlib sees any
// of it: a link outside the graph would be read out of bounds on the first search.
QString checkShard(const HnswIndexFile::ShardData& s, std::size_t m, std::vector<bool>& rowSeen) {
    const std::size_t record = HnswIndexFile::recordBytes(m), links = record - kLabelBytes;
    const std::size_t upperList = HnswIndexFile::upperListBytes(m);
    const HnswIndexFile::Shard& shard = s.shard;
    std::size_t upperTotal = 0;
    for (qint32 level : s.levels) {
        if (level < 0 || level > shard.maxLevel) return QStringLiteral("node level out of range");
        upperTotal += std::size_t(level) * upperList;
    }
    if (upperTotal != shard.upperBytes || s.levels[shard.entryPoint] != shard.maxLevel)
        return QStringLiteral("node levels disagree with the header");
    for (std::size_t i = 0; i < shard.rows; ++i) {
        const char* r = s.records.data() + i * record;
        const quint32 word = linkWord(r);
        if (word > 2 * m)
            return QStringLiteral("node %1 has a bad link count").arg(shard.firstRow + i);
        for (std::size_t j = 0; j < word; ++j)
            if (linkAt(r, j) >= shard.rows)
                return QStringLiteral("node %1 links outside the graph").arg(shard.firstRow + i);
        const auto label = get<quint64>(r, links);
        if (label < shard.firstRow || label >= shard.firstRow + shard.rows || rowSeen[label])
            return QStringLiteral("node %1 has a bad face row").arg(shard.firstRow + i);
        rowSeen[label] = true;
    }
    for (std::size_t i = 0, offset = 0; i < shard.rows;
         offset += std::size_t(s.levels[i]) * upperList, ++i)
        for (qint32 layer = 1; layer <= s.levels[i]; ++layer) {
            const char* list = s.upper.data() + offset + std::size_t(layer - 1) * upperList;
            const quint32 count = linkWord(list);
            if (count > m)
                return QStringLiteral("node %1 has a bad link count").arg(shard.firstRow + i);
            for (std::size_t j = 0; j < count; ++j) {
                const quint32 to = linkAt(list, j);
                if (to >= shard.rows || s.levels[to] < layer)
                    return QStringLiteral("node %1 links outside its layer")
                        .arg(shard.firstRow + i);
            }
        }
    return {};
}

}  // namespace

std::size_t HnswIndexFile::recordBytes(std::size_t m) {
    return 2 * m * 4 + 4 + kLabelBytes;
}

std::size_t HnswIndexFile::upperListBytes(std::size_t m) {
    return m * 4 + 4;
}

Result<void> HnswIndexFile::write(const QString& path, const Header& header,
                                  const Payload& payload) {
    const std::size_t m = std::size_t(header.m);
    const std::size_t shardCount = header.shards.size();
    std::vector<char> head(headerBytes(shardCount), 0);
    std::memcpy(head.data(), kMagic, sizeof kMagic);
    put(head.data(), kOffVersion, kFormatVersion);
    put(head.data(), kOffDimensions, quint32(Descriptor::kSize));
    put(head.data(), kOffCount, quint64(header.gallery.count));
    put(head.data(), kOffRevision, qint64(header.gallery.revision));
    put(head.data(), kOffFaceIds, quint64(header.gallery.faceIds));
    put(head.data(), kOffM, quint32(m));
    put(head.data(), kOffEfConstruction, quint32(header.efConstruction));
    put(head.data(), kOffMaxM0, quint32(2 * m));
    put(head.data(), kOffShards, quint32(shardCount));
    put(head.data(), kOffRecordBytes, quint64(recordBytes(m)));
    put(head.data(), kOffUpperListBytes, quint64(upperListBytes(m)));
    ContentChecksum checksum;
    for (std::size_t s = 0; s < shardCount; ++s) {
        const Shard& shard = header.shards[s];
        char* entry = head.data() + kFixedHeader + s * kShardEntry;
        put(entry, 0, quint64(shard.firstRow));
        put(entry, 8, quint64(shard.rows));
        put(entry, 16, qint32(shard.maxLevel));
        put(entry, 20, quint32(shard.entryPoint));
        put(entry, 24, quint64(shard.upperBytes));
        payload(s, [&](const char* data, std::size_t bytes) {
            checksum.add(data, bytes);
            return true;
        });
    }
    put(head.data(), kOffPayloadChecksum, quint64(checksum.value()));
    put(head.data(), head.size() - 8, quint64(ContentChecksum::of(head.data(), head.size() - 8)));

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::invalidInput(path + QStringLiteral(": cannot write the HNSW index: ") +
                                   file.errorString());
    bool written = file.write(head.data(), qint64(head.size())) == qint64(head.size());
    for (std::size_t s = 0; written && s < shardCount; ++s)
        written = payload(s, [&](const char* data, std::size_t bytes) {
            return file.write(data, qint64(bytes)) == qint64(bytes);
        });
    if (!written || !file.commit())
        return Error::invalidInput(path + QStringLiteral(": cannot write the HNSW index: ") +
                                   file.errorString());
    return {};
}

Result<HnswIndexFile::Contents> HnswIndexFile::read(const QString& path, const Gallery& gallery) {
    QFile file(path);
    if (!file.exists()) return Error::notFound(path + QStringLiteral(": no HNSW index file"));
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalidInput(path + QStringLiteral(": cannot read: ") + file.errorString());
    const auto refuse = [&](const QString& why) {
        return Error::invalidInput(path + QStringLiteral(": ") + why +
                                   QStringLiteral("; the HNSW index must be rebuilt"));
    };

    const qint64 fileSize = file.size();
    std::vector<char> head(kFixedHeader);
    if (fileSize < qint64(headerBytes(0)) ||
        file.read(head.data(), qint64(kFixedHeader)) != qint64(kFixedHeader))
        return refuse(QStringLiteral("truncated: %1 bytes, shorter than any header").arg(fileSize));
    if (std::memcmp(head.data(), kMagic, sizeof kMagic) != 0)
        return refuse(QStringLiteral("not a FaceCase HNSW index file"));
    // An empty gallery is saved with no shards; any other with 1 .. kMaxShards.
    const auto shardCount = std::size_t(get<quint32>(head.data(), kOffShards));
    const bool empty = get<quint64>(head.data(), kOffCount) == 0;
    if ((empty ? shardCount != 0 : shardCount < 1) ||
        shardCount > std::size_t(HnswParameters::kMaxShards) ||
        fileSize < qint64(headerBytes(shardCount)))
        return refuse(QStringLiteral("corrupt or truncated header"));
    head.resize(headerBytes(shardCount));
    const qint64 rest = qint64(head.size() - kFixedHeader);
    if (file.read(head.data() + kFixedHeader, rest) != rest)
        return refuse(QStringLiteral("truncated header"));
    if (get<quint64>(head.data(), head.size() - 8) !=
        ContentChecksum::of(head.data(), head.size() - 8))
        return refuse(QStringLiteral("corrupt header (checksum mismatch)"));

    const auto version = get<quint32>(head.data(), kOffVersion);
    if (version != kFormatVersion)
        return refuse(QStringLiteral("format version %1, this build reads version %2")
                          .arg(version)
                          .arg(kFormatVersion));
    const auto dimensions = get<quint32>(head.data(), kOffDimensions);
    if (dimensions != quint32(Descriptor::kSize))
        return refuse(QStringLiteral("built for %1-dimensional descriptors, not %2")
                          .arg(dimensions)
                          .arg(Descriptor::kSize));
    const auto revision = get<qint64>(head.data(), kOffRevision);
    if (revision != gallery.revision)
        return refuse(
            QStringLiteral("stale: built for gallery revision %1, the gallery is at revision %2")
                .arg(revision)
                .arg(gallery.revision));
    const auto count = get<quint64>(head.data(), kOffCount);
    if (count != gallery.count)
        return refuse(
            QStringLiteral("built for %1 faces, the gallery has %2").arg(count).arg(gallery.count));
    if (get<quint64>(head.data(), kOffFaceIds) != gallery.faceIds)
        return refuse(
            QStringLiteral("built for other faces than the gallery's (face id checksum differs)"));

    Contents contents;
    Header& header = contents.header;
    header.gallery = gallery;
    header.m = int(get<quint32>(head.data(), kOffM));
    header.efConstruction = int(get<quint32>(head.data(), kOffEfConstruction));
    HnswParameters stored;
    stored.m = header.m;
    stored.efConstruction = header.efConstruction;
    stored.shards = std::max(1, int(shardCount));
    if (auto ok = checkHnswParameters(stored); !ok) return refuse(ok.errorMessage());
    const std::size_t m = std::size_t(header.m), n = std::size_t(count);
    const std::size_t record = recordBytes(m), upperList = upperListBytes(m);
    if (get<quint32>(head.data(), kOffMaxM0) != 2 * m ||
        get<quint64>(head.data(), kOffRecordBytes) != record ||
        get<quint64>(head.data(), kOffUpperListBytes) != upperList)
        return refuse(QStringLiteral("corrupt header (inconsistent graph sizes)"));

    // The shard table: contiguous slices covering every row, sizes that add up to the file.
    header.shards.resize(shardCount);
    quint64 expectedSize = head.size();
    for (std::size_t s = 0, nextRow = 0; s < shardCount; ++s) {
        const char* entry = head.data() + kFixedHeader + s * kShardEntry;
        Shard& shard = header.shards[s];
        shard.firstRow = std::size_t(get<quint64>(entry, 0));
        shard.rows = std::size_t(get<quint64>(entry, 8));
        shard.maxLevel = get<qint32>(entry, 16);
        shard.entryPoint = get<quint32>(entry, 20);
        shard.upperBytes = std::size_t(get<quint64>(entry, 24));
        if (shard.firstRow != nextRow || shard.rows == 0 || shard.rows > n - nextRow ||
            shard.maxLevel < 0 || shard.maxLevel > kMaxLevel || shard.entryPoint >= shard.rows ||
            shard.upperBytes % upperList != 0 ||
            shard.upperBytes > shard.rows * std::size_t(kMaxLevel) * upperList)
            return refuse(QStringLiteral("corrupt header (inconsistent shard %1)").arg(s));
        nextRow += shard.rows;
        if (s + 1 == shardCount && nextRow != n)
            return refuse(QStringLiteral("corrupt header (shards do not cover the gallery)"));
        expectedSize += shard.rows * (record + sizeof(qint32)) + shard.upperBytes;
    }
    if (quint64(fileSize) < expectedSize)
        return refuse(QStringLiteral("truncated: %1 of %2 bytes").arg(fileSize).arg(expectedSize));
    if (quint64(fileSize) > expectedSize)
        return refuse(QStringLiteral("corrupt: %1 bytes where %2 were expected")
                          .arg(fileSize)
                          .arg(expectedSize));
    if (n == 0) return contents;

    // Everything into buffers, checksum first, then every link and label: only a file that
    // passes all of it is handed on to be installed into hnswlib's graphs.
    ContentChecksum checksum;
    const auto readInto = [&](char* target, std::size_t bytes) {
        if (file.read(target, qint64(bytes)) != qint64(bytes)) return false;
        checksum.add(target, bytes);
        return true;
    };
    try {
        contents.shards.resize(shardCount);
        for (std::size_t s = 0; s < shardCount; ++s) {
            ShardData& data = contents.shards[s];
            data.shard = header.shards[s];
            data.records.resize(data.shard.rows * record);
            data.levels.resize(data.shard.rows);
            data.upper.resize(data.shard.upperBytes);
            if (!readInto(data.records.data(), data.records.size()) ||
                !readInto(reinterpret_cast<char*>(data.levels.data()),
                          data.shard.rows * sizeof(qint32)) ||
                !readInto(data.upper.data(), data.upper.size()))
                return refuse(QStringLiteral("truncated or unreadable: ") + file.errorString());
        }
    } catch (const std::exception&) {
        return Error::internal(path + QStringLiteral(": not enough memory to load the HNSW graph"));
    }
    if (checksum.value() != get<quint64>(head.data(), kOffPayloadChecksum))
        return refuse(QStringLiteral("corrupt: graph checksum mismatch"));
    std::vector<bool> rowSeen(n, false);
    for (const ShardData& data : contents.shards)
        if (const QString problem = checkShard(data, m, rowSeen); !problem.isEmpty())
            return refuse(QStringLiteral("corrupt: ") + problem);
    return contents;
}

}  // namespace facecase
