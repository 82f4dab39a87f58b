// AgencyPolicy: the issue's defaults, every setting's bounds, and the cross-setting rule.
#include <QTest>

#include "policy/agency_policy.h"

using namespace facecase;

class TestAgencyPolicy : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreTheIssues() {
        const AgencyPolicy policy;
        QCOMPARE(policy.minCandidates, 5);
        QCOMPARE(policy.maxCandidates, 100);
        QCOMPARE(policy.defaultCandidates, 20);
        QCOMPARE(policy.maxFalseMatchRate(), 1e-4);
        QCOMPARE(policy.minEyeDistancePx, 20);
        QVERIFY(!policy.secondReviewerRequired);
        QCOMPARE(policy.exportCandidateImages, AgencyPolicy::CandidateImages::Originals);
        QVERIFY(policy.checkConsistent().ok());
        // Every setting has a text form that reads back to the same policy.
        for (const AgencyPolicy::Setting& s : AgencyPolicy::settings()) {
            auto again = policy.with(s.key, policy.valueText(s.key));
            QVERIFY2(again.ok(), qPrintable(s.key + again.errorMessage()));
            QVERIFY(*again == policy);
            QVERIFY(!s.description.isEmpty());
        }
    }

    void boundsHold_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");  // empty: accepted
        QTest::newRow("min 5") << "search.min_candidates" << "5" << "";
        QTest::newRow("min 4: never fewer than 5 leads") << "search.min_candidates" << "4"
                                                         << "a whole number from 5 to 100";
        QTest::newRow("max 101") << "search.max_candidates" << "101" << "from 5 to 100";
        QTest::newRow("max below default") << "search.max_candidates" << "10"
                                           << "candidate list lengths must keep";
        QTest::newRow("default 50") << "search.default_candidates" << " 50 " << "";
        QTest::newRow("fmr 1 in 100") << "search.max_false_match_one_in" << "100"
                                      << "from 1,000 to 10,000,000";
        QTest::newRow("fmr 1 in 1,000,000") << "search.max_false_match_one_in" << "1000000" << "";
        QTest::newRow("fmr text") << "search.max_false_match_one_in" << "1e4" << "a whole number";
        QTest::newRow("eyes 19 px") << "probe.min_eye_distance_px" << "19" << "from 20 to 80";
        QTest::newRow("retention 0") << "retention.days_after_close" << "0" << "from 1 to 36,500";
        QTest::newRow("second reviewer") << "review.second_reviewer" << "required" << "";
        QTest::newRow("second reviewer yes") << "review.second_reviewer" << "yes"
                                             << "one of: off, required";
        QTest::newRow("chips") << "export.candidate_images" << "aligned_chips" << "";
        QTest::newRow("unknown") << "search.threshold" << "1" << "unknown policy setting";
    }
    void boundsHold() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, message);
        auto next = AgencyPolicy().with(key, value);
        if (message.isEmpty()) {
            QVERIFY2(next.ok(), qPrintable(next.errorMessage()));
            QCOMPARE(next->valueText(key), value.trimmed());
        } else {
            QVERIFY(!next.ok());
            QVERIFY2(next.errorMessage().contains(message), qPrintable(next.errorMessage()));
            if (AgencyPolicy::setting(key)) QVERIFY(next.errorMessage().contains(key));
        }
    }

    void valuesReachTheFields() {
        auto policy = AgencyPolicy().with(QStringLiteral("search.max_false_match_one_in"),
                                          QStringLiteral("100000"));
        QVERIFY(policy.ok());
        QCOMPARE(policy->maxFalseMatchRate(), 1e-5);
        policy = policy->with(QStringLiteral("review.second_reviewer"), QStringLiteral("required"));
        QVERIFY(policy.ok() && policy->secondReviewerRequired);
        policy = policy->with(QStringLiteral("export.candidate_images"), QStringLiteral("aligned_chips"));
        QVERIFY(policy.ok());
        QCOMPARE(policy->exportCandidateImages, AgencyPolicy::CandidateImages::AlignedChips);
        QCOMPARE(policy->maxFalseMatchOneIn, 100000);  // earlier changes kept
    }
};

QTEST_GUILESS_MAIN(TestAgencyPolicy)
#include "test_agency_policy.moc"
