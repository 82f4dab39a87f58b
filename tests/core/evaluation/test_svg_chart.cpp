// SvgChart produces well-formed SVG (parsed back with QXmlStreamReader), escapes text, and
// leaves out points a log axis cannot show.
#include "evaluation/svg_chart.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace facecase;

namespace {
struct Parsed {
    bool wellFormed = false;
    QString error;
    QStringList texts;
    QStringList polylines;  // points attributes
    int circles = 0;
};
Parsed parse(const QString& svg) {
    Parsed p;
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == QLatin1String("text")) p.texts << xml.readElementText();
        else if (xml.name() == QLatin1String("polyline"))
            p.polylines << xml.attributes().value(QLatin1String("points")).toString();
        else if (xml.name() == QLatin1String("circle")) ++p.circles;
    }
    p.wellFormed = !xml.hasError();
    p.error = xml.errorString();
    return p;
}
}  // namespace

class TestSvgChart : public QObject {
    Q_OBJECT
private slots:
    void wellFormedAndEscaped() {
        SvgChart chart(QStringLiteral("A <b> & \"c\" 'd'"), QStringLiteral("x"), QStringLiteral("y"));
        chart.addSeries({QStringLiteral("s<1>"), QStringLiteral("#123456"), {{0, 0}, {1, 1}, {2, 4}}, true});
        const Parsed p = parse(chart.toSvg());
        QVERIFY2(p.wellFormed, qPrintable(p.error));
        QVERIFY(p.texts.contains(QStringLiteral("A <b> & \"c\" 'd'")));
        QVERIFY(p.texts.contains(QStringLiteral("s<1>")));
        QCOMPARE(p.polylines.size(), 1);
        QCOMPARE(p.polylines[0].split(QLatin1Char(' ')).size(), 3);
        QCOMPARE(p.circles, 3);
    }

    void logAxisDropsNonPositivePoints() {
        SvgChart chart(QStringLiteral("DET"), QStringLiteral("FMR"), QStringLiteral("FNMR"));
        chart.setLogX(true);
        chart.setLogY(true);
        chart.addSeries({QStringLiteral("all"), QStringLiteral("red"),
                         {{0, 0.5}, {1e-4, 0.2}, {1e-2, 0.05}, {1, 0}}, false});
        const Parsed p = parse(chart.toSvg());
        QVERIFY2(p.wellFormed, qPrintable(p.error));
        QCOMPARE(p.polylines[0].split(QLatin1Char(' ')).size(), 2);
        QVERIFY(p.texts.contains(QStringLiteral("1e-4")));  // decade ticks
        QVERIFY(p.texts.contains(QStringLiteral("1e-2")));
    }

    void emptyChartIsStillAnImage() {
        const Parsed p = parse(SvgChart(QStringLiteral("t"), QStringLiteral("x"), QStringLiteral("y")).toSvg());
        QVERIFY2(p.wellFormed, qPrintable(p.error));
        QCOMPARE(p.polylines.size(), 0);
    }
};

QTEST_APPLESS_MAIN(TestSvgChart)
#include "test_svg_chart.moc"
