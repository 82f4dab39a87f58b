// IdentificationMetrics on hand-made searches: CMC, rank hit rates, FNIR at FPIR and the
// resolvability of a target FPIR with few non-mated searches.
#include "evaluation/identification_metrics.h"

#include <QTest>

using namespace facecase;

class TestIdentificationMetrics : public QObject {
    Q_OBJECT

    // Five mated searches: three mates at rank 1 (0.3, 0.402, 0.7), one at rank 2, one missed.
    static std::vector<MatedSearch> mated() {
        return {{1, 0.3}, {1, 0.402}, {2, 0.4}, {0, 0}, {1, 0.7}};
    }
    // 100 non-mated searches, nearest distances 0.400, 0.405, ..., 0.895.
    static std::vector<double> nonMated() {
        std::vector<double> d;
        for (int i = 0; i < 100; ++i) d.push_back(0.40 + 0.005 * i);
        return d;
    }

private slots:
    void cmcAndRanks() {
        auto r = IdentificationMetrics::evaluate(mated(), nonMated(), 10, 3, {});
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->gallerySize, 10);
        QCOMPARE(r->matedSearches, 5);
        QCOMPARE(r->nonMatedSearches, 100);
        QCOMPARE(r->cmc, (std::vector<double>{0.6, 0.8, 0.8}));
        QCOMPARE(r->rank1, 0.6);
        QCOMPARE(r->rank10, 0.8);  // capped at the deepest rank measured
    }

    void fnirAtFpir() {
        auto r = IdentificationMetrics::evaluate(mated(), nonMated(), 10, 3, {0.01, 0.003});
        QVERIFY(r.ok());
        QCOMPARE(r->fnirAtFpir.size(), std::size_t(2));
        const FnirAtFpir& at1 = r->fnirAtFpir[0];
        // One non-mated search (0.400) may return a candidate: T = 0.405.
        QVERIFY(at1.resolvable);
        QCOMPARE(at1.threshold, 0.40 + 0.005);
        QCOMPARE(at1.fpir, 0.01);
        QCOMPARE(at1.fnir, 0.6);  // rank-1 mates below 0.405: 0.3 and 0.402
        const FnirAtFpir& at03 = r->fnirAtFpir[1];
        // 0.003 x 100 < 1: no false positive allowed; marked unresolvable.
        QVERIFY(!at03.resolvable);
        QCOMPARE(at03.threshold, 0.40);
        QCOMPARE(at03.fpir, 0.0);
        QCOMPARE(at03.fnir, 0.8);
    }

    void tiesNeverExceedTheTarget() {
        const std::vector<double> tied(200, 0.5);
        const FnirAtFpir f = IdentificationMetrics::atFpir(mated(), tied, 0.01);
        QVERIFY(f.resolvable);
        QCOMPARE(f.fpir, 0.0);  // accepting any would accept all 200
        QCOMPARE(f.fnir, 0.6);  // only 0.3 and 0.402 are rank-1 mates below 0.5
    }

    void refusesBadInput() {
        QVERIFY(!IdentificationMetrics::evaluate({}, nonMated(), 10, 3, {}).ok());
        QVERIFY(!IdentificationMetrics::evaluate(mated(), nonMated(), 0, 3, {}).ok());
        QVERIFY(!IdentificationMetrics::evaluate({{4, 0.1}}, nonMated(), 10, 3, {}).ok());
        // No non-mated searches: FPIR targets reported, never resolvable.
        auto r = IdentificationMetrics::evaluate(mated(), {}, 10, 3, {0.01});
        QVERIFY(r.ok());
        QVERIFY(!r->fnirAtFpir[0].resolvable);
    }
};

QTEST_APPLESS_MAIN(TestIdentificationMetrics)
#include "test_identification_metrics.moc"
