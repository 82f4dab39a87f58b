// ErrorTradeoff on hand-made distances whose FMR, FNMR, AUC and operating points are known.
#include "evaluation/error_tradeoff.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace facecase;

class TestErrorTradeoff : public QObject {
    Q_OBJECT

    static ErrorTradeoff make(std::vector<double> genuine, std::vector<double> impostor) {
        auto t = ErrorTradeoff::fromDistances(std::move(genuine), std::move(impostor));
        if (!t) qFatal("%s", qPrintable(t.errorMessage()));
        return std::move(t).value();
    }

private slots:
    void ratesAtAThreshold() {
        // Given unsorted on purpose: the class sorts.
        const ErrorTradeoff t = make({0.7, 0.1, 0.3, 0.2}, {1.0, 0.5, 0.9, 0.6, 0.8});
        QCOMPARE(t.genuineCount(), std::size_t(4));
        QCOMPARE(t.impostorCount(), std::size_t(5));
        QCOMPARE(t.fmrAt(0.6), 0.2);   // only 0.5 is below: 0.6 itself is not accepted
        QCOMPARE(t.fnmrAt(0.6), 0.25);  // 0.7 rejected
        QCOMPARE(t.fmrAt(0.0), 0.0);
        QCOMPARE(t.fnmrAt(0.0), 1.0);
        QCOMPARE(t.fmrAt(2.0), 1.0);
        QCOMPARE(t.fnmrAt(2.0), 0.0);
    }

    void aucCountsWinsAndHalfTies() {
        // Genuine 0.7 beats only the three impostors above it: 18 wins of 20.
        QCOMPARE(make({0.1, 0.2, 0.3, 0.7}, {0.5, 0.6, 0.8, 0.9, 1.0}).auc(), 0.9);
        QCOMPARE(make({0.5}, {0.5}).auc(), 0.5);
        QCOMPARE(make({0.5, 0.5}, {0.5, 0.6}).auc(), 0.75);
        QCOMPARE(make({0.9}, {0.1, 0.2}).auc(), 0.0);
    }

    void bestBalancedPoint() {
        const TradeoffPoint p = make({0.1, 0.2, 0.3, 0.7}, {0.5, 0.6, 0.8, 0.9, 1.0}).bestBalancedPoint();
        // Between 0.3 and 0.5: FMR 0, FNMR 0.25 beats accepting 0.7 (FMR 0.4, FNMR 0).
        QCOMPARE(p.threshold, 0.4);
        QCOMPARE(p.fmr, 0.0);
        QCOMPARE(p.fnmr, 0.25);
    }

    void equalErrorPoint() {
        const TradeoffPoint p = make({0.1, 0.2, 0.3, 0.4}, {0.35, 0.5, 0.6, 0.7}).equalErrorPoint();
        QCOMPARE(p.fmr, 0.25);
        QCOMPARE(p.fnmr, 0.25);
    }

    void pointAtFmr() {
        const ErrorTradeoff t = make({0.1, 0.2, 0.3, 0.7}, {0.5, 0.6, 0.8, 0.9, 1.0});
        QCOMPARE(t.pointAtFmr(0.2).threshold, 0.6);  // one impostor (0.5) may be accepted
        QCOMPARE(t.pointAtFmr(0.2).fmr, 0.2);
        QCOMPARE(t.pointAtFmr(0.1).threshold, 0.5);  // below 1/5: none may
        QCOMPARE(t.pointAtFmr(0.1).fmr, 0.0);
        QCOMPARE(t.pointAtFmr(0.1).fnmr, 0.25);
        QCOMPARE(t.pointAtFmr(1.0).fmr, 1.0);
    }

    void curveIsMonotone() {
        std::vector<double> genuine, impostor;
        for (int i = 0; i < 100; ++i) genuine.push_back(0.3 + 0.004 * i);
        for (int i = 0; i < 10000; ++i) impostor.push_back(0.5 + 0.00005 * i);
        const auto curve = make(genuine, impostor).curve(10, 20);
        QVERIFY(curve.size() > 40);  // 4 decades x 10 + 20 linear, less duplicates
        for (std::size_t i = 1; i < curve.size(); ++i) {
            QVERIFY(curve[i].threshold > curve[i - 1].threshold);
            QVERIFY(curve[i].fmr >= curve[i - 1].fmr);
            QVERIFY(curve[i].fnmr <= curve[i - 1].fnmr);
        }
        QCOMPARE(curve.back().fmr, 1.0);
        QCOMPARE(curve.front().fmr, 0.0);
    }

    void refusesEmptyOrNonFinite() {
        QVERIFY(!ErrorTradeoff::fromDistances({}, {0.5}).ok());
        QVERIFY(!ErrorTradeoff::fromDistances({0.5}, {}).ok());
        QVERIFY(!ErrorTradeoff::fromDistances({std::numeric_limits<double>::quiet_NaN()}, {0.5}).ok());
        QVERIFY(!ErrorTradeoff::fromDistances({0.5}, {std::numeric_limits<double>::infinity()}).ok());
    }
};

QTEST_APPLESS_MAIN(TestErrorTradeoff)
#include "test_error_tradeoff.moc"
