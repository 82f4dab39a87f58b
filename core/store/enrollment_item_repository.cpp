#include "store/enrollment_item_repository.h"

#include <QSqlError>
#include <QStringList>
#include <algorithm>

#include "store/sql_values.h"
#include "store/store_error.h"

namespace facecase {

EnrollmentItemRepository::EnrollmentItemRepository(const DatabaseConnection& connection)
    : m_connection(connection) {}

EnrollmentItemRepository::~EnrollmentItemRepository() = default;

Result<bool> EnrollmentItemRepository::exists(qint64 jobId, const QString& path) const {
    if (!m_exists) {
        m_exists = std::make_unique<QSqlQuery>(m_connection.database());
        m_exists->setForwardOnly(true);
        if (!m_exists->prepare(QStringLiteral(
                "SELECT 1 FROM enrollment_items WHERE job_id = ? AND path = ?"))) {
            auto error = databaseError(m_connection.databasePath(),
                                       QStringLiteral("look up enrollment items"),
                                       m_exists->lastError());
            m_exists.reset();
            return error;
        }
    }
    m_exists->bindValue(0, jobId);
    m_exists->bindValue(1, path);
    if (!m_exists->exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look up the enrollment item of %1").arg(path),
                             m_exists->lastError());
    }
    const bool found = m_exists->next();
    m_exists->finish();
    return found;
}

Result<void> EnrollmentItemRepository::record(const EnrollmentItem& item) {
    if (!m_record) {
        m_record = std::make_unique<QSqlQuery>(m_connection.database());
        if (!m_record->prepare(QStringLiteral(
                "INSERT INTO enrollment_items (job_id, path, sha256, status, face_count, image_id, "
                "message, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (job_id, path) DO UPDATE SET sha256 = excluded.sha256, "
                "status = excluded.status, face_count = excluded.face_count, "
                "image_id = excluded.image_id, message = excluded.message, "
                "processed_at = excluded.processed_at"))) {
            auto error = databaseError(m_connection.databasePath(),
                                       QStringLiteral("record enrollment items"),
                                       m_record->lastError());
            m_record.reset();
            return error;
        }
    }
    QSqlQuery& q = *m_record;
    q.bindValue(0, item.jobId);
    q.bindValue(1, item.path);
    q.bindValue(2, item.sha256.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(item.sha256));
    q.bindValue(3, EnrollmentItem::statusName(item.status));
    q.bindValue(4, std::max(0, item.faceCount));
    q.bindValue(5, sql::optionalInteger(item.imageId));
    q.bindValue(6, sql::text(item.message));
    q.bindValue(7, sql::timestamp(item.processedAt));
    if (!q.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("record the enrollment item of %1").arg(item.path),
                             q.lastError());
    }
    return {};
}

Result<std::vector<EnrollmentItem>> EnrollmentItemRepository::list(
    qint64 jobId, const std::vector<EnrollmentItem::Status>& statuses) const {
    QStringList names;
    for (EnrollmentItem::Status s : statuses) {
        names << QLatin1Char('\'') + EnrollmentItem::statusName(s) + QLatin1Char('\'');
    }
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, path, sha256, status, face_count, image_id, message, "
                                 "processed_at FROM enrollment_items WHERE job_id = ? %1 "
                                 "ORDER BY status, path")
                      .arg(names.isEmpty() ? QString()
                                           : QStringLiteral("AND status IN (%1)")
                                                 .arg(names.join(QLatin1Char(',')))));
    query.bindValue(0, jobId);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the items of enrollment job %1").arg(jobId),
                             query.lastError());
    }
    std::vector<EnrollmentItem> items;
    while (query.next()) {
        EnrollmentItem item;
        item.id = query.value(0).toLongLong();
        item.jobId = jobId;
        item.path = query.value(1).toString();
        item.sha256 = query.value(2).toString();
        item.status = EnrollmentItem::statusFromName(query.value(3).toString())
                          .value_or(EnrollmentItem::Status::Failed);
        item.faceCount = query.value(4).toInt();
        if (!query.value(5).isNull()) item.imageId = query.value(5).toLongLong();
        item.message = query.value(6).toString();
        item.processedAt = QDateTime::fromString(query.value(7).toString(), Qt::ISODateWithMs);
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace facecase
