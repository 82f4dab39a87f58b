// The HNSW index's file format on its own, on a hand-made three-node graph (no hnswlib, no
// build): what is written reads back as written, with the bytes where the format says; and a
// missing, truncated, other-version, stale or corrupt file is refused with a message that names
// the file. (test_hnsw_index covers the same refusals through HnswIndex::load on real graphs.)
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>

#include "matching/content_checksum.h"
#include "matching/hnsw_index_file.h"

using namespace facecase;

namespace {

constexpr int kM = 2;
constexpr std::size_t kNodes = 3;
constexpr int kPayloadStart = 120 + 32 + 8;  // fixed header, one shard entry, header checksum

const HnswIndexFile::Gallery kGallery{kNodes, 7, 0x1234abcdULL};

HnswIndexFile::Header headerOf() {
    HnswIndexFile::Header header;
    header.gallery = kGallery;
    header.m = kM;
    header.efConstruction = 10;
    header.shards = {{0, kNodes, 0, 0, 0}};  // rows 0..2, no upper layers, entry node 0
    return header;
}

// Node records (each linked to the two others, label = its row), then levels (all 0).
QByteArray payloadOf() {
    const std::size_t record = HnswIndexFile::recordBytes(kM);
    QByteArray bytes(qsizetype(kNodes * record + kNodes * 4), '\0');
    for (std::size_t i = 0; i < kNodes; ++i) {
        char* r = bytes.data() + i * record;
        const quint32 count = 2, a = quint32((i + 1) % kNodes), b = quint32((i + 2) % kNodes);
        const quint64 label = i;
        std::memcpy(r, &count, 4);
        std::memcpy(r + 4, &a, 4);
        std::memcpy(r + 8, &b, 4);
        std::memcpy(r + record - 8, &label, 8);
    }
    return bytes;
}

Result<void> writeTestFile(const QString& path) {
    const QByteArray payload = payloadOf();
    return HnswIndexFile::write(path, headerOf(),
                                [&payload](std::size_t, const HnswIndexFile::Sink& sink) {
                                    return sink(payload.constData(), std::size_t(payload.size()));
                                });
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Recomputes both checksums after a deliberate edit, so the check behind them is what is tested.
void reseal(QByteArray& bytes) {
    const quint64 payload = ContentChecksum::of(bytes.constData() + kPayloadStart,
                                                std::size_t(bytes.size() - kPayloadStart));
    std::memcpy(bytes.data() + 72, &payload, 8);
    const quint64 header = ContentChecksum::of(bytes.constData(), kPayloadStart - 8);
    std::memcpy(bytes.data() + kPayloadStart - 8, &header, 8);
}

}  // namespace

class TestHnswIndexFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void writesTheLayoutAndReadsItBack() {
        const QString path = m_dir.filePath(QStringLiteral("round.hnsw"));
        const auto written = writeTestFile(path);
        QVERIFY2(written, qPrintable(written.errorMessage()));
        const QByteArray bytes = readAll(path);
        QCOMPARE(bytes.size(), qsizetype(kPayloadStart) + payloadOf().size());
        QCOMPARE(bytes.left(8), QByteArray("FCHNSW\r\n"));
        QCOMPARE(bytes.mid(kPayloadStart), payloadOf());

        const auto read = HnswIndexFile::read(path, kGallery);
        QVERIFY2(read, qPrintable(read.errorMessage()));
        QCOMPARE(read->header.m, kM);
        QCOMPARE(read->header.efConstruction, 10);
        QCOMPARE(read->header.shards.size(), std::size_t(1));
        QCOMPARE(read->shards.size(), std::size_t(1));
        const HnswIndexFile::ShardData& shard = read->shards[0];
        QCOMPARE(shard.shard.rows, kNodes);
        QCOMPARE(shard.levels, std::vector<qint32>(kNodes, 0));
        QCOMPARE(QByteArray(shard.records.data(), qsizetype(shard.records.size())),
                 payloadOf().left(qsizetype(shard.records.size())));
    }

    void refusesWithTheFileNamed_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing") << "missing"
                                 << "no HNSW index file";
        QTest::newRow("truncated") << "truncated"
                                   << "truncated: 234 of 256 bytes";
        QTest::newRow("header cut") << "header cut"
                                    << "truncated: 100 bytes, shorter than any header";
        QTest::newRow("other format") << "magic"
                                      << "not a FaceCase HNSW index file";
        QTest::newRow("other version") << "version"
                                       << "format version 2, this build reads version 1";
        QTest::newRow("unsealed edit") << "unsealed"
                                       << "corrupt: graph checksum mismatch";
        QTest::newRow("stale")
            << "stale"
            << "stale: built for gallery revision 7, the gallery is at revision 8";
        QTest::newRow("bad link") << "link"
                                  << "corrupt: node 1 links outside the graph";
        QTest::newRow("bad label") << "label"
                                   << "corrupt: node 1 has a bad face row";
    }
    void refusesWithTheFileNamed() {
        QFETCH(QString, damage);
        QFETCH(QString, reason);
        const QString path = m_dir.filePath(damage + QStringLiteral(".hnsw"));
        QVERIFY(writeTestFile(path));
        QByteArray bytes = readAll(path);
        const std::size_t record = HnswIndexFile::recordBytes(kM);
        HnswIndexFile::Gallery gallery = kGallery;
        if (damage == QLatin1String("missing")) QVERIFY(QFile::remove(path));
        if (damage == QLatin1String("truncated")) bytes.chop(22);
        if (damage == QLatin1String("header cut")) bytes.truncate(100);
        if (damage == QLatin1String("magic")) bytes[5] = 'X';
        if (damage == QLatin1String("version")) {
            bytes[8] = 2;
            reseal(bytes);
        }
        if (damage == QLatin1String("unsealed")) bytes[kPayloadStart + 8] = 0;  // no reseal
        if (damage == QLatin1String("stale")) gallery.revision = 8;
        if (damage == QLatin1String("link")) {
            bytes[qsizetype(kPayloadStart + record + 4)] = 9;  // node 1's first link: no node 9
            reseal(bytes);
        }
        if (damage == QLatin1String("label")) {
            bytes[qsizetype(kPayloadStart + 2 * record - 8)] = 0;  // node 1 claims row 0 again
            reseal(bytes);
        }
        if (damage != QLatin1String("missing")) writeAll(path, bytes);

        const auto read = HnswIndexFile::read(path, gallery);
        QVERIFY(!read);
        const QString message = read.errorMessage();
        QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
        if (damage != QLatin1String("missing"))
            QVERIFY2(message.endsWith(QStringLiteral("; the HNSW index must be rebuilt")),
                     qPrintable(message));
    }

    void unwritablePathIsNamed() {
        const QString path = m_dir.filePath(QStringLiteral("no/such/folder/index.hnsw"));
        const auto written = writeTestFile(path);
        QVERIFY(!written);
        QVERIFY2(written.errorMessage().startsWith(path + QStringLiteral(": cannot write")),
                 qPrintable(written.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestHnswIndexFile)
#include "test_hnsw_index_file.moc"
