#include "evaluation/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace facecase {

namespace {

constexpr double kWidth = 640, kHeight = 440;
constexpr double kLeft = 70, kRight = 20, kTop = 40, kBottom = 60;

QString num(double v) {
    return QString::number(v, 'f', 2);
}

// Tick label: plain for linear axes, 10^k for log ones.
QString tickLabel(double v, bool log) {
    if (!log) return QString::number(v, 'g', 3);
    const auto e = std::lround(v);
    return e == 0 ? QStringLiteral("1") : QStringLiteral("1e%1").arg(e);
}

struct Axis {
    double lo = 0, hi = 1;
    bool log = false;
    // Data value -> axis units (log10 on a log axis).
    double unit(double v) const { return log ? std::log10(v) : v; }
};

Axis axisFor(std::pair<double, double> fixed, bool log, const std::vector<double>& values) {
    Axis a;
    a.log = log;
    if (fixed.first < fixed.second && (!log || fixed.first > 0)) {
        a.lo = a.unit(fixed.first);
        a.hi = a.unit(fixed.second);
        return a;
    }
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : values) {
        if (log && v <= 0) continue;
        lo = std::min(lo, a.unit(v));
        hi = std::max(hi, a.unit(v));
    }
    if (!std::isfinite(lo)) lo = 0, hi = 1;
    if (log) lo = std::floor(lo), hi = std::ceil(hi);
    if (hi <= lo) hi = lo + 1;
    a.lo = lo;
    a.hi = hi;
    return a;
}

std::vector<double> ticks(const Axis& a) {
    std::vector<double> t;
    if (a.log) {
        for (double e = std::ceil(a.lo); e <= a.hi + 1e-9; e += 1) t.push_back(e);
        return t;
    }
    const double span = a.hi - a.lo;
    const double raw = span / 5;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    for (double v = std::ceil(a.lo / step) * step; v <= a.hi + step * 1e-9; v += step)
        t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return t;
}

}  // namespace

SvgChart::SvgChart(QString title, QString xLabel, QString yLabel)
    : m_title(std::move(title)), m_xLabel(std::move(xLabel)), m_yLabel(std::move(yLabel)) {}

QString SvgChart::escaped(const QString& text) {
    QString out = text.toHtmlEscaped();  // & < > "
    return out.replace(QLatin1Char('\''), QStringLiteral("&#39;"));
}

QString SvgChart::toSvg() const {
    std::vector<double> xs, ys;
    for (const Series& s : m_series)
        for (const auto& [x, y] : s.points) {
            xs.push_back(x);
            ys.push_back(y);
        }
    const Axis ax = axisFor(m_xRange, m_logX, xs);
    const Axis ay = axisFor(m_yRange, m_logY, ys);
    const double plotW = kWidth - kLeft - kRight, plotH = kHeight - kTop - kBottom;
    const auto px = [&](double u) { return kLeft + (u - ax.lo) / (ax.hi - ax.lo) * plotW; };
    const auto py = [&](double u) { return kTop + plotH - (u - ay.lo) / (ay.hi - ay.lo) * plotH; };

    QString svg;
    svg += QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" "
                          "viewBox=\"0 0 %1 %2\" font-family=\"sans-serif\" font-size=\"12\">\n")
               .arg(kWidth)
               .arg(kHeight);
    svg += QStringLiteral("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg += QStringLiteral("<text x=\"%1\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">%2</text>\n")
               .arg(num(kWidth / 2), escaped(m_title));
    // Grid and tick labels.
    for (double t : ticks(ax)) {
        const double x = px(t);
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#ddd\"/>\n")
                   .arg(num(x), num(kTop), num(kTop + plotH));
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">%3</text>\n")
                   .arg(num(x), num(kTop + plotH + 16), escaped(tickLabel(t, ax.log)));
    }
    for (double t : ticks(ay)) {
        const double y = py(t);
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#ddd\"/>\n")
                   .arg(num(kLeft), num(y), num(kLeft + plotW));
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"end\">%3</text>\n")
                   .arg(num(kLeft - 6), num(y + 4), escaped(tickLabel(t, ay.log)));
    }
    svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"none\" "
                          "stroke=\"black\"/>\n")
               .arg(num(kLeft), num(kTop), num(plotW), num(plotH));
    svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">%3</text>\n")
               .arg(num(kLeft + plotW / 2), num(kHeight - 18), escaped(m_xLabel));
    svg += QStringLiteral("<text x=\"16\" y=\"%1\" text-anchor=\"middle\" "
                          "transform=\"rotate(-90 16 %1)\">%2</text>\n")
               .arg(num(kTop + plotH / 2), escaped(m_yLabel));
    // Series, clipped to the plot area.
    svg += QStringLiteral("<clipPath id=\"plot\"><rect x=\"%1\" y=\"%2\" width=\"%3\" "
                          "height=\"%4\"/></clipPath>\n")
               .arg(num(kLeft), num(kTop), num(plotW), num(plotH));
    int legend = 0;
    for (const Series& s : m_series) {
        QStringList coords;
        QString dots;
        for (const auto& [x, y] : s.points) {
            if ((ax.log && x <= 0) || (ay.log && y <= 0) || !std::isfinite(x) || !std::isfinite(y))
                continue;
            const QString p = num(px(ax.unit(x))) + QLatin1Char(',') + num(py(ay.unit(y)));
            coords << p;
            if (s.markers)
                dots += QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"2.5\" fill=\"%3\"/>\n")
                            .arg(num(px(ax.unit(x))), num(py(ay.unit(y))), escaped(s.colour));
        }
        svg += QStringLiteral("<g clip-path=\"url(#plot)\"><polyline fill=\"none\" stroke=\"%1\" "
                              "stroke-width=\"1.8\" points=\"%2\"/>\n%3</g>\n")
                   .arg(escaped(s.colour), coords.join(QLatin1Char(' ')), dots);
        const double ly = m_legendAtBottom
                              ? kTop + plotH - 10 - 16 * double(m_series.size() - 1) + 16 * legend++
                              : kTop + 14 + 16 * legend++;
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"%4\" "
                              "stroke-width=\"3\"/><text x=\"%5\" y=\"%6\">%7</text>\n")
                   .arg(num(kLeft + plotW - 170), num(ly), num(kLeft + plotW - 150),
                        escaped(s.colour), num(kLeft + plotW - 145), num(ly + 4),
                        escaped(s.name));
    }
    svg += QStringLiteral("</svg>\n");
    return svg;
}

}  // namespace facecase
