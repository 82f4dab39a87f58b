#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_set>

#include "matching/content_checksum.h"
#include "matching/exact_index.h"
#include "matching/hnsw_index.h"
#include "matching/synthetic_descriptors.h"
#include "matching_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {

std::shared_ptr<const ExactIndex> exactOf(std::size_t n, qint64 revision = 1,
                                          std::uint64_t seed = 21) {
    auto index =
        ExactIndex::create(SyntheticDescriptors(seed).matrix(n, 2), spacedIds(n), revision);
    if (!index) qFatal("%s", qPrintable(index.errorMessage()));
    return std::make_shared<const ExactIndex>(std::move(index).value());
}

// Mates of spread gallery rows (a second photo, 0.30-0.40 away) and strangers, half and half.
struct Probes {
    std::vector<Descriptor> descriptors;
    std::vector<qint64> mateIds;  // -1 for strangers
};

Probes probesFor(const ExactIndex& exact, int count) {
    const SyntheticDescriptors generator(21);
    Probes p;
    for (int i = 0; i < count; ++i) {
        if (i % 2 == 0) {
            const std::size_t row = (std::size_t(i) * 7919 + 13) % exact.size();
            p.descriptors.push_back(
                generator.mate(exact.row(row), SyntheticDescriptors::mateDistance(std::uint64_t(i)),
                               std::uint64_t(i)));
            p.mateIds.push_back(exact.faceId(row));
        } else {
            p.descriptors.push_back(generator.descriptor(exact.size() + std::uint64_t(i)));
            p.mateIds.push_back(-1);
        }
    }
    return p;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(bytes);
}

// Where a file's graph starts: a 120-byte fixed header, 32 bytes per shard, 8 of checksum.
int payloadStart(int shards) {
    return 120 + 32 * shards + 8;
}

// Recomputes the file's payload and header checksums after a deliberate edit, so that the
// structural checks behind them are what gets tested.
void resealFile(QByteArray& bytes, int shards) {
    const int start = payloadStart(shards);
    const quint64 payload =
        ContentChecksum::of(bytes.constData() + start, std::size_t(bytes.size() - start));
    std::memcpy(bytes.data() + 72, &payload, 8);
    const quint64 header = ContentChecksum::of(bytes.constData(), std::size_t(start - 8));
    std::memcpy(bytes.data() + start - 8, &header, 8);
}

}  // namespace

class TestHnswIndex : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    // 100,000 faces built once (the build dominates this test's run time), shared by the
    // recall and persistence checks.
    std::shared_ptr<const ExactIndex> m_exact;
    std::optional<HnswIndex> m_hnsw;
    Probes m_probes;
    // Recall grows with efSearch (per shard; two shards here); the test graph is built more
    // cheaply than the default (m 16), so it searches as wide as the default.
    static constexpr int kRecallEf = 512;
    static constexpr int kTestEfConstruction = 100;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_exact = exactOf(100'000);
        HnswParameters parameters;
        parameters.m = 16;
        parameters.efConstruction = kTestEfConstruction;  // a test, not a benchmark: build fast
        parameters.efSearch = kRecallEf;
        auto built = HnswIndex::build(m_exact, parameters, 2);
        QVERIFY2(built.ok(), qPrintable(built.errorMessage()));
        m_hnsw.emplace(std::move(built).value());
        m_probes = probesFor(*m_exact, 200);
    }

    void recallAt20AndExactDistances() {
        double recallSum = 0;
        for (std::size_t p = 0; p < m_probes.descriptors.size(); ++p) {
            const Descriptor& probe = m_probes.descriptors[p];
            auto exact = m_exact->search(probe, 20, 2);
            auto found = m_hnsw->search(probe, 20);
            QVERIFY(exact.ok() && found.ok());
            QCOMPARE(found->size(), std::size_t(20));
            std::unordered_set<qint64> truth;
            for (const SearchHit& h : *exact) truth.insert(h.faceId);
            int common = 0;
            for (std::size_t i = 0; i < found->size(); ++i) {
                const SearchHit& hit = found->at(i);
                common += int(truth.count(hit.faceId));
                if (i > 0) QVERIFY(found->at(i - 1).distance <= hit.distance);
                // Re-ranked exactly: the very distance the exact index computes for this face.
                const std::uint32_t row = std::uint32_t((hit.faceId - 1000) / 3);
                auto one = m_exact->rankRows(probe, {row}, 1);
                QVERIFY(one.ok());
                QCOMPARE(hit.distance, one->front().distance);
            }
            recallSum += common / 20.0;
            if (m_probes.mateIds[p] >= 0 && found->front().faceId != m_probes.mateIds[p])
                qInfo("probe %zu: mate %lld; exact top %lld %.4f; hnsw top %lld %.4f", p,
                      m_probes.mateIds[p], exact->front().faceId, exact->front().distance,
                      found->front().faceId, found->front().distance);
        }
        const double recall = recallSum / double(m_probes.descriptors.size());
        qInfo("recall@20 %.4f over %zu probes (efSearch %d)", recall, m_probes.descriptors.size(),
              kRecallEf);
        QVERIFY2(recall >= 0.99, qPrintable(QString::number(recall)));
    }

    void memoryIsAccounted() {
        // Layer 0: 2m links + count (132 B), the descriptor copy (512 B), label (8 B); then
        // ~12 B bookkeeping, a few upper-layer bytes, 2 B of visited list.
        const double perFace = double(m_hnsw->memoryBytes()) / double(m_hnsw->size());
        QVERIFY2(perFace > 652 + 12 && perFace < 700, qPrintable(QString::number(perFace)));
    }

    void saveLoadRoundTrip() {
        const QString path = m_dir.filePath(QStringLiteral("round.hnsw"));
        QVERIFY(m_hnsw->save(path).ok());
        // No descriptors in the file: ~150 B per face with m = 16 (links, label, level).
        const qint64 bytes = QFile(path).size();
        QVERIFY2(bytes > 140 * 100'000 && bytes < 170 * 100'000,
                 qPrintable(QString::number(bytes)));
        auto loaded = HnswIndex::load(path, m_exact, kRecallEf);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->size(), m_hnsw->size());
        QCOMPARE(loaded->shardCount(), m_hnsw->shardCount());
        QCOMPARE(loaded->parameters().m, 16);
        QCOMPARE(loaded->parameters().efConstruction, kTestEfConstruction);
        QCOMPARE(loaded->memoryBytes(), m_hnsw->memoryBytes());
        for (const Descriptor& probe : m_probes.descriptors) {
            auto a = m_hnsw->search(probe, 20);
            auto b = loaded->search(probe, 20);
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(*b, *a);  // the same graph: the same answers
        }
        // Saving the loaded graph gives the same bytes: nothing address-dependent is stored.
        const QString again = m_dir.filePath(QStringLiteral("again.hnsw"));
        QVERIFY(loaded->save(again).ok());
        QCOMPARE(readAll(again), readAll(path));
    }

    void refusesDamagedFiles_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "empty"
                               << "truncated: 0 bytes, shorter than any header";
        QTest::newRow("half a header") << "header-cut"
                                       << "truncated: 60 bytes, shorter than any header";
        QTest::newRow("shard table cut") << "table-cut"
                                         << "corrupt or truncated header";
        QTest::newRow("cut short") << "cut"
                                   << "truncated: ";
        QTest::newRow("one byte short") << "cut1"
                                        << "truncated: ";
        QTest::newRow("trailing bytes") << "append"
                                        << "where";
        QTest::newRow("not an index") << "text"
                                      << "not a FaceCase HNSW index file";
        QTest::newRow("header bit flip") << "flip-header"
                                         << "corrupt header (checksum mismatch)";
        QTest::newRow("graph bit flip") << "flip-payload"
                                        << "corrupt: graph checksum mismatch";
        QTest::newRow("link out of graph, resealed") << "bad-link"
                                                     << "corrupt: node 7 links outside the graph";
        QTest::newRow("duplicate row, resealed") << "bad-label"
                                                 << "corrupt: node 1 has a bad face row";
        QTest::newRow("format version") << "version"
                                        << "format version 2, this build reads version 1";
    }
    void refusesDamagedFiles() {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        // A small graph, so that damaging it is quick.
        const auto exact = exactOf(2'000);
        auto built = HnswIndex::build(exact, HnswParameters{}, 2);
        QVERIFY(built.ok());
        const QString path = m_dir.filePath(QStringLiteral("damaged-%1.hnsw").arg(damage));
        QVERIFY(built->save(path).ok());
        QByteArray bytes = readAll(path);
        const int m = HnswParameters{}.m;
        const int shards = built->shardCount();
        QCOMPARE(shards, 2);
        const int record = 2 * m * 4 + 4 + 8;  // layer-0 link word, links and label per node
        const int records = payloadStart(shards);
        if (damage == QLatin1String("empty")) bytes.clear();
        if (damage == QLatin1String("header-cut")) bytes.truncate(60);
        if (damage == QLatin1String("table-cut")) bytes.truncate(150);
        if (damage == QLatin1String("cut")) bytes.truncate(bytes.size() / 2);
        if (damage == QLatin1String("cut1")) bytes.chop(1);
        if (damage == QLatin1String("append")) bytes.append("x");
        if (damage == QLatin1String("text"))
            bytes = QByteArray("just some text, not an index at all").repeated(10);
        if (damage == QLatin1String("flip-header")) bytes[20] = char(bytes[20] ^ 0x40);
        if (damage == QLatin1String("flip-payload"))
            bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x01);
        if (damage == QLatin1String("bad-link")) {
            const quint32 outside = 5'000'000;
            std::memcpy(bytes.data() + records + 7 * record + 4, &outside,
                        4);  // node 7, first link
            resealFile(bytes, shards);
        }
        if (damage == QLatin1String("bad-label")) {
            const int label = record - 8;  // node 1 claims node 0's row
            std::memcpy(bytes.data() + records + record + label,
                        bytes.constData() + records + label, 8);
            resealFile(bytes, shards);
        }
        if (damage == QLatin1String("version")) {
            const quint32 two = 2;
            std::memcpy(bytes.data() + 8, &two, 4);
            resealFile(bytes, shards);
        }
        writeAll(path, bytes);
        auto loaded = HnswIndex::load(path, exact);
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(loaded.errorMessage().startsWith(path + QStringLiteral(": ")),
                 qPrintable(loaded.errorMessage()));
        QVERIFY2(loaded.errorMessage().contains(message), qPrintable(loaded.errorMessage()));
        QVERIFY(loaded.errorMessage().endsWith(QStringLiteral("; the HNSW index must be rebuilt")));
    }

    void refusesAnotherGalleryState() {
        const auto exact = exactOf(2'000, 5);
        auto built = HnswIndex::build(exact, HnswParameters{}, 1);
        QVERIFY(built.ok());
        const QString path = m_dir.filePath(QStringLiteral("state.hnsw"));
        QVERIFY(built->save(path).ok());
        QVERIFY(HnswIndex::load(path, exact).ok());

        auto stale = HnswIndex::load(path, exactOf(2'000, 6));
        QVERIFY(!stale.ok());
        QVERIFY2(stale.errorMessage().contains(QStringLiteral(
                     "stale: built for gallery revision 5, the gallery is at revision 6")),
                 qPrintable(stale.errorMessage()));
        auto smaller = HnswIndex::load(path, exactOf(1'999, 5));
        QVERIFY(!smaller.ok());
        QVERIFY(smaller.errorMessage().contains(
            QStringLiteral("built for 2000 faces, the gallery has 1999")));
        // Same revision and size, other faces (a database restored from another copy).
        std::vector<qint64> ids = spacedIds(2'000);
        ids[1'234] += 1;
        auto otherIds = ExactIndex::create(SyntheticDescriptors(21).matrix(2'000), ids, 5);
        QVERIFY(otherIds.ok());
        auto mismatch =
            HnswIndex::load(path, std::make_shared<const ExactIndex>(std::move(otherIds).value()));
        QVERIFY(!mismatch.ok());
        QVERIFY(mismatch.errorMessage().contains(QStringLiteral("face id checksum differs")));

        auto missing = HnswIndex::load(m_dir.filePath(QStringLiteral("nothing.hnsw")), exact);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    }

    // Each shard is built by one thread in row order: the same gallery gives the same file.
    void shardedBuildsAreReproducible() {
        const auto exact = exactOf(6'000);
        auto a = HnswIndex::build(exact, HnswParameters{}, 2);
        auto b = HnswIndex::build(exact, HnswParameters{}, 1);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->shardCount(), 2);
        const QString pathA = m_dir.filePath(QStringLiteral("a.hnsw")),
                      pathB = m_dir.filePath(QStringLiteral("b.hnsw"));
        QVERIFY(a->save(pathA).ok() && b->save(pathB).ok());
        QCOMPARE(readAll(pathA), readAll(pathB));
    }

    // One graph filled by two threads (hnswlib's own parallel insert).
    void singleShardWithTwoThreads() {
        const auto exact = exactOf(6'000);
        HnswParameters parameters;
        parameters.shards = 1;
        auto built = HnswIndex::build(exact, parameters, 2);
        QVERIFY2(built.ok(), qPrintable(built.errorMessage()));
        QCOMPARE(built->shardCount(), 1);
        const Probes probes = probesFor(*exact, 40);
        int found = 0, mates = 0;
        for (std::size_t p = 0; p < probes.descriptors.size(); ++p) {
            if (probes.mateIds[p] < 0) continue;
            ++mates;
            auto hits = built->search(probes.descriptors[p], 5);
            QVERIFY(hits.ok());
            found += hits->front().faceId == probes.mateIds[p] ? 1 : 0;
        }
        QVERIFY2(found >= mates - 1, qPrintable(QStringLiteral("%1 of %2").arg(found).arg(mates)));
        const QString path = m_dir.filePath(QStringLiteral("single.hnsw"));
        QVERIFY(built->save(path).ok());
        auto loaded = HnswIndex::load(path, exact);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->shardCount(), 1);
        QCOMPARE(*loaded->search(probes.descriptors[0], 20),
                 *built->search(probes.descriptors[0], 20));
    }

    // The graphs over a later state of the gallery: removed faces never come back, added ones
    // are always found (compared exactly), and nothing is saved that the graphs do not describe.
    void rebasedOntoALaterState() {
        const auto exact = exactOf(6'000, 3);
        auto built = HnswIndex::build(exact, HnswParameters{}, 2);
        QVERIFY(built.ok());
        const QString path = m_dir.filePath(QStringLiteral("rebased.hnsw"));
        QVERIFY(built->save(path).ok());
        const QByteArray saved = readAll(path);

        // Later: the faces of rows 10..59 removed, 30 new faces (higher ids) added; then again.
        std::vector<qint64> removed(exact->faceIds().begin() + 10, exact->faceIds().begin() + 60);
        const std::vector<float> added = SyntheticDescriptors(77).matrix(30, 2);
        std::vector<qint64> addedIds;
        for (qint64 i = 0; i < 30; ++i) addedIds.push_back(exact->faceIds().back() + 1 + i);
        auto later = ExactIndex::withChanges(*exact, removed, added, addedIds, 4);
        QVERIFY(later.ok());
        const auto laterShared = std::make_shared<const ExactIndex>(std::move(later).value());
        auto rebased = built->rebased(laterShared);
        QVERIFY2(rebased.ok(), qPrintable(rebased.errorMessage()));
        QCOMPARE(rebased->size(), std::size_t(6'000 - 50 + 30));
        QCOMPARE(rebased->revision(), qint64(4));
        QCOMPARE(rebased->builtForRevision(), qint64(3));
        QCOMPARE(rebased->facesChangedSinceBuilt(), std::size_t(80));
        QCOMPARE(rebased->exactIndex(), laterShared);
        for (std::size_t i = 0; i < 30; ++i) {
            Descriptor probe;
            std::copy(laterShared->row(laterShared->size() - 30 + i),
                      laterShared->row(laterShared->size() - 29 + i), probe.values.begin());
            auto hits = rebased->search(probe, 5);
            QVERIFY(hits.ok());
            QCOMPARE(hits->front().faceId, addedIds[i]);
            QCOMPARE(hits->front().distance, 0.0);
        }
        const Probes probes = probesFor(*exact, 40);
        for (const Descriptor& probe : probes.descriptors) {
            auto hits = rebased->search(probe, 20);
            QVERIFY(hits.ok());
            for (const SearchHit& hit : *hits)
                QVERIFY(!std::binary_search(removed.begin(), removed.end(), hit.faceId));
            // Every distance is the later state's own, exactly.
            auto exactHits = laterShared->search(probe, 20, 1);
            QCOMPARE(hits->front().distance >= exactHits->front().distance, true);
        }
        auto refused = rebased->save(path);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("describe gallery revision 3")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(readAll(path), saved);
        QVERIFY(!HnswIndex::load(path, laterShared).ok());  // stale for a restarted process

        // Rebased again: removals of an added face and of a graph face, more faces added.
        std::vector<qint64> removedAgain{laterShared->faceIds()[0], addedIds[3]};
        std::vector<qint64> addedAgainIds{addedIds.back() + 10};
        auto again = ExactIndex::withChanges(*laterShared, removedAgain,
                                             SyntheticDescriptors(78).matrix(1, 2), addedAgainIds, 5);
        QVERIFY(again.ok());
        const auto againShared = std::make_shared<const ExactIndex>(std::move(again).value());
        auto twice = rebased->rebased(againShared);
        QVERIFY2(twice.ok(), qPrintable(twice.errorMessage()));
        QCOMPARE(twice->facesChangedSinceBuilt(), std::size_t(50 + 1 + 29 + 1));
        for (const Descriptor& probe : probes.descriptors) {
            auto hits = twice->search(probe, 20);
            QVERIFY(hits.ok());
            for (const SearchHit& hit : *hits) {
                QVERIFY(hit.faceId != removedAgain[0] && hit.faceId != removedAgain[1]);
                QVERIFY(!std::binary_search(removed.begin(), removed.end(), hit.faceId));
            }
        }
        // Not a later state of this gallery (faces among the graph's that it never had): refused.
        std::vector<qint64> between = spacedIds(100);
        for (qint64& id : between) id += 1;
        auto other = ExactIndex::create(SyntheticDescriptors(5).matrix(100, 2), between, 9);
        QVERIFY(other.ok());
        auto foreign = built->rebased(std::make_shared<const ExactIndex>(std::move(other).value()));
        QVERIFY(!foreign.ok());
        QVERIFY2(foreign.errorMessage().contains(QStringLiteral("not a later state")),
                 qPrintable(foreign.errorMessage()));
    }

    void emptyGallery() {
        const auto empty = std::make_shared<const ExactIndex>();
        auto built = HnswIndex::build(empty, HnswParameters{}, 2);
        QVERIFY(built.ok());
        auto hits = built->search(SyntheticDescriptors().descriptor(0), 5);
        QVERIFY(hits.ok());
        QVERIFY(hits->empty());
        const QString path = m_dir.filePath(QStringLiteral("empty.hnsw"));
        QVERIFY(built->save(path).ok());
        auto loaded = HnswIndex::load(path, empty);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->size(), std::size_t(0));
    }

    void cancelAndBadArguments() {
        const auto exact = exactOf(5'000);
        int calls = 0;
        auto cancelled =
            HnswIndex::build(exact, HnswParameters{}, 2, [&](std::size_t done, std::size_t total) {
                ++calls;
                return done < total / 4;
            });
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().kind, Error::Kind::Cancelled);
        QVERIFY(calls > 0);

        HnswParameters bad;
        bad.m = 1;
        QVERIFY(!HnswIndex::build(exact, bad, 2).ok());
        QVERIFY(!HnswIndex::build(exact, HnswParameters{}, 0).ok());
        QVERIFY(!HnswIndex::build(nullptr, HnswParameters{}, 1).ok());
        const Descriptor probe = SyntheticDescriptors().descriptor(1);
        QVERIFY(!m_hnsw->search(probe, 0).ok());
        QVERIFY(!m_hnsw->search(probe, 5, 0).ok());
        Descriptor nan = probe;
        nan.values[0] = std::numeric_limits<float>::quiet_NaN();
        QVERIFY(!m_hnsw->search(nan, 5).ok());
        // k beyond efSearch still returns k exact candidates.
        auto many = m_hnsw->search(probe, 1'000, 10);
        QVERIFY(many.ok());
        QCOMPARE(many->size(), std::size_t(1'000));
    }
};

QTEST_GUILESS_MAIN(TestHnswIndex)
#include "test_hnsw_index.moc"
