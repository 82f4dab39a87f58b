#include "matching/fmr_wording.h"

#include <QLocale>
#include <cmath>

namespace facecase {

namespace {
// 1/fmr to two significant digits; rounded down for an upper bound so "fewer than" stays true.
double oneIn(double fmr, bool upperBound) {
    const double value = 1.0 / fmr;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)) - 1);
    const double steps = value / magnitude;
    // The tolerance keeps an exact bound exact: 1 / (1 / 400,000) is 399,999.99999…, not below.
    return (upperBound ? std::floor(steps + 1e-9) : std::round(steps)) * magnitude;
}

QString ratio(const FmrEstimate& e) {
    if (!e.beyondData && e.fmr >= 0.01)
        return FmrWording::grouped(e.fmr * 100, e.fmr >= 0.1 ? 0 : 1) + QStringLiteral("%");
    const double fmr = std::max(e.fmr, 1e-15);
    return QStringLiteral("1 in ") + FmrWording::grouped(oneIn(fmr, e.beyondData));
}
}  // namespace

QString FmrWording::grouped(double value, int decimals) {
    // The wording is English (like the CLI and the report), so are its digit groups.
    return QLocale(QLocale::English).toString(value, 'f', decimals);
}

QString FmrWording::approximately(double value) {
    if (value <= 0) return QStringLiteral("0");
    const int exponent = int(std::floor(std::log10(value)));
    if (exponent >= 1) {
        const double magnitude = std::pow(10.0, exponent - 1);
        return grouped(std::round(value / magnitude) * magnitude);
    }
    return QString::number(value, 'f', std::min(12, 1 - exponent));
}

QString FmrWording::rate(const std::optional<FmrEstimate>& fmr) {
    if (!fmr) return tr("Not calibrated: the distance alone");
    if (fmr->beyondData)
        return tr("Fewer than %1 different people score this close").arg(ratio(*fmr));
    if (fmr->fmr >= 0.01) return tr("%1 of different people score this close").arg(ratio(*fmr));
    return tr("%1 different people score this close").arg(ratio(*fmr));
}

QString FmrWording::shortRate(const std::optional<FmrEstimate>& fmr) {
    if (!fmr) return QStringLiteral("\u2014");
    return fmr->beyondData ? QStringLiteral("< ") + ratio(*fmr) : ratio(*fmr);
}

QString FmrWording::expected(double expected, std::size_t gallerySize, bool upperBound) {
    if (expected < 0) return {};
    const QString n = grouped(double(gallerySize));
    if (upperBound)
        return tr("In a gallery of %1 expect fewer than %2 false candidates this close")
            .arg(n, approximately(expected));
    return tr("In a gallery of %1 expect ~%2 false candidates this close")
        .arg(n, approximately(expected));
}

QString FmrWording::shortExpected(double expected, std::size_t gallerySize, bool upperBound) {
    if (expected < 0) return {};
    return tr("%1%2 expected by chance in %3")
        .arg(upperBound ? QStringLiteral("< ") : QStringLiteral("~"), approximately(expected),
             grouped(double(gallerySize)));
}

}  // namespace facecase
