#include "store/case_repository.h"

#include <QDateTime>
#include <QSqlQuery>

#include "store/sql_values.h"
#include "store/store_error.h"

namespace facecase {

namespace {
QDateTime parseTime(const QVariant& value) {
    return value.isNull() ? QDateTime()
                          : QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

// The audit actions that change a case's row: its version (CaseRecord::changeSeq) moves with
// these and with nothing else, so a verdict or a search in the case never makes a screen's
// close or reopen stale.
const QString kRowChanges = QStringLiteral(
    "a.action IN ('case_created', 'case_closed', 'case_reopened', 'case_retention_changed', "
    "'case_purged')");
}  // namespace

Result<std::vector<CaseRecord>> CaseRepository::select(const QString& where,
                                                       const QVariant& value) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // Last activity: the case's newest audit record (an index range on (case_id, seq), read
    // backwards) or newest search, whichever is later. Times are ISO 8601 UTC text, so max()
    // on text is max() on time; '' stands for "none".
    query.prepare(
        QStringLiteral(
            "SELECT c.id, c.case_number, c.title, c.purpose, c.analyst, c.opened_at, "
            "       c.closed_at, c.status, c.retention_days, c.purged_at, "
            "       %2 AS last_activity, "
            "       coalesce((SELECT a.seq FROM audit_log a WHERE a.case_id = c.id AND %3 "
            "                 ORDER BY a.seq DESC LIMIT 1), 0) AS change_seq "
            "FROM cases c %1 ORDER BY last_activity DESC, c.case_number")
            .arg(where,
                 m_connection.dialect().greatestOf(
                     {QStringLiteral("c.opened_at"),
                      QStringLiteral("coalesce((SELECT a.at FROM audit_log a WHERE a.case_id = "
                                     "c.id ORDER BY a.seq DESC LIMIT 1), '')"),
                      QStringLiteral("coalesce((SELECT max(coalesce(s.finished_at, "
                                     "s.started_at)) FROM searches s WHERE s.case_id = c.id), "
                                     "'')")}),
                 kRowChanges));
    if (value.isValid()) query.bindValue(0, value);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("list the cases"),
                             query.lastError());
    }
    std::vector<CaseRecord> cases;
    while (query.next()) {
        CaseRecord c;
        c.id = query.value(0).toLongLong();
        c.caseNumber = query.value(1).toString();
        c.title = query.value(2).toString();
        c.purpose = query.value(3).toString();
        c.analyst = query.value(4).toString();
        c.openedAt = parseTime(query.value(5));
        c.closedAt = parseTime(query.value(6));
        c.status = CaseRecord::statusFromName(query.value(7).toString())
                       .value_or(CaseRecord::Status::Open);
        c.lastActivity = parseTime(query.value(10));
        if (!query.value(8).isNull()) c.retentionDays = query.value(8).toInt();
        c.purgedAt = parseTime(query.value(9));
        c.changeSeq = query.value(11).toLongLong();
        cases.push_back(std::move(c));
    }
    return cases;
}

Result<qint64> CaseRepository::insert(const NewCase& newCase) {
    QSqlQuery insert(m_connection.database());
    insert.prepare(
        QStringLiteral("INSERT INTO cases (case_number, title, purpose, analyst, "
                       "opened_at, status, retention_days) VALUES (?, ?, ?, ?, ?, 'open', ?) RETURNING id"));
    insert.bindValue(0, newCase.caseNumber);
    insert.bindValue(1, sql::text(newCase.title));
    insert.bindValue(2, newCase.purpose);
    insert.bindValue(3, newCase.analyst);
    insert.bindValue(4, newCase.openedAt);
    insert.bindValue(
        5, newCase.retentionDays ? QVariant(qint64(*newCase.retentionDays)) : sql::nullInteger());
    if (!insert.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("open case \"%1\"").arg(newCase.caseNumber),
                             insert.lastError());
    }
    return sql::insertedId(insert);
}

Result<void> CaseRepository::updateStatus(qint64 id, const QString& caseNumber,
                                          CaseRecord::Status to, const QString& closedAt) {
    QSqlQuery update(m_connection.database());
    update.prepare(QStringLiteral("UPDATE cases SET status = ?, closed_at = ? WHERE id = ?"));
    update.bindValue(0, CaseRecord::statusName(to));
    update.bindValue(
        1, closedAt.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(closedAt));
    update.bindValue(2, id);
    if (!update.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("%1 case \"%2\"")
                                 .arg(to == CaseRecord::Status::Closed ? QStringLiteral("close")
                                                                       : QStringLiteral("reopen"),
                                      caseNumber),
                             update.lastError());
    }
    return {};
}

Result<void> CaseRepository::updateRetention(qint64 id, const QString& caseNumber,
                                             std::optional<int> days) {
    QSqlQuery update(m_connection.database());
    update.prepare(QStringLiteral("UPDATE cases SET retention_days = ? WHERE id = ?"));
    update.bindValue(0, days ? QVariant(qint64(*days)) : sql::nullInteger());
    update.bindValue(1, id);
    if (!update.exec()) {
        return databaseError(
            m_connection.databasePath(),
            QStringLiteral("change the retention period of case \"%1\"").arg(caseNumber),
            update.lastError());
    }
    return {};
}

Result<std::vector<CaseRecord>> CaseRepository::list() const {
    return select(QString(), {});
}

Result<std::vector<CaseRecord>> CaseRepository::withNumber(const QString& caseNumber) const {
    // lower() on both sides: SQLite's COLLATE NOCASE does not exist on PostgreSQL.
    return select(QStringLiteral("WHERE lower(c.case_number) = lower(?)"), caseNumber);
}

Result<CaseRecord> CaseRepository::findByNumber(const QString& caseNumber) const {
    const QString number = caseNumber.trimmed();
    auto found = withNumber(number);
    if (!found) return found.error();
    if (found->empty()) {
        return Error::notFound(
            QStringLiteral("%1: no case numbered \"%2\"").arg(m_connection.databasePath(), number));
    }
    for (const CaseRecord& c : *found) {
        if (c.caseNumber == number) return c;  // databases written before the ASCII-case rule
    }
    return found->front();
}

Result<CaseRecord> CaseRepository::findById(qint64 id) const {
    auto found = select(QStringLiteral("WHERE c.id = ?"), id);
    if (!found) return found.error();
    if (found->empty()) {
        return Error::notFound(
            QStringLiteral("%1: no case with id %2").arg(m_connection.databasePath()).arg(id));
    }
    return found->front();
}

Result<std::vector<CaseRepository::Change>> CaseRepository::changesAfter(qint64 id,
                                                                        qint64 afterSeq) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT a.seq, a.action, a.actor, a.at FROM audit_log a "
                                 "WHERE a.case_id = ? AND a.seq > ? AND %1 ORDER BY a.seq")
                      .arg(kRowChanges));
    query.bindValue(0, id);
    query.bindValue(1, afterSeq);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the changes of case %1").arg(id),
                             query.lastError());
    }
    std::vector<Change> changes;
    while (query.next()) {
        changes.push_back({query.value(0).toLongLong(), query.value(1).toString(),
                           query.value(2).toString(), parseTime(query.value(3))});
    }
    return changes;
}

}  // namespace facecase
