#include <QTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>

#include "matching/exact_index.h"
#include "matching/synthetic_descriptors.h"
#include "matching_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {

TestGallery synthetic(std::size_t n, std::uint64_t seed = 7) {
    return {SyntheticDescriptors(seed).matrix(n, 2), spacedIds(n)};
}

ExactIndex indexOf(const TestGallery& g, qint64 revision = 1) {
    auto index = ExactIndex::create(g.values, g.faceIds, revision);
    if (!index) qFatal("%s", qPrintable(index.errorMessage()));
    return std::move(index).value();
}

}  // namespace

class TestExactIndex : public QObject {
    Q_OBJECT

private slots:
    void matchesBruteForce_data() {
        QTest::addColumn<int>("faces");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("threads");
        QTest::newRow("one face") << 1 << 1 << 1;
        QTest::newRow("odd size, k 20") << 1001 << 20 << 1;
        QTest::newRow("k over N") << 37 << 100 << 2;
        QTest::newRow("two slices") << 40'000 << 20 << 2;
        QTest::newRow("three slices, k 1") << 50'003 << 1 << 3;
        QTest::newRow("k 500") << 40'000 << 500 << 2;
    }
    void matchesBruteForce() {
        QFETCH(int, faces);
        QFETCH(int, k);
        QFETCH(int, threads);
        const TestGallery g = synthetic(std::size_t(faces));
        const ExactIndex index = indexOf(g);
        const SyntheticDescriptors other(99);
        for (int p = 0; p < 5; ++p) {
            const Descriptor probe =
                p % 2 ? other.descriptor(std::uint64_t(p))
                      : other.mate(g.row(std::size_t(p * 7919) % g.size()), 0.35, std::uint64_t(p));
            auto hits = index.search(probe, k, threads);
            QVERIFY2(hits.ok(), qPrintable(hits.errorMessage()));
            const auto all = bruteForce(g, probe, faces);
            std::map<qint64, double> truth;
            for (const SearchHit& h : all) truth[h.faceId] = h.distance;
            QCOMPARE(hits->size(), std::min<std::size_t>(std::size_t(k), g.size()));
            for (std::size_t i = 0; i < hits->size(); ++i) {
                // The face at rank i is the reference's rank i, or one whose distance differs
                // from it by less than float precision (two faces 3e-8 apart may swap).
                const SearchHit& hit = hits->at(i);
                QVERIFY(std::abs(truth.at(hit.faceId) - all[i].distance) < 1e-6);
                QVERIFY(std::abs(hit.distance - all[i].distance) < 1e-5);
                if (i > 0) QVERIFY(hits->at(i - 1).distance <= hit.distance);
            }
            const std::vector<qint64> ids = idsOf(*hits);
            const std::set<qint64> unique(ids.begin(), ids.end());
            QCOMPARE(unique.size(), hits->size());
        }
    }

    void threadsDoNotChangeTheResult() {
        const TestGallery g = synthetic(70'000);
        const ExactIndex index = indexOf(g);
        for (int p = 0; p < 4; ++p) {
            const Descriptor probe = SyntheticDescriptors(3).descriptor(std::uint64_t(p));
            auto one = index.search(probe, 50, 1);
            QVERIFY(one.ok());
            for (int threads : {2, 3, 4}) {
                auto more = index.search(probe, 50, threads);
                QVERIFY(more.ok());
                QCOMPARE(*more, *one);  // ids and distances, to the last bit
            }
        }
    }

    // Identical descriptors in different slices: equal distances come back in row order,
    // whichever thread found them.
    void tiesInRowOrder() {
        TestGallery g = synthetic(40'000);
        for (std::size_t copy : {30'000u, 39'999u, 20'001u})
            std::copy(g.row(5), g.row(5) + Descriptor::kSize,
                      g.values.begin() + std::ptrdiff_t(copy * Descriptor::kSize));
        const ExactIndex index = indexOf(g);
        for (int threads : {1, 2}) {
            auto hits = index.search(g.descriptor(5), 4, threads);
            QVERIFY(hits.ok());
            QCOMPARE(idsOf(*hits).size(), std::size_t(4));
            QCOMPARE(hits->at(0).faceId, g.faceIds[5]);
            QCOMPARE(hits->at(1).faceId, g.faceIds[20'001]);
            QCOMPARE(hits->at(2).faceId, g.faceIds[30'000]);
            QCOMPARE(hits->at(3).faceId, g.faceIds[39'999]);
            for (int i = 0; i < 4; ++i) QCOMPARE(hits->at(std::size_t(i)).distance, 0.0);
        }
        // Ties that straddle the k-th place keep the lower rows.
        auto two = index.search(g.descriptor(5), 2, 2);
        QVERIFY(two.ok());
        QCOMPARE(idsOf(*two), (std::vector<qint64>{g.faceIds[5], g.faceIds[20'001]}));
    }

    void searchManyEqualsSearch_data() {
        QTest::addColumn<int>("faces");
        QTest::addColumn<int>("probes");
        QTest::addColumn<int>("threads");
        QTest::newRow("tiles of probes and rows") << 5'000 << 300 << 2;
        QTest::newRow("one probe, two threads") << 40'000 << 1 << 2;
        QTest::newRow("three threads") << 2'049 << 130 << 3;
        QTest::newRow("no probes") << 100 << 0 << 2;
    }
    void searchManyEqualsSearch() {
        QFETCH(int, faces);
        QFETCH(int, probes);
        QFETCH(int, threads);
        const TestGallery g = synthetic(std::size_t(faces));
        const ExactIndex index = indexOf(g);
        std::vector<Descriptor> batch;
        const SyntheticDescriptors strangers(11);
        for (int p = 0; p < probes; ++p)
            batch.push_back(p % 3 ? strangers.descriptor(std::uint64_t(p))
                                  : g.descriptor(std::size_t(p) % g.size()));
        auto many = index.searchMany(batch, 20, threads);
        QVERIFY2(many.ok(), qPrintable(many.errorMessage()));
        QCOMPARE(many->size(), batch.size());
        for (std::size_t p = 0; p < batch.size(); ++p) {
            auto one = index.search(batch[p], 20, 1);
            QVERIFY(one.ok());
            QCOMPARE(many->at(p), *one);
        }
    }

    void rankRowsIsExactOverTheRowsGiven() {
        const TestGallery g = synthetic(3'000);
        const ExactIndex index = indexOf(g);
        const Descriptor probe = SyntheticDescriptors(5).descriptor(1);
        auto all = index.search(probe, 3'000, 1);
        QVERIFY(all.ok());
        // Every row: the same as a full search, to the bit (same kernel).
        std::vector<std::uint32_t> rows(3'000);
        for (std::uint32_t i = 0; i < 3'000; ++i) rows[i] = 2'999 - i;
        auto ranked = index.rankRows(probe, rows, 3'000);
        QVERIFY(ranked.ok());
        QCOMPARE(*ranked, *all);
        // A subset, with duplicates and rows outside the gallery.
        auto some = index.rankRows(probe, {10, 20, 10, 30, 5'000, 40}, 3);
        QVERIFY(some.ok());
        TestGallery subset;
        for (std::size_t r : {10u, 20u, 30u, 40u}) {
            subset.values.insert(subset.values.end(), g.row(r), g.row(r) + Descriptor::kSize);
            subset.faceIds.push_back(g.faceIds[r]);
        }
        QCOMPARE(idsOf(*some), idsOf(bruteForce(subset, probe, 3)));
    }

    // The rows an HNSW graph proposes plus a scanned tail: as a search over both, ties included.
    void rankRowsScansFromARow() {
        TestGallery g = synthetic(3'000);
        for (std::size_t r : {2'500u, 2'900u}) std::copy(g.row(100), g.row(101), g.values.begin() + std::ptrdiff_t(r * Descriptor::kSize));
        const ExactIndex index = indexOf(g);
        const Descriptor probe = g.descriptor(100);
        // Listed rows below 2,000, every row from 2,000 on; row 100 and its two copies tie at 0.
        const std::vector<std::uint32_t> listed{100, 7, 1'500, 2'500, 7};
        auto ranked = index.rankRows(probe, listed, 10, 2'000);
        QVERIFY(ranked.ok());
        TestGallery subset;
        std::vector<std::size_t> rows{7, 100, 1'500};
        for (std::size_t r = 2'000; r < 3'000; ++r) rows.push_back(r);
        for (std::size_t r : rows) {
            subset.values.insert(subset.values.end(), g.row(r), g.row(r) + Descriptor::kSize);
            subset.faceIds.push_back(g.faceIds[r]);
        }
        QCOMPARE(idsOf(*ranked), idsOf(bruteForce(subset, probe, 10)));
        QCOMPARE(ranked->at(0).faceId, g.faceIds[100]);
        QCOMPARE(ranked->at(1).faceId, g.faceIds[2'500]);
        QCOMPARE(ranked->at(2).faceId, g.faceIds[2'900]);
        // Scanning from 0 is a search.
        QCOMPARE(*index.rankRows(probe, {}, 20, 0), *index.search(probe, 20, 1));
    }

    // The next gallery state from this one: the index create() builds from a fresh read of it.
    void withChangesIsWhatAFreshLoadBuilds() {
        const TestGallery g = synthetic(5'000);
        const ExactIndex base = indexOf(g, 8);
        const TestGallery more = synthetic(40, 99);
        std::vector<qint64> addedIds;
        for (std::size_t i = 0; i < more.size(); ++i) addedIds.push_back(g.faceIds.back() + 5 + qint64(i));
        // Removed: the first row, a run in the middle, the last row, and ids never held.
        std::vector<qint64> removed{1, g.faceIds[0], g.faceIds[17], g.faceIds[18], g.faceIds[19],
                                    g.faceIds[2'000] + 1, g.faceIds[4'999]};
        auto next = ExactIndex::withChanges(base, removed, more.values, addedIds, 9);
        QVERIFY2(next.ok(), qPrintable(next.errorMessage()));

        TestGallery fresh;
        for (std::size_t r = 0; r < g.size(); ++r) {
            if (std::binary_search(removed.begin(), removed.end(), g.faceIds[r])) continue;
            fresh.values.insert(fresh.values.end(), g.row(r), g.row(r) + Descriptor::kSize);
            fresh.faceIds.push_back(g.faceIds[r]);
        }
        fresh.values.insert(fresh.values.end(), more.values.begin(), more.values.end());
        fresh.faceIds.insert(fresh.faceIds.end(), addedIds.begin(), addedIds.end());
        const ExactIndex loaded = indexOf(fresh, 9);
        QCOMPARE(next->size(), std::size_t(5'000 - 5 + 40));
        QCOMPARE(next->revision(), qint64(9));
        QVERIFY(std::ranges::equal(next->faceIds(), loaded.faceIds()));
        QVERIFY(std::memcmp(next->row(0), loaded.row(0), loaded.size() * Descriptor::kSize * sizeof(float)) == 0);
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            const Descriptor probe = SyntheticDescriptors(seed).descriptor(7);
            QCOMPARE(*next->search(probe, 20, 2), *loaded.search(probe, 20, 2));
        }
        QCOMPARE(base.size(), std::size_t(5'000));  // the base is left as it was

        // Only higher ids, ascending, may be appended; the added rows are checked like create's.
        auto low = ExactIndex::withChanges(base, {}, more.values, spacedIds(40), 9);
        QVERIFY(!low.ok());
        QVERIFY2(low.errorMessage().contains(QStringLiteral("cannot be appended after face")),
                 qPrintable(low.errorMessage()));
        std::vector<float> bad(Descriptor::kSize, 0.0f);
        bad[3] = std::numeric_limits<float>::quiet_NaN();
        auto nan = ExactIndex::withChanges(base, {}, bad, {g.faceIds.back() + 1}, 9);
        QVERIFY(!nan.ok());
        QVERIFY(nan.errorMessage().contains(QStringLiteral("not a finite number")));
        auto everything = ExactIndex::withChanges(base, g.faceIds, {}, {}, 10);
        QVERIFY(everything.ok());
        QCOMPARE(everything->size(), std::size_t(0));
    }

    // Faces appended to a matrix with room are written after the base's rows, shared, not
    // copied; the base and any other state keep answering for their own rows.
    void appendsShareTheMatrixWhileEveryStateKeepsItsRows() {
        const TestGallery g = synthetic(2'000);
        std::vector<float> values = g.values;  // with room for 1,000 more, as the reader leaves
        std::vector<qint64> faceIds = g.faceIds;
        values.reserve(3'000 * Descriptor::kSize);
        faceIds.reserve(3'000);
        auto created = ExactIndex::create(std::move(values), std::move(faceIds), 1);
        QVERIFY(created.ok());
        const ExactIndex& base = *created;
        const TestGallery more = synthetic(300, 55);
        const auto idsAfter = [](qint64 last, std::size_t n) {
            std::vector<qint64> ids;
            for (std::size_t i = 0; i < n; ++i) ids.push_back(last + 1 + qint64(i));
            return ids;
        };
        const std::vector<float> first100(more.values.begin(), more.values.begin() + 100 * Descriptor::kSize);
        const std::vector<float> next100(more.values.begin() + 100 * Descriptor::kSize,
                                         more.values.begin() + 200 * Descriptor::kSize);
        const Descriptor probe = more.descriptor(150);
        const auto before = *base.search(probe, 20, 1);

        auto appended = ExactIndex::withChanges(base, {}, first100, idsAfter(g.faceIds.back(), 100), 2);
        QVERIFY(appended.ok());
        QCOMPARE(appended->row(0), base.row(0));  // shared
        QCOMPARE(appended->size(), std::size_t(2'100));
        QCOMPARE(base.size(), std::size_t(2'000));
        QCOMPARE(*base.search(probe, 20, 1), before);
        // Another state from the same base cannot write where `appended` has its rows: a copy.
        auto sibling = ExactIndex::withChanges(base, {}, next100, idsAfter(g.faceIds.back(), 100), 3);
        QVERIFY(sibling.ok());
        QVERIFY(sibling->row(0) != base.row(0));
        QVERIFY(std::memcmp(appended->row(2'000), first100.data(), first100.size() * sizeof(float)) == 0);
        QVERIFY(std::memcmp(sibling->row(2'000), next100.data(), next100.size() * sizeof(float)) == 0);
        // From the latest state it shares again; a removal copies.
        auto again = ExactIndex::withChanges(*appended, {}, next100, idsAfter(appended->faceIds().back(), 100), 4);
        QVERIFY(again.ok());
        QCOMPARE(again->row(0), base.row(0));
        auto removed = ExactIndex::withChanges(*again, {g.faceIds[5]}, {}, {}, 5);
        QVERIFY(removed.ok());
        QVERIFY(removed->row(0) != base.row(0));
        QCOMPARE(removed->size(), std::size_t(2'199));
        // Every state answers as a fresh index of its own rows.
        for (const ExactIndex* state : std::initializer_list<const ExactIndex*>{
                 &base, &*appended, &*sibling, &*again, &*removed}) {
            TestGallery copy;
            copy.values.assign(state->row(0), state->row(0) + state->size() * Descriptor::kSize);
            copy.faceIds.assign(state->faceIds().begin(), state->faceIds().end());
            QCOMPARE(idsOf(*state->search(probe, 20, 1)), idsOf(bruteForce(copy, probe, 20)));
        }
    }

    void createTakesTheMatrixWithoutCopying() {
        TestGallery g = synthetic(1'000);
        const float* data = g.values.data();
        auto index = ExactIndex::create(std::move(g.values), std::move(g.faceIds), 42);
        QVERIFY(index.ok());
        QCOMPARE(index->row(0), data);
        QCOMPARE(index->size(), std::size_t(1'000));
        QCOMPARE(index->revision(), qint64(42));
        QCOMPARE(index->memoryBytes(), std::size_t(1'000 * 520));
        QCOMPARE(index->faceId(999), qint64(1000 + 3 * 999));
    }

    void refusesBadInput() {
        TestGallery g = synthetic(10);
        auto sizes =
            ExactIndex::create(std::vector<float>(g.values.begin(), g.values.end() - 1), g.faceIds);
        QVERIFY(!sizes.ok());
        QCOMPARE(sizes.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(sizes.errorMessage().contains(QStringLiteral("1279 floats")),
                 qPrintable(sizes.errorMessage()));

        g.values[3 * 128 + 17] = std::numeric_limits<float>::quiet_NaN();
        auto nan = ExactIndex::create(g.values, g.faceIds);
        QVERIFY(!nan.ok());
        QCOMPARE(nan.errorMessage(),
                 QStringLiteral("descriptor of face 1009 has a value that is not a finite number"));

        const ExactIndex index = indexOf(synthetic(10));
        const Descriptor probe = SyntheticDescriptors(1).descriptor(3);
        QCOMPARE(index.search(probe, 0).errorMessage(),
                 QStringLiteral("k must be at least 1, not 0"));
        QVERIFY(!index.search(probe, -5).ok());
        QVERIFY(index.search(probe, 1, 0)
                    .errorMessage()
                    .startsWith(QStringLiteral("threads must be between 1 and")));
        QVERIFY(!index.searchMany({probe}, 0).ok());
        QVERIFY(!index.rankRows(probe, {1}, 0).ok());
        Descriptor bad = probe;
        bad.values[100] = std::numeric_limits<float>::infinity();
        QCOMPARE(index.search(bad, 1).errorMessage(),
                 QStringLiteral("probe descriptor has a value that is not a finite number"));
        QCOMPARE(index.searchMany({probe, bad}, 1).errorMessage(),
                 QStringLiteral("probe 1 has a value that is not a finite number"));
    }

    void emptyGallery() {
        const ExactIndex empty;
        auto hits = empty.search(SyntheticDescriptors().descriptor(0), 20, 2);
        QVERIFY(hits.ok());
        QVERIFY(hits->empty());
        auto created = ExactIndex::create({}, {}, 3);
        QVERIFY(created.ok());
        QCOMPARE(created->size(), std::size_t(0));
        auto many = created->searchMany({SyntheticDescriptors().descriptor(0)}, 5, 1);
        QVERIFY(many.ok());
        QCOMPARE(many->size(), std::size_t(1));
        QVERIFY(many->front().empty());
    }
};

QTEST_GUILESS_MAIN(TestExactIndex)
#include "test_exact_index.moc"
