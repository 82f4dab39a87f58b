// CSV as spreadsheets and scripts really write it: quotes, embedded delimiters and line breaks,
// CRLF, BOM, and the broken rows that must cost one row each, never the rest of the file.
#include "services/enrollment/csv_reader.h"

#include <QBuffer>
#include <QTest>

using namespace facecase;

namespace {
QStringList L(std::initializer_list<const char*> items) {
    QStringList list;
    for (const char* item : items) list << QString::fromUtf8(item);
    return list;
}

std::vector<CsvReader::Record> readAll(const QByteArray& bytes, QChar delimiter = QLatin1Char(',')) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, delimiter);
    std::vector<CsvReader::Record> records;
    while (auto r = reader.next()) records.push_back(*r);
    return records;
}
}  // namespace

class TestCsvReader : public QObject {
    Q_OBJECT
private slots:
    void wellFormedRecords_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<int>("line");
        QTest::newRow("plain") << QByteArray("a,b,c\n") << L({"a", "b", "c"}) << 1;
        QTest::newRow("crlf, no final newline") << QByteArray("a,b\r\n") << L({"a", "b"}) << 1;
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBFpath,name") << L({"path", "name"}) << 1;
        QTest::newRow("quoted comma") << QByteArray("\"Gul, Abdullah\",x") << L({"Gul, Abdullah", "x"}) << 1;
        QTest::newRow("doubled quote") << QByteArray("\"said \"\"hi\"\"\",") << L({"said \"hi\"", ""}) << 1;
        QTest::newRow("newline in quotes") << QByteArray("\"one\r\ntwo\",3\r\n") << L({"one\ntwo", "3"}) << 1;
        QTest::newRow("empty fields") << QByteArray(",,") << L({"", "", ""}) << 1;
        QTest::newRow("quote inside unquoted") << QByteArray("5'10\",x") << L({"5'10\"", "x"}) << 1;
        QTest::newRow("utf-8") << QByteArray("Jos\xC3\xA9,M\xC3\xBCller") << L({"José", "Müller"}) << 1;
        QTest::newRow("blank lines first") << QByteArray("\n  \r\nx,y") << L({"x", "y"}) << 3;
    }
    void wellFormedRecords() {
        QFETCH(QByteArray, csv);
        QFETCH(QStringList, fields);
        QFETCH(int, line);
        const auto records = readAll(csv);
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(records[0].fields, fields);
        QCOMPARE(records[0].line, line);
        QVERIFY2(records[0].error.isEmpty(), qPrintable(records[0].error));
    }

    void lineNumbersCountPhysicalLines() {
        const auto records = readAll("h1,h2\n\"a\nb\nc\",1\n\nx,2\n");
        QCOMPARE(records.size(), std::size_t(3));
        QCOMPARE(records[1].line, 2);
        QCOMPARE(records[2].line, 6);
        QCOMPARE(records[2].fields, L({"x", "2"}));
    }

    void unclosedQuoteCostsOneRow() {
        const auto records = readAll("path,name\n\"a.jpg,Al\nb.jpg,Bo\nc.jpg,Cy\n");
        QCOMPARE(records.size(), std::size_t(4));
        QCOMPARE(records[1].line, 2);
        QVERIFY(records[1].error.contains(QStringLiteral("never closed")));
        QCOMPARE(records[2].fields, L({"b.jpg", "Bo"}));
        QCOMPARE(records[2].line, 3);
        QCOMPARE(records[3].fields, L({"c.jpg", "Cy"}));
    }

    void unclosedQuoteInAHugeFileIsFoundEarly() {
        QByteArray csv("path\n\"broken.jpg\n");
        for (int i = 0; i < 3 * CsvReader::kMaxQuotedLines; ++i) csv += "p" + QByteArray::number(i) + ".jpg\n";
        const auto records = readAll(csv);
        QCOMPARE(records.size(), std::size_t(2 + 3 * CsvReader::kMaxQuotedLines));
        QVERIFY(!records[1].error.isEmpty());
        QCOMPARE(records.back().fields.first(), QStringLiteral("p%1.jpg").arg(3 * CsvReader::kMaxQuotedLines - 1));
    }

    void textAfterClosingQuoteIsAnError() {
        const auto records = readAll("\"a\"b,c\n");
        QCOMPARE(records.size(), std::size_t(1));
        QVERIFY(records[0].error.contains(QStringLiteral("after the closing quote")));
    }

    void invalidUtf8IsAnError() {
        const auto records = readAll("ok,1\nbad\xFF\xFE,2\nok,3\n");
        QCOMPARE(records.size(), std::size_t(3));
        QVERIFY(records[0].error.isEmpty());
        QVERIFY(records[1].error.contains(QStringLiteral("UTF-8")));
        QVERIFY(records[2].error.isEmpty());
    }

    void detectsTheDelimiter() {
        QCOMPARE(CsvReader::detectDelimiter(QStringLiteral("path,name,dob")), QLatin1Char(','));
        QCOMPARE(CsvReader::detectDelimiter(QStringLiteral("path;name;dob")), QLatin1Char(';'));
        QCOMPARE(CsvReader::detectDelimiter(QStringLiteral("path\tname")), QLatin1Char('\t'));
        QCOMPARE(CsvReader::detectDelimiter(QStringLiteral("\"a;b\",c")), QLatin1Char(','));
        QCOMPARE(CsvReader::detectDelimiter(QStringLiteral("path")), QLatin1Char(','));
        const auto records = readAll("a;\"b;c\"\n", QLatin1Char(';'));
        QCOMPARE(records[0].fields, L({"a", "b;c"}));
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "test_csv_reader.moc"
