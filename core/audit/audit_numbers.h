#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QRectF>
#include <QString>
#include <cmath>
#include <optional>

namespace facecase::audit {

// Decimal places distances carry in audit records, exports and the report.
inline constexpr int kDistancePlaces = 4;

// Audit details hold whole numbers and strings only (CanonicalJson says why): fractional values
// go in as the decimal text an analyst sees, with a fixed number of places so that the same
// value is always written the same way.
inline QString decimal(double value, int places) {
    // Values that round to zero are written "0.00", never "-0.00".
    if (std::abs(value) < 0.5 * std::pow(10.0, -places)) value = 0.0;
    return QString::number(value, 'f', places);
}
// A rate such as a false-match rate (1e-5 .. 1): three significant digits, "2.5e-05".
inline QString rate(double value) { return QString::number(value, 'g', 3); }
inline QJsonValue optionalDecimal(const std::optional<double>& value, int places) {
    return value ? QJsonValue(decimal(*value, places)) : QJsonValue(QJsonValue::Null);
}
// A face box in image pixels, to one decimal place.
inline QJsonObject box(const QRectF& rect) {
    return QJsonObject{
        {QStringLiteral("x"), decimal(rect.x(), 1)},
        {QStringLiteral("y"), decimal(rect.y(), 1)},
        {QStringLiteral("width"), decimal(rect.width(), 1)},
        {QStringLiteral("height"), decimal(rect.height(), 1)},
    };
}

}  // namespace facecase::audit
