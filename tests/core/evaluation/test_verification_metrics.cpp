#include "evaluation/verification_metrics.h"

#include <QTest>

#include <limits>

using namespace facecase;

namespace {
ScoredTrial trial(double d, bool same, int fold = 0) { return {d, same, fold}; }
}  // namespace

class TestVerificationMetrics : public QObject {
    Q_OBJECT
private slots:
    void perfectSeparation() {
        std::vector<ScoredTrial> t;
        for (int i = 0; i < 10; ++i) {
            t.push_back(trial(0.2 + 0.01 * i, true, i % 5));
            t.push_back(trial(0.8 + 0.01 * i, false, i % 5));
        }
        const VerificationReport r = VerificationMetrics::evaluate(t);
        QCOMPARE(r.pairs, 20);
        QCOMPARE(r.auc, 1.0);
        QCOMPARE(r.accuracy, 1.0);
        QCOMPARE(r.accuracyAtThreshold, 1.0);
        QVERIFY(r.threshold > 0.29 && r.threshold < 0.8);
        QCOMPARE(r.tarAtFar, 1.0);  // no impostor below 0.8
        QCOMPARE(r.foldThresholds.size(), std::size_t(5));
    }

    void overlapCountsErrorsAndTies() {
        // genuine: 0.1 0.5 ; impostor: 0.4 0.5 0.9
        std::vector<ScoredTrial> t{trial(0.1, true), trial(0.5, true), trial(0.4, false),
                                   trial(0.5, false), trial(0.9, false)};
        // pairs (g,i): 0.1 beats all 3; 0.5 beats 0.9, ties 0.5 (half), loses to 0.4 => 4.5/6
        QCOMPARE(VerificationMetrics::rocAuc(t), 4.5 / 6.0);
        const double best = VerificationMetrics::bestThreshold(t);
        QCOMPARE(VerificationMetrics::accuracyAt(t, best), 0.8);
    }

    void failedDetectionsCountAsDifferent() {
        const double inf = std::numeric_limits<double>::infinity();
        std::vector<ScoredTrial> t{trial(0.3, true), trial(inf, true), trial(0.9, false), trial(inf, false)};
        const double best = VerificationMetrics::bestThreshold(t);
        QCOMPARE(VerificationMetrics::accuracyAt(t, best), 0.75);
    }

    void tarAtFarAllowsOnlyThatManyImpostors() {
        std::vector<ScoredTrial> t;
        for (int i = 0; i < 1000; ++i) t.push_back(trial(0.5 + i * 0.001, false));
        t.push_back(trial(0.45, true));
        t.push_back(trial(0.5005, true));  // above the single allowed impostor at FAR 1e-3
        t.push_back(trial(0.6, true));
        const VerificationReport r = VerificationMetrics::evaluate(t, 1e-3);
        QCOMPARE(r.thresholdAtFar, 0.501);  // one impostor (0.5) accepted of 1000
        QCOMPARE(r.tarAtFar, 2.0 / 3.0);
    }
};

QTEST_GUILESS_MAIN(TestVerificationMetrics)
#include "test_verification_metrics.moc"
