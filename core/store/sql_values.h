#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <optional>

namespace facecase::sql {

// Binding helpers for the repositories. A null QString binds as SQL NULL, which a
// `TEXT NOT NULL DEFAULT ''` column rejects; text() binds it as '' instead.
inline QVariant text(const QString& value) {
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}
inline QVariant nullInteger() {
    return QVariant(QMetaType::fromType<qint64>());
}
inline QVariant nullBlob() {
    return QVariant(QMetaType::fromType<QByteArray>());
}
inline QVariant optionalInteger(const std::optional<qint64>& value) {
    return value ? QVariant(*value) : nullInteger();
}
// The schema's time format: ISO 8601 UTC with milliseconds, sortable as text. Now if invalid.
inline QString timestamp(const QDateTime& when = {}) {
    const QDateTime utc = when.isValid() ? when.toUTC() : QDateTime::currentDateTimeUtc();
    return utc.toString(Qt::ISODateWithMs);
}

// The id an executed `INSERT … RETURNING id` gave back, on either backend (QPSQL's
// lastInsertId() is an OID, which identity columns do not have). 0 if no row came back.
inline qint64 insertedId(QSqlQuery& query) {
    const qint64 id = query.next() ? query.value(0).toLongLong() : 0;
    query.finish();
    return id;
}

}  // namespace facecase::sql
