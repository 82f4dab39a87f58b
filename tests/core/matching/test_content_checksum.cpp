#include <QTest>

#include "matching/content_checksum.h"

using namespace facecase;

class TestContentChecksum : public QObject {
    Q_OBJECT

private slots:
    // Reference values from the xxHash library (libxxhash 0.8.1, XXH64) over bytes
    // i * 31 + 7: every code path (under 4, 8 and 32 bytes, whole stripes, tails).
    void matchesXxh64_data() {
        QTest::addColumn<int>("length");
        QTest::addColumn<quint64>("expected");
        QTest::newRow("0") << 0 << Q_UINT64_C(0xef46db3751d8e999);
        QTest::newRow("1") << 1 << Q_UINT64_C(0xa96c7f0ce858bbb7);
        QTest::newRow("3") << 3 << Q_UINT64_C(0x56e6957632a487f9);
        QTest::newRow("4") << 4 << Q_UINT64_C(0xc60d15b1e3ff8f04);
        QTest::newRow("7") << 7 << Q_UINT64_C(0xafbefc3d6c6f9a8e);
        QTest::newRow("8") << 8 << Q_UINT64_C(0x3da5c7aa269683e0);
        QTest::newRow("31") << 31 << Q_UINT64_C(0x4a74f3a1a39ad4a1);
        QTest::newRow("32") << 32 << Q_UINT64_C(0x8d57d6a4671cc43d);
        QTest::newRow("33") << 33 << Q_UINT64_C(0x62c9fd21ed857664);
        QTest::newRow("63") << 63 << Q_UINT64_C(0x5c320a0d2707057f);
        QTest::newRow("64") << 64 << Q_UINT64_C(0x7bbabbc45729d17e);
        QTest::newRow("100") << 100 << Q_UINT64_C(0xefa0ad2d3e70c151);
        QTest::newRow("1000") << 1000 << Q_UINT64_C(0x99594f4828043d35);
    }
    void matchesXxh64() {
        QFETCH(int, length);
        QFETCH(quint64, expected);
        unsigned char bytes[1000];
        for (int i = 0; i < 1000; ++i) bytes[i] = static_cast<unsigned char>(i * 31 + 7);
        QCOMPARE(quint64(ContentChecksum::of(bytes, std::size_t(length))), expected);
        // Fed in growing pieces (1, 3, 7, ... bytes): the same value.
        ContentChecksum pieces;
        for (std::size_t offset = 0, step = 1; offset < std::size_t(length); step = step * 2 + 1) {
            const std::size_t take = std::min(step, std::size_t(length) - offset);
            pieces.add(bytes + offset, take);
            offset += take;
        }
        QCOMPARE(quint64(pieces.value()), expected);
    }

    void seed() {
        const char text[] = "abc";
        QCOMPARE(quint64(ContentChecksum::of(text, 3)), Q_UINT64_C(0x44bc2cf5ad770999));
        QVERIFY(ContentChecksum::of(text, 3, 42) != ContentChecksum::of(text, 3));
    }
};

QTEST_GUILESS_MAIN(TestContentChecksum)
#include "test_content_checksum.moc"
