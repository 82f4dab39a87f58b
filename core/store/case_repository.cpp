#include "store/case_repository.h"

#include <QJsonObject>
#include <QSqlQuery>

#include "audit/audit_trail.h"
#include "store/sql_values.h"
#include "store/text_field.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
using Lines = TextField::Lines;

Result<QString> cleanText(const QString& text, const QString& what, int maxLength, bool required,
                          Lines lines) {
    return TextField::clean(text, what, maxLength, required, lines);
}

QDateTime parseTime(const QVariant& value) {
    return value.isNull() ? QDateTime()
                          : QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}
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
            "       max(c.opened_at, "
            "           coalesce((SELECT a.at FROM audit_log a WHERE a.case_id = c.id "
            "                     ORDER BY a.seq DESC LIMIT 1), ''), "
            "           coalesce((SELECT max(coalesce(s.finished_at, s.started_at)) "
            "                     FROM searches s WHERE s.case_id = c.id), '')) AS last_activity "
            "FROM cases c %1 ORDER BY last_activity DESC, c.case_number")
            .arg(where));
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
        cases.push_back(std::move(c));
    }
    return cases;
}

Result<CaseRecord> CaseRepository::create(const CaseRecord& draft, const QString& actor) {
    auto number = cleanText(draft.caseNumber, QStringLiteral("case number"), kMaxNumberLength, true,
                            Lines::One);
    if (!number) return number.error();
    auto purpose = cleanText(draft.purpose, QStringLiteral("purpose / legal basis"),
                             kMaxPurposeLength, true, Lines::Many);
    if (!purpose) return purpose.error();
    auto title =
        cleanText(draft.title, QStringLiteral("case title"), kMaxTitleLength, false, Lines::One);
    if (!title) return title.error();
    auto analyst = cleanText(draft.analyst.trimmed().isEmpty() ? actor : draft.analyst,
                             QStringLiteral("analyst"), kMaxNameLength, true, Lines::One);
    if (!analyst) return analyst.error();
    if (auto valid = checkRetention(draft.retentionDays); !valid) return valid.error();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();

    // Looked up under the write lock rather than left to the UNIQUE constraint: the constraint
    // is case-sensitive, and the message should name the existing case as it is spelled.
    auto existing = select(QStringLiteral("WHERE c.case_number = ? COLLATE NOCASE"), *number);
    if (!existing) return existing.error();
    if (!existing->empty()) {
        const CaseRecord& taken = existing->front();
        return Error::invalidInput(
            QStringLiteral("case number \"%1\" is already taken by the case \"%2\" opened %3 "
                           "(%4); choose another number")
                .arg(*number, taken.caseNumber, taken.openedAt.toUTC().toString(Qt::ISODate),
                     CaseRecord::statusName(taken.status)));
    }

    const QString openedAt = sql::timestamp();
    QSqlQuery insert(m_connection.database());
    insert.prepare(
        QStringLiteral("INSERT INTO cases (case_number, title, purpose, analyst, "
                       "opened_at, status, retention_days) VALUES (?, ?, ?, ?, ?, 'open', ?)"));
    insert.bindValue(0, *number);
    insert.bindValue(1, sql::text(*title));
    insert.bindValue(2, *purpose);
    insert.bindValue(3, *analyst);
    insert.bindValue(4, openedAt);
    insert.bindValue(5, draft.retentionDays ? QVariant(qint64(*draft.retentionDays))
                                            : sql::nullInteger());
    if (!insert.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("open case \"%1\"").arg(*number), insert.lastError());
    }
    const qint64 id = insert.lastInsertId().toLongLong();

    AuditEntry entry;
    entry.action = QStringLiteral("case_created");
    entry.actor = actor;
    entry.caseId = id;
    entry.at = QDateTime::fromString(openedAt, Qt::ISODateWithMs);
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), *number},
        {QStringLiteral("title"), *title},
        {QStringLiteral("purpose"), *purpose},
        {QStringLiteral("analyst"), *analyst},
    };
    // Only when the case has its own period, so that records of cases on the policy default
    // read as they did before retention existed.
    if (draft.retentionDays) {
        entry.details.insert(QStringLiteral("retention_days"), *draft.retentionDays);
    }
    return recordAndCommit(*transaction, entry, id);
}

Result<CaseRecord> CaseRepository::recordAndCommit(Transaction& transaction, const AuditEntry& entry,
                                                   qint64 id) const {
    if (auto recorded = AuditTrail(m_connection).append(transaction, entry); !recorded) {
        return recorded.error();
    }
    auto changed = findById(id);  // as committed: read inside the same transaction
    if (!changed) return changed.error();
    if (auto committed = transaction.commit(); !committed) return committed.error();
    return changed;
}

Result<std::vector<CaseRecord>> CaseRepository::list() const {
    return select(QString(), {});
}

Result<CaseRecord> CaseRepository::findByNumber(const QString& caseNumber) const {
    const QString number = caseNumber.trimmed();
    auto found = select(QStringLiteral("WHERE c.case_number = ? COLLATE NOCASE"), number);
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

Result<void> CaseRepository::checkRetention(const std::optional<int>& days) {
    if (days && (*days < 1 || *days > kMaxRetentionDays)) {
        return Error::invalidInput(
            QStringLiteral("retention period %1 days is out of range (1 to %2 days)")
                .arg(*days)
                .arg(kMaxRetentionDays));
    }
    return {};
}

Result<CaseRecord> CaseRepository::setRetention(qint64 id, std::optional<int> days,
                                                const QString& actor, const QString& reason) {
    if (auto valid = checkRetention(days); !valid) return valid.error();
    auto cleanReason =
        cleanText(reason, QStringLiteral("reason"), kMaxReasonLength, true, Lines::Many);
    if (!cleanReason) return cleanReason.error();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto current = findById(id);
    if (!current) return current.error();
    if (current->isPurged()) return Error::invalidInput(current->purgedNotice());
    const auto describe = [](const std::optional<int>& value) {
        return value ? QStringLiteral("%1 days").arg(*value) : QStringLiteral("the policy default");
    };
    if (current->retentionDays == days) {
        return Error::invalidInput(QStringLiteral("case \"%1\" already keeps its data for %2")
                                       .arg(current->caseNumber, describe(days)));
    }

    QSqlQuery update(m_connection.database());
    update.prepare(QStringLiteral("UPDATE cases SET retention_days = ? WHERE id = ?"));
    update.bindValue(0, days ? QVariant(qint64(*days)) : sql::nullInteger());
    update.bindValue(1, id);
    if (!update.exec()) {
        return databaseError(
            m_connection.databasePath(),
            QStringLiteral("change the retention period of case \"%1\"").arg(current->caseNumber),
            update.lastError());
    }

    // Days as whole numbers; the policy default as words, since its number may change later.
    const auto json = [](const std::optional<int>& value) {
        return value ? QJsonValue(*value) : QJsonValue(kPolicyDefaultRetention);
    };
    AuditEntry entry;
    entry.action = QStringLiteral("case_retention_changed");
    entry.actor = actor;
    entry.caseId = id;
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), current->caseNumber},
        {QStringLiteral("from"), json(current->retentionDays)},
        {QStringLiteral("to"), json(days)},
        {QStringLiteral("reason"), *cleanReason},
    };
    return recordAndCommit(*transaction, entry, id);
}

Result<CaseRecord> CaseRepository::close(qint64 id, const QString& actor, const QString& reason) {
    return changeStatus(id, CaseRecord::Status::Closed, actor, reason);
}

Result<CaseRecord> CaseRepository::reopen(qint64 id, const QString& actor, const QString& reason) {
    return changeStatus(id, CaseRecord::Status::Open, actor, reason);
}

Result<CaseRecord> CaseRepository::changeStatus(qint64 id, CaseRecord::Status to,
                                                const QString& actor, const QString& reason) {
    auto cleanReason =
        cleanText(reason, QStringLiteral("reason"), kMaxReasonLength, false, Lines::Many);
    if (!cleanReason) return cleanReason.error();
    const bool closing = to == CaseRecord::Status::Closed;

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    // Read under the write lock, so two analysts closing the same case cannot both succeed.
    auto current = findById(id);
    if (!current) return current.error();
    const CaseRecord::Status from = current->status;
    // The schema refuses it too (cases_purged_stay_closed), in words meant for developers.
    if (!closing && current->isPurged()) return Error::invalidInput(current->purgedNotice());
    const CaseRecord::Status required =
        closing ? CaseRecord::Status::Open : CaseRecord::Status::Closed;
    if (from != required) {
        return Error::invalidInput(
            from == to ? QStringLiteral("case \"%1\" is already %2")
                             .arg(current->caseNumber, CaseRecord::statusName(to))
                       : QStringLiteral("case \"%1\" is %2 and cannot be %3")
                             .arg(current->caseNumber, CaseRecord::statusName(from),
                                  closing ? QStringLiteral("closed") : QStringLiteral("reopened")));
    }

    const QString now = sql::timestamp();
    QSqlQuery update(m_connection.database());
    update.prepare(QStringLiteral("UPDATE cases SET status = ?, closed_at = ? WHERE id = ?"));
    update.bindValue(0, CaseRecord::statusName(to));
    update.bindValue(1, closing ? QVariant(now) : QVariant(QMetaType::fromType<QString>()));
    update.bindValue(2, id);
    if (!update.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("%1 case \"%2\"")
                                 .arg(closing ? QStringLiteral("close") : QStringLiteral("reopen"),
                                      current->caseNumber),
                             update.lastError());
    }

    AuditEntry entry;
    entry.action = closing ? QStringLiteral("case_closed") : QStringLiteral("case_reopened");
    entry.actor = actor;
    entry.caseId = id;
    entry.at = QDateTime::fromString(now, Qt::ISODateWithMs);
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), current->caseNumber},
        {QStringLiteral("previous_status"), CaseRecord::statusName(from)},
        {QStringLiteral("reason"), *cleanReason},
    };
    return recordAndCommit(*transaction, entry, id);
}

}  // namespace facecase
