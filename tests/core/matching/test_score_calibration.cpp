#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>

#include "matching/fmr_wording.h"
#include "matching/score_calibration.h"

using namespace facecase;

namespace {

// n impostor distances spread evenly over (0, 1]: the empirical FMR at distance i/n is i/n.
std::vector<double> uniformDistances(int n, double scale = 1.0) {
    std::vector<double> d(std::size_t(n), 0.0);
    for (int i = 0; i < n; ++i) d[std::size_t(i)] = scale * double(i + 1) / double(n);
    // Shuffled order: the constructor must sort.
    for (std::size_t i = 0; i + 1 < d.size(); i += 2) std::swap(d[i], d[i + 1]);
    return d;
}

// Normal deviates by inverse transform of evenly spaced probabilities: a deterministic
// "sample" with known quantiles.
std::vector<double> normalQuantiles(int n, double mean, double sd) {
    std::vector<double> d;
    for (int i = 0; i < n; ++i) {
        const double p = (double(i) + 0.5) / double(n);
        // Acklam-free: bisection on erfc is plenty for a test.
        double lo = -10, hi = 10;
        for (int it = 0; it < 80; ++it) {
            const double mid = (lo + hi) / 2;
            (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
        }
        d.push_back(mean + sd * (lo + hi) / 2);
    }
    return d;
}

CalibrationSource testSource() {
    return {QStringLiteral("synthetic test distances"), QStringLiteral("uniform"),
            QStringLiteral("test-model"), QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC)};
}

}  // namespace

class TestScoreCalibration : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void empiricalRateAtKnownQuantiles() {
        auto c = ScoreCalibration::fromImpostorDistances(uniformDistances(1'000'000));
        QVERIFY(c.ok());
        QCOMPARE(c->impostorPairs(), qint64(1'000'000));
        QVERIFY(c->table().size() <= std::size_t(ScoreCalibration::kTablePoints));
        QVERIFY(c->table().size() >= 150);
        for (double d : {1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.9, 1.0}) {
            const FmrEstimate e = c->fmrAt(d);
            QVERIFY(!e.beyondData);
            QVERIFY2(std::abs(e.fmr - d) <= 0.02 * d + 1e-12,
                     qPrintable(QStringLiteral("%1 -> %2").arg(d).arg(e.fmr)));
        }
        QCOMPARE(c->fmrAt(5.0).fmr, 1.0);
        // Normal distances: FMR at mean - 3 sd is Phi(-3) = 0.00135.
        auto normal = ScoreCalibration::fromImpostorDistances(normalQuantiles(200'000, 0.82, 0.09));
        QVERIFY(normal.ok());
        QVERIFY(std::abs(normal->fmrAt(0.82 - 3 * 0.09).fmr - 0.0013499) < 0.00004);
        QVERIFY(std::abs(normal->fmrAt(0.82).fmr - 0.5) < 0.003);
    }

    void monotone() {
        auto c = ScoreCalibration::fromImpostorDistances(normalQuantiles(50'000, 0.8, 0.1));
        QVERIFY(c.ok());
        double previous = 0;
        for (double d = 0; d <= 1.6; d += 0.0005) {
            const double fmr = c->fmrAt(d).fmr;
            QVERIFY2(fmr >= previous, qPrintable(QString::number(d)));
            previous = fmr;
        }
        for (std::size_t i = 1; i < c->table().size(); ++i) {
            QVERIFY(c->table()[i].first > c->table()[i - 1].first);
            QVERIFY(c->table()[i].second >= c->table()[i - 1].second);
        }
    }

    void beyondTheData() {
        auto c = ScoreCalibration::fromImpostorDistances(uniformDistances(1'000, 0.5));
        QVERIFY(c.ok());
        const FmrEstimate below = c->fmrAt(0.0001);
        QVERIFY(below.beyondData);
        QCOMPARE(below.fmr, 1.0 / 1'000);
        QVERIFY(!c->fmrAt(0.0005).beyondData);  // the closest pair itself is data
        QCOMPARE(FmrWording::rate(below),
                 QStringLiteral("Fewer than 1 in 1,000 different people score this close"));
        QCOMPARE(FmrWording::expected(below.fmr * 300'000, 300'000, below.beyondData),
                 QStringLiteral("In a gallery of 300,000 expect fewer than 300 false candidates this close"));
    }

    void thresholdsWhereTheDataReaches() {
        std::vector<double> genuine;
        for (int i = 0; i < 1'000; ++i)
            genuine.push_back(0.0005 * (i + 1));  // evenly over (0, 0.5]
        auto c = ScoreCalibration::fromImpostorDistances(uniformDistances(10'000), genuine);
        QVERIFY(c.ok());
        QCOMPARE(c->thresholds().size(), std::size_t(4));  // 1e-1 .. 1e-4: 1e-5 x 10,000 < 1 pair
        auto t3 = c->thresholdFor(1e-3);
        QVERIFY(t3.has_value());
        QCOMPARE(t3->distance, 11.0 / 10'000);  // "match" below it accepts 10 of 10,000 impostors
        QCOMPARE(t3->genuineMatchRate, 2.0 / 1'000);  // genuine 0.0005 and 0.0010 are below 0.0011
        QVERIFY(!c->thresholdFor(1e-5).has_value());
        auto none = ScoreCalibration::fromImpostorDistances(uniformDistances(10'000));
        QVERIFY(none.ok());
        QCOMPARE(none->thresholdFor(1e-1)->genuineMatchRate, -1.0);
    }

    void expectedCandidatesAndWords() {
        // 400,000 impostors evenly over (0, 1]: FMR(d) = d, so d = 1/40,000 is "1 in 40,000".
        auto c = ScoreCalibration::fromImpostorDistances(uniformDistances(400'000));
        QVERIFY(c.ok());
        const double d = 1.0 / 40'000;
        QVERIFY(std::abs(c->expectedFalseCandidates(d, 300'000) - 7.5) < 1e-6);
        // The words come from FmrWording, the one wording the app, the CLI and the report share.
        const auto words = [&](double distance, std::size_t n) -> QString {
            return FmrWording::rate(c->fmrAt(distance)) + QStringLiteral("; ") +
                   FmrWording::expected(c->expectedFalseCandidates(distance, n), n,
                                        c->fmrAt(distance).beyondData);
        };
        QCOMPARE(words(d, 300'000),
                 QStringLiteral("1 in 40,000 different people score this close; In a gallery of "
                                "300,000 expect ~7.5 false candidates this close"));
        QCOMPARE(words(0.25, 300'000),
                 QStringLiteral("25% of different people score this close; In a gallery of "
                                "300,000 expect ~75,000 false candidates this close"));
        QCOMPARE(words(0.05, 1'000),
                 QStringLiteral("5.0% of different people score this close; In a gallery of "
                                "1,000 expect ~50 false candidates this close"));
        QCOMPARE(words(3.0 / 400'000, 1'000),
                 QStringLiteral("1 in 130,000 different people score this close; In a gallery of "
                                "1,000 expect ~0.0075 false candidates this close"));
        QCOMPARE(FmrWording::shortRate(c->fmrAt(0.0)), QStringLiteral("< 1 in 400,000"));
    }

    void ties() {
        std::vector<double> d(1'000, 0.7);
        d.push_back(0.5);
        auto c = ScoreCalibration::fromImpostorDistances(d);
        QVERIFY(c.ok());
        QCOMPARE(c->table().size(), std::size_t(2));
        QCOMPARE(c->fmrAt(0.5).fmr, 1.0 / 1'001);
        QCOMPARE(c->fmrAt(0.7).fmr, 1.0);
        QVERIFY(c->fmrAt(0.6).fmr > 1.0 / 1'001 && c->fmrAt(0.6).fmr < 1.0);
    }

    void jsonRoundTrip() {
        std::vector<double> genuine{0.3, 0.35, 0.4, 0.45, 0.5};
        auto c = ScoreCalibration::fromImpostorDistances(normalQuantiles(20'000, 0.82, 0.09),
                                                         genuine, testSource());
        QVERIFY(c.ok());
        const QString path = m_dir.filePath(QStringLiteral("calibration.json"));
        QVERIFY(c->save(path).ok());
        auto loaded = ScoreCalibration::load(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        QCOMPARE(loaded->table(), c->table());
        QCOMPARE(loaded->thresholds().size(), c->thresholds().size());
        for (std::size_t i = 0; i < c->thresholds().size(); ++i) {
            QCOMPARE(loaded->thresholds()[i].distance, c->thresholds()[i].distance);
            QCOMPARE(loaded->thresholds()[i].fmr, c->thresholds()[i].fmr);
            QCOMPARE(loaded->thresholds()[i].genuineMatchRate, c->thresholds()[i].genuineMatchRate);
        }
        QCOMPARE(loaded->impostorPairs(), qint64(20'000));
        QCOMPARE(loaded->genuinePairs(), qint64(5));
        QCOMPARE(loaded->source().provenance, QStringLiteral("synthetic test distances"));
        QCOMPARE(loaded->source().dataset, QStringLiteral("uniform"));
        QCOMPARE(loaded->source().modelId, QStringLiteral("test-model"));
        QCOMPARE(loaded->source().created, testSource().created);
        for (double d : {0.4, 0.55, 0.7, 0.82, 1.0}) {
            QCOMPARE(loaded->fmrAt(d).fmr, c->fmrAt(d).fmr);
            QCOMPARE(loaded->fmrAt(d).beyondData, c->fmrAt(d).beyondData);
        }
    }

    void refusesBadFiles_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{ nope") << "not valid JSON";
        QTest::newRow("array") << QByteArray("[1, 2]") << "not a JSON object";
        QTest::newRow("other format") << QByteArray(R"({"format": "something-else", "version": 1})")
                                      << "not a FaceCase score calibration";
        QTest::newRow("newer version")
            << QByteArray(R"({"format": "facecase-score-calibration", "version": 2})")
            << "calibration format version 2, this build reads version 1";
        const QByteArray head =
            R"({"format": "facecase-score-calibration", "version": 1, "created": "2026-01-02T03:04:05Z", )";
        QTest::newRow("no impostors")
            << head + R"("impostor_pairs": 0, "genuine_pairs": 0, "table": [[0.5, 1]]})"
            << "\"impostor_pairs\" must be a whole number of at least 1";
        QTest::newRow("no table") << head +
                                         R"("impostor_pairs": 10, "genuine_pairs": 0, "table": []})"
                                  << "\"table\" has no points";
        QTest::newRow("decreasing fmr")
            << head +
                   R"("impostor_pairs": 10, "genuine_pairs": 0, "table": [[0.5, 0.5], [0.6, 0.4]]})"
            << "table point 1: distances must increase and FMRs never decrease";
        QTest::newRow("fmr above 1")
            << head + R"("impostor_pairs": 10, "genuine_pairs": 0, "table": [[0.5, 1.5]]})"
            << "table point 0 is not [distance >= 0, 0 < FMR <= 1]";
        QTest::newRow("bad date")
            << QByteArray(
                   R"({"format": "facecase-score-calibration", "version": 1, "created": "yesterday", "impostor_pairs": 10, "genuine_pairs": 0, "table": [[0.5, 1]]})")
            << "\"created\" is not an ISO 8601 date";
    }
    void refusesBadFiles() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString path = m_dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        auto loaded = ScoreCalibration::load(path);
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.errorMessage().startsWith(path + QStringLiteral(": ")),
                 qPrintable(loaded.errorMessage()));
        QVERIFY2(loaded.errorMessage().contains(message), qPrintable(loaded.errorMessage()));
    }

    void refusesBadDistances() {
        QVERIFY(!ScoreCalibration::fromImpostorDistances({}).ok());
        auto nan = ScoreCalibration::fromImpostorDistances(
            {0.5, std::numeric_limits<double>::quiet_NaN()});
        QVERIFY(!nan.ok());
        QVERIFY2(nan.errorMessage().startsWith(QStringLiteral("impostor distance 1 is")),
                 qPrintable(nan.errorMessage()));
        auto negative = ScoreCalibration::fromImpostorDistances({0.5}, {-0.1});
        QVERIFY(!negative.ok());
        QVERIFY(negative.errorMessage().startsWith(QStringLiteral("genuine distance 0 is")));
        auto missing = ScoreCalibration::load(m_dir.filePath(QStringLiteral("missing.json")));
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestScoreCalibration)
#include "test_score_calibration.moc"
