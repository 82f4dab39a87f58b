#include <QTest>

#include "matching/top_k_selector.h"

using namespace facecase;

class TestTopKSelector : public QObject {
    Q_OBJECT

private slots:
    void keepsTheSmallestInOrder() {
        TopKSelector s(3);
        QCOMPARE(s.worst(), std::numeric_limits<float>::infinity());
        for (std::uint32_t row = 0; row < 10; ++row) s.offer({float((row * 7) % 10), row});
        QCOMPARE(s.worst(), 2.0f);
        const auto sorted = s.takeSorted();
        QCOMPARE(sorted.size(), std::size_t(3));
        QCOMPARE(sorted[0].row, 0u);  // distance 0
        QCOMPARE(sorted[1].row, 3u);  // distance 1
        QCOMPARE(sorted[2].row, 6u);  // distance 2
        QCOMPARE(s.size(), std::size_t(0));
    }

    void tiesPreferLowerRows() {
        TopKSelector a(2), b(2);
        a.offer({1.0f, 9});
        a.offer({1.0f, 4});
        b.offer({1.0f, 2});
        b.offer({1.0f, 7});
        a.merge(b);
        const auto sorted = a.takeSorted();
        QCOMPARE(sorted[0].row, 2u);
        QCOMPARE(sorted[1].row, 4u);
    }

    void zeroKeepsNothing() {
        TopKSelector s(0);
        s.offer({1.0f, 1});
        QCOMPARE(s.size(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestTopKSelector)
#include "test_top_k_selector.moc"
