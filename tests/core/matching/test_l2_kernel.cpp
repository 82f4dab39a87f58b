#include <QTest>
#include <cmath>

#include "matching/l2_kernel.h"
#include "matching/synthetic_descriptors.h"

using namespace facecase;

class TestL2Kernel : public QObject {
    Q_OBJECT

private slots:
    void agreesWithDoublePrecision() {
        const std::vector<float> m = SyntheticDescriptors(3).matrix(200);
        for (std::size_t i = 0; i + 1 < 200; ++i) {
            const float* a = m.data() + i * 128;
            const float* b = m.data() + (i + 1) * 128;
            double reference = 0;
            for (int j = 0; j < 128; ++j)
                reference += (double(a[j]) - double(b[j])) * (double(a[j]) - double(b[j]));
            QVERIFY(std::abs(double(L2Kernel::squaredDistance(a, b)) - reference) <
                    1e-6 * reference + 1e-9);
        }
        QCOMPARE(L2Kernel::squaredDistance(m.data(), m.data()), 0.0f);
    }

    // The batch kernel's four-rows-at-a-time loop and its tail must give the single-pair bits,
    // whatever the alignment of the rows.
    void batchEqualsSinglePairs() {
        const std::vector<float> m = SyntheticDescriptors(4).matrix(64);
        std::vector<float> shifted(m.size() + 1);
        std::copy(m.begin(), m.end(),
                  shifted.begin() + 1);  // rows 4 bytes off their usual alignment
        const Descriptor probe = SyntheticDescriptors(5).descriptor(0);
        for (const float* rows : std::initializer_list<const float*>{m.data(), shifted.data() + 1})
            for (std::size_t count : {0u, 1u, 3u, 4u, 7u, 64u}) {
                std::vector<float> out(count, -1.0f);
                L2Kernel::squaredDistances(probe.values.data(), rows, count, out.data());
                for (std::size_t i = 0; i < count; ++i)
                    QCOMPARE(out[i],
                             L2Kernel::squaredDistance(probe.values.data(), rows + i * 128));
            }
    }

    void reportsItsInstructionSet() {
        const QString isa = QString::fromLatin1(L2Kernel::instructionSet());
        QVERIFY(isa == QLatin1String("avx512f") || isa == QLatin1String("avx2") ||
                isa == QLatin1String("sse2"));
    }
};

QTEST_GUILESS_MAIN(TestL2Kernel)
#include "test_l2_kernel.moc"
