#include "evaluation/pairs_file_reader.h"
#include "support/test_data.h"

#include <QTest>

using namespace facecase;

class TestPairsFileReader : public QObject {
    Q_OBJECT
private slots:
    void readsView1AndDealsFolds() {
        const QByteArray text = "2\nAnn\t1\t2\nBob 1 3\nAnn 1 Bob 2\nCid 4 Dee 1\n";
        auto pairs = PairsFileReader::parse(text, QStringLiteral("p.txt"), 2);
        QVERIFY2(pairs.ok(), qPrintable(pairs.errorMessage()));
        QCOMPARE(pairs->size(), std::size_t(4));
        QVERIFY(pairs->at(0).samePerson);
        QCOMPARE(pairs->at(1).nameB, QStringLiteral("Bob"));
        QCOMPARE(pairs->at(1).imageB, 3);
        QVERIFY(!pairs->at(3).samePerson);
        QCOMPARE(pairs->at(3).nameB, QStringLiteral("Dee"));
        QCOMPARE(pairs->at(0).fold, 0);
        QCOMPARE(pairs->at(1).fold, 1);
        QCOMPARE(pairs->at(2).fold, 0);
    }

    void readsView2FoldsFromFile() {
        const QByteArray text = "2 1\nAnn 1 2\nAnn 1 Bob 2\nCid 1 2\nCid 1 Dee 3\n";
        auto pairs = PairsFileReader::parse(text, QStringLiteral("pairs.txt"));
        QVERIFY2(pairs.ok(), qPrintable(pairs.errorMessage()));
        QCOMPARE(pairs->size(), std::size_t(4));
        QCOMPARE(pairs->at(1).fold, 0);
        QCOMPARE(pairs->at(2).fold, 1);
        QVERIFY(pairs->at(2).samePerson);
        QVERIFY(!pairs->at(3).samePerson);
    }

    void refusesMalformed_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray("\n\n") << QStringLiteral("p.txt: empty pairs file");
        QTest::newRow("bad header") << QByteArray("ten\n")
                                    << QStringLiteral("p.txt line 1: expected a header \"N\" (View 1) or \"folds N\" (View 2), found \"ten\"");
        QTest::newRow("short") << QByteArray("2\nAnn 1 2\n")
                               << QStringLiteral("p.txt: header promises 4 pair lines, file has 1");
        QTest::newRow("bad same line") << QByteArray("1\nAnn 1\nAnn 1 Bob 2\n")
                                       << QStringLiteral("p.txt line 2: expected a same-person pair (\"name i j\"), found \"Ann 1\"");
        QTest::newRow("bad diff line") << QByteArray("1\nAnn 1 2\nAnn x Bob 2\n")
                                       << QStringLiteral("p.txt line 3: expected a different-person pair (\"name1 i name2 j\"), found \"Ann x Bob 2\"");
    }
    void refusesMalformed() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        auto pairs = PairsFileReader::parse(text, QStringLiteral("p.txt"));
        QVERIFY(!pairs.ok());
        QCOMPARE(pairs.errorMessage(), message);
    }

    void missingFileIsNamed() {
        auto pairs = PairsFileReader::read(QStringLiteral("/nonexistent/pairs.txt"));
        QVERIFY(!pairs.ok());
        QCOMPARE(pairs.error().kind, Error::Kind::NotFound);
        QCOMPARE(pairs.errorMessage(), QStringLiteral("/nonexistent/pairs.txt: pairs file not found"));
    }

    void readsRealDevTestFile() {
        FACECASE_REQUIRE_TESTDATA();
        auto pairs = PairsFileReader::read(test::testDataPath(QStringLiteral("lfw-devtest/pairsDevTest.txt")));
        QVERIFY2(pairs.ok(), qPrintable(pairs.errorMessage()));
        QCOMPARE(pairs->size(), std::size_t(1000));
        QCOMPARE(std::count_if(pairs->begin(), pairs->end(), [](auto& p) { return p.samePerson; }), 500);
        QCOMPARE(PairsFileReader::lfwImagePath(QStringLiteral("/r"), pairs->front().nameA, 13),
                 QStringLiteral("/r/Abdullah_Gul/Abdullah_Gul_0013.jpg"));
    }
};

QTEST_GUILESS_MAIN(TestPairsFileReader)
#include "test_pairs_file_reader.moc"
