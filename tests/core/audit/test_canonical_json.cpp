// The canonical JSON form the audit chain hashes. Expected bytes were produced by Python's
// json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False), the recipe
// docs/audit.md gives auditors, so a disagreement here is a disagreement with their script.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <cmath>
#include <limits>

#include "audit/canonical_json.h"

using namespace facecase;

class TestCanonicalJson : public QObject {
    Q_OBJECT
private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void matchesPython_data() {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QByteArray>("expectedHex");

        QTest::newRow("nested, keys sorted")
            << QJsonValue(QJsonObject{
                   {QStringLiteral("b"), 1},
                   {QStringLiteral("a"), QJsonArray{true, false, QJsonValue()}},
                   {QStringLiteral("c"), QJsonObject{{QStringLiteral("z"), QStringLiteral("x")},
                                                     {QStringLiteral("y"), -5}}}})
            << QByteArray(
                   "7b2261223a5b747275652c66616c73652c6e756c6c5d2c2262223a312c2263223a7b22"
                   "79223a2d352c227a223a2278227d7d");
        QString controls =
            QStringLiteral("quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul ");
        controls += QChar(0);
        controls += QStringLiteral(" unit ");
        controls += QChar(0x1f);
        controls += QStringLiteral(" del ");
        controls += QChar(0x7f);
        QTest::newRow("escapes") << QJsonValue(controls)
                                 << QByteArray(
                                        "2271756f7465205c22206261636b736c617368205c5c20736c61736820"
                                        "2f20746162205c74206e6c205c6e206372205c72206273205c62206666"
                                        "205c66206e756c205c753030303020756e6974205c7530303166206465"
                                        "6c207f22");
        QTest::newRow("non-ASCII raw")
            << QJsonValue(QStringLiteral("Zoë – 東京 😀 \u2028"))
            << QByteArray("225a6fc3ab20e2809320e69db1e4baac20f09f988020e280a822");
        // U+FFFF before U+1F600: code point order, which UTF-16 code unit order reverses.
        QTest::newRow("keys by code point")
            << QJsonValue(QJsonObject{{QStringLiteral("é"), 1},
                                      {QStringLiteral("e"), 2},
                                      {QStringLiteral("z"), 3},
                                      {QStringLiteral("😀"), 4},
                                      {QString(QChar(0xffff)), 5},
                                      {QStringLiteral("E"), 6}})
            << QByteArray(
                   "7b2245223a362c2265223a322c227a223a332c22c3a9223a312c22efbfbf223a352c22"
                   "f09f9880223a347d");
        QTest::newRow("largest integer") << QJsonValue(qint64(9007199254740991))
                                         << QByteArray("39303037313939323534373430393931");
        QTest::newRow("smallest integer") << QJsonValue(qint64(-9007199254740991))
                                          << QByteArray("2d39303037313939323534373430393931");
        QTest::newRow("whole double") << QJsonValue(3.0) << QByteArray("33");
        QTest::newRow("negative zero") << QJsonValue(-0.0) << QByteArray("30");
        QTest::newRow("empty object") << QJsonValue(QJsonObject()) << QByteArray("7b7d");
    }
    void matchesPython() {
        QFETCH(QJsonValue, value);
        QFETCH(QByteArray, expectedHex);
        auto text = CanonicalJson::serialize(value);
        QVERIFY2(text.ok(), qPrintable(text.errorMessage()));
        QCOMPARE(*text, QByteArray::fromHex(expectedHex));
    }

    // What was parsed from a canonical text serialises back to the same bytes.
    void roundTripsParsedText() {
        const QByteArray canonical =
            R"({"a":[1,-2,{"k":"v\n\u0001"}],"b":null,"c":"Zoë","d":9007199254740991})";
        const QJsonDocument parsed = QJsonDocument::fromJson(canonical);
        QVERIFY(parsed.isObject());
        auto text = CanonicalJson::serialize(parsed.object());
        QVERIFY2(text.ok(), qPrintable(text.errorMessage()));
        QCOMPARE(*text, canonical);
    }

    void refusesAmbiguousValues_data() {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("fraction")
            << QJsonValue(
                   QJsonObject{{QStringLiteral("candidates"),
                                QJsonArray{QJsonObject{{QStringLiteral("distance"), 0.41}}}}})
            << QStringLiteral("details.candidates[0].distance: 0.41");
        QTest::newRow("2^53") << QJsonValue(qint64(9007199254740992)) << QStringLiteral("2^53");
        QTest::newRow("huge double") << QJsonValue(1e300) << QStringLiteral("2^53");
        QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity())
                                  << QStringLiteral("not a whole number");
        QTest::newRow("lone surrogate")
            << QJsonValue(QString(QChar(0xd800))) << QStringLiteral("surrogate");
        QTest::newRow("lone surrogate key")
            << QJsonValue(QJsonObject{{QString(QChar(0xdc00)), 1}}) << QStringLiteral("key");
    }
    void refusesAmbiguousValues() {
        QFETCH(QJsonValue, value);
        QFETCH(QString, messagePart);
        auto text = CanonicalJson::serialize(value, QStringLiteral("details"));
        QVERIFY(!text.ok());
        QCOMPARE(text.error().kind, Error::Kind::InvalidInput);
        QVERIFY2(text.errorMessage().contains(messagePart), qPrintable(text.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestCanonicalJson)
#include "test_canonical_json.moc"
