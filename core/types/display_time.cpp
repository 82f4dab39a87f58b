#include "types/display_time.h"

#include <QDateTime>

namespace facecase {

QString displayTime(const QDateTime& time) {
    if (!time.isValid()) return {};
    // Seconds, not milliseconds: audit and search records are compared by people to the second.
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString displayTime(const QString& storedIso8601) {
    QDateTime time = QDateTime::fromString(storedIso8601, Qt::ISODateWithMs);
    if (!time.isValid()) return storedIso8601;
    // The store writes UTC; text without an offset is read as UTC, not as this machine's zone.
    if (time.timeSpec() == Qt::LocalTime) time.setTimeSpec(Qt::UTC);
    return displayTime(time);
}

}  // namespace facecase
