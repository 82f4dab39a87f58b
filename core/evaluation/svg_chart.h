#pragma once

#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace facecase {

// A line chart as plain SVG text, for reports that must open anywhere (a browser, an archive
// viewer) without Qt Gui or a plotting library in core. Axes may be logarithmic (DET curves span
// six decades of FMR); points with a non-positive value on a log axis are left out.
// Not thread-safe; cheap to build.
class SvgChart {
public:
    struct Series {
        QString name;
        QString colour;  // any SVG colour, e.g. "#1f77b4"
        std::vector<std::pair<double, double>> points;
        bool markers = false;  // draw a dot at each point (few points, e.g. a CMC)
    };

    SvgChart(QString title, QString xLabel, QString yLabel);
    void setLogX(bool on) { m_logX = on; }
    void setLogY(bool on) { m_logY = on; }
    // Fixed axis range (in data units); by default the range of the data.
    void setXRange(double lo, double hi) { m_xRange = {lo, hi}; }
    void setYRange(double lo, double hi) { m_yRange = {lo, hi}; }
    // The legend sits in the top-right corner, or the bottom-right where curves hug the top
    // (ROC, CMC).
    void setLegendAtBottom(bool on) { m_legendAtBottom = on; }
    void addSeries(Series series) { m_series.push_back(std::move(series)); }

    QString toSvg() const;  // a complete standalone SVG document (UTF-8 XML)

    static QString escaped(const QString& text);  // XML text / attribute escaping

private:
    QString m_title, m_xLabel, m_yLabel;
    bool m_logX = false, m_logY = false;
    bool m_legendAtBottom = false;
    std::pair<double, double> m_xRange{0, 0}, m_yRange{0, 0};
    std::vector<Series> m_series;
};

}  // namespace facecase
