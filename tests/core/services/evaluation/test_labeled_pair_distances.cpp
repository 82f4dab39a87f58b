// Every pair, split right: checked against a double-precision brute force on descriptors spread
// like real ones, with identities that are not contiguous (so that a "same block means same
// person" shortcut would fail), on 1 and several threads.
#include <QTest>
#include <algorithm>
#include <cmath>
#include <random>

#include "services/evaluation/labeled_pair_distances.h"

using namespace facecase;

namespace {

struct LabeledSet {
    std::vector<Descriptor> descriptors;
    std::vector<int> identities;
};

// `people` identities with 1..5 photos each, every photo its identity's centre plus noise (so
// same-person pairs are closer), labels interleaved rather than grouped.
LabeledSet makeSet(int people, unsigned seed) {
    std::mt19937 random(seed);
    std::normal_distribution<float> spread(0.f, 0.09f), noise(0.f, 0.025f);
    std::uniform_int_distribution<int> photos(1, 5);
    LabeledSet set;
    std::vector<Descriptor> centres(static_cast<std::size_t>(people));
    for (Descriptor& c : centres)
        for (float& v : c.values) v = spread(random);
    for (int p = 0; p < people; ++p) {
        const int count = photos(random);
        for (int i = 0; i < count; ++i) {
            Descriptor d = centres[std::size_t(p)];
            for (float& v : d.values) v += noise(random);
            set.descriptors.push_back(d);
            set.identities.push_back(p * 7 % people);  // labels need not be 0..n-1 in order
        }
    }
    // Interleave: a stable shuffle of the rows.
    std::vector<std::size_t> order(set.descriptors.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), random);
    LabeledSet shuffled;
    for (std::size_t i : order) {
        shuffled.descriptors.push_back(set.descriptors[i]);
        shuffled.identities.push_back(set.identities[i]);
    }
    return shuffled;
}

std::vector<double> sorted(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

class TestLabeledPairDistances : public QObject {
    Q_OBJECT

private slots:
    void matchesBruteForce_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("1 thread") << 1;
        QTest::newRow("3 threads") << 3;
    }
    void matchesBruteForce() {
        QFETCH(int, threads);
        const LabeledSet set = makeSet(150, 7);
        const std::size_t n = set.descriptors.size();
        std::vector<double> impostor, genuine;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j)
                (set.identities[i] == set.identities[j] ? genuine : impostor)
                    .push_back(set.descriptors[i].distanceTo(set.descriptors[j]));
        QVERIFY(!genuine.empty());

        auto pairs = LabeledPairDistances::compute(set.descriptors, set.identities, threads);
        QVERIFY2(pairs.ok(), qPrintable(pairs.errorMessage()));
        QCOMPARE(pairs->impostor.size() + pairs->genuine.size(), n * (n - 1) / 2);
        QCOMPARE(pairs->impostor.size(), impostor.size());
        QCOMPARE(pairs->genuine.size(), genuine.size());
        // Float arithmetic (as a search does it) against double: equal to ~1e-6.
        const auto a = sorted(pairs->impostor), b = sorted(impostor);
        for (std::size_t i = 0; i < a.size(); ++i) QVERIFY(std::abs(a[i] - b[i]) < 1e-5);
        const auto c = sorted(pairs->genuine), d = sorted(genuine);
        for (std::size_t i = 0; i < c.size(); ++i) QVERIFY(std::abs(c[i] - d[i]) < 1e-5);
        // The labels matter: same-person pairs are much closer here.
        QVERIFY(d.back() < b[b.size() / 2]);
    }

    void sameResultOnAnyThreadCount() {
        const LabeledSet set = makeSet(400, 11);
        auto one = LabeledPairDistances::compute(set.descriptors, set.identities, 1);
        auto two = LabeledPairDistances::compute(set.descriptors, set.identities, 2);
        auto five = LabeledPairDistances::compute(set.descriptors, set.identities, 5);
        QVERIFY(one.ok() && two.ok() && five.ok());
        QVERIFY(sorted(one->impostor) == sorted(two->impostor));
        QVERIFY(sorted(one->impostor) == sorted(five->impostor));
        QVERIFY(sorted(one->genuine) == sorted(five->genuine));
    }

    // Which thread runs which rows is up to the scheduler, so only on one thread is the number
    // of calls fixed; on any, the calls rise and end at the total exactly once.
    void progressEndsAtTotalOnce_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("1 thread") << 1;
        QTest::newRow("2 threads") << 2;
    }
    void progressEndsAtTotalOnce() {
        QFETCH(int, threads);
        const LabeledSet set = makeSet(300, 3);
        const auto n = qint64(set.descriptors.size());
        qint64 last = -1, finals = 0, calls = 0;
        bool monotone = true;
        auto pairs = LabeledPairDistances::compute(set.descriptors, set.identities, threads,
                                                   [&](qint64 done, qint64 total) {
                                                       QCOMPARE(total, n * (n - 1) / 2);
                                                       monotone = monotone && done >= last;
                                                       last = done;
                                                       finals += done == total;
                                                       ++calls;
                                                   });
        QVERIFY(pairs.ok());
        QVERIFY(monotone);
        QCOMPARE(last, n * (n - 1) / 2);
        QCOMPARE(finals, qint64(1));
        if (threads == 1) QVERIFY(calls > 10);  // ~900 rows: reported as they go, not at the end
    }

    void tinyAndEmptySets() {
        auto none = LabeledPairDistances::compute({}, {}, 2);
        QVERIFY(none.ok());
        QVERIFY(none->impostor.empty() && none->genuine.empty());
        Descriptor a, b;
        b.values[0] = 3.f;
        b.values[1] = 4.f;
        auto two = LabeledPairDistances::compute({a, b}, {1, 2}, 4);
        QVERIFY(two.ok());
        QCOMPARE(two->impostor, std::vector<double>{5.0});
        QVERIFY(two->genuine.empty());
    }

    void cancelled() {
        const LabeledSet set = makeSet(300, 5);
        const std::atomic_bool cancel{true};
        auto pairs = LabeledPairDistances::compute(set.descriptors, set.identities, 2, {}, &cancel);
        QVERIFY(!pairs.ok());
        QCOMPARE(pairs.error().kind, Error::Kind::Cancelled);
    }

    void refusesBadInput() {
        Descriptor bad;
        bad.values[5] = std::nanf("");
        auto notFinite = LabeledPairDistances::compute({Descriptor{}, bad}, {0, 1}, 1);
        QVERIFY(!notFinite.ok());
        QVERIFY(notFinite.errorMessage().contains(QStringLiteral("descriptor 1")));
        auto sizes = LabeledPairDistances::compute({Descriptor{}}, {0, 1}, 1);
        QVERIFY(!sizes.ok());
        QCOMPARE(sizes.error().kind, Error::Kind::InvalidInput);
        auto threads = LabeledPairDistances::compute({Descriptor{}}, {0}, 0);
        QVERIFY(!threads.ok());
    }
};

QTEST_GUILESS_MAIN(TestLabeledPairDistances)
#include "test_labeled_pair_distances.moc"
