#include "services/casework/case_catalog.h"

#include <QHash>
#include <QJsonObject>

#include "audit/audit_trail.h"
#include "store/case_repository.h"
#include "store/sql_values.h"
#include "store/text_field.h"
#include "store/transaction.h"
#include "types/display_time.h"

namespace facecase {

namespace {
using Lines = TextField::Lines;

Result<void> checkRetention(const std::optional<int>& days) {
    if (days && (*days < 1 || *days > CaseCatalog::kMaxRetentionDays)) {
        return Error::invalidInput(
            QStringLiteral("retention period %1 days is out of range (1 to %2 days)")
                .arg(*days)
                .arg(CaseCatalog::kMaxRetentionDays));
    }
    return {};
}

// Appends `entry` in `transaction`, reads case `id` back and commits: the last step of every
// change, so the case returned is exactly the one committed with its audit record.
Result<CaseRecord> recordAndCommit(const DatabaseConnection& connection, Transaction& transaction,
                                   const AuditEntry& entry, qint64 id) {
    if (auto recorded = AuditTrail(connection).append(transaction, entry); !recorded) {
        return recorded.error();
    }
    // As committed: read inside the same transaction.
    auto changed = CaseRepository(connection).findById(id);
    if (!changed) return changed.error();
    if (auto committed = transaction.commit(); !committed) return committed.error();
    return changed;
}
}  // namespace

Result<CaseRecord> CaseCatalog::create(const CaseRecord& draft) const {
    auto number = TextField::clean(draft.caseNumber, QStringLiteral("case number"),
                                   kMaxNumberLength, true, Lines::One);
    if (!number) return number.error();
    auto purpose = TextField::clean(draft.purpose, QStringLiteral("purpose / legal basis"),
                                    kMaxPurposeLength, true, Lines::Many);
    if (!purpose) return purpose.error();
    auto title = TextField::clean(draft.title, QStringLiteral("case title"), kMaxTitleLength, false,
                                  Lines::One);
    if (!title) return title.error();
    auto analyst =
        TextField::clean(draft.analyst.trimmed().isEmpty() ? m_actor.name() : draft.analyst,
                         QStringLiteral("analyst"), kMaxNameLength, true, Lines::One);
    if (!analyst) return analyst.error();
    if (auto valid = checkRetention(draft.retentionDays); !valid) return valid.error();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    CaseRepository cases(m_connection);

    // Looked up under the write lock rather than left to the UNIQUE constraint: the constraint
    // is case-sensitive, and the message should name the existing case as it is spelled.
    auto existing = cases.withNumber(*number);
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
    auto id = cases.insert(CaseRepository::NewCase{*number, *title, *purpose, *analyst, openedAt,
                                                   draft.retentionDays});
    if (!id) return id.error();

    AuditEntry entry;
    entry.action = QStringLiteral("case_created");
    entry.actor = m_actor.name();
    entry.caseId = *id;
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
    return recordAndCommit(m_connection, *transaction, entry, *id);
}

Result<std::vector<CaseRecord>> CaseCatalog::list() const {
    return CaseRepository(m_connection).list();
}

Result<CaseRecord> CaseCatalog::findByNumber(const QString& caseNumber) const {
    return CaseRepository(m_connection).findByNumber(caseNumber);
}

Result<CaseRecord> CaseCatalog::findById(qint64 id) const {
    return CaseRepository(m_connection).findById(id);
}

Result<CaseRecord> CaseCatalog::close(qint64 id, const QString& reason,
                                      std::optional<qint64> seenChange) const {
    return changeStatus(id, CaseRecord::Status::Closed, reason, seenChange);
}

Result<CaseRecord> CaseCatalog::reopen(qint64 id, const QString& reason,
                                       std::optional<qint64> seenChange) const {
    return changeStatus(id, CaseRecord::Status::Open, reason, seenChange);
}

Result<void> CaseCatalog::checkUnchanged(const CaseRecord& current,
                                         std::optional<qint64> seenChange,
                                         const QString& intent) const {
    if (!seenChange || *seenChange == current.changeSeq) return {};
    auto changes = CaseRepository(m_connection).changesAfter(current.id, *seenChange);
    if (!changes) return changes.error();
    const QString now = current.isPurged() ? QStringLiteral("purged")
                                           : CaseRecord::statusName(current.status);
    if (changes->empty()) {  // a version the case never had: say so rather than guess
        return Error::conflict(
            QStringLiteral("case \"%1\" is not as your screen showed it (it is %2 now); look at "
                           "it again and %3 if you still mean to")
                .arg(current.caseNumber, now, intent));
    }
    const CaseRepository::Change& latest = changes->back();
    static const QHash<QString, QString> done{
        {QStringLiteral("case_created"), QStringLiteral("opened")},
        {QStringLiteral("case_closed"), QStringLiteral("closed")},
        {QStringLiteral("case_reopened"), QStringLiteral("reopened")},
        {QStringLiteral("case_retention_changed"), QStringLiteral("given another retention period")},
        {QStringLiteral("case_purged"), QStringLiteral("purged")},
    };
    const QString others = changes->size() > 1
                               ? QStringLiteral(" (%1 changes since)").arg(changes->size())
                               : QString();
    return Error::conflict(
        QStringLiteral("case \"%1\" was %2 by %3 at %4 since your screen showed it%5; it is %6 "
                       "now: look at it and %7 if you still mean to")
            .arg(current.caseNumber, done.value(latest.action, latest.action), latest.actor,
                 displayTime(latest.at), others, now, intent));
}

Result<CaseRecord> CaseCatalog::changeStatus(qint64 id, CaseRecord::Status to,
                                             const QString& reason,
                                             std::optional<qint64> seenChange) const {
    auto cleanReason =
        TextField::clean(reason, QStringLiteral("reason"), kMaxReasonLength, false, Lines::Many);
    if (!cleanReason) return cleanReason.error();
    const bool closing = to == CaseRecord::Status::Closed;

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    CaseRepository cases(m_connection);
    // Read under the write lock, so two analysts closing the same case cannot both succeed.
    auto current = cases.findById(id);
    if (!current) return current.error();
    if (auto unchanged = checkUnchanged(*current, seenChange,
                                        closing ? QStringLiteral("close it again")
                                                : QStringLiteral("reopen it again"));
        !unchanged) {
        return unchanged.error();
    }
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
    if (auto updated = cases.updateStatus(id, current->caseNumber, to, closing ? now : QString());
        !updated) {
        return updated.error();
    }

    AuditEntry entry;
    entry.action = closing ? QStringLiteral("case_closed") : QStringLiteral("case_reopened");
    entry.actor = m_actor.name();
    entry.caseId = id;
    entry.at = QDateTime::fromString(now, Qt::ISODateWithMs);
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), current->caseNumber},
        {QStringLiteral("previous_status"), CaseRecord::statusName(from)},
        {QStringLiteral("reason"), *cleanReason},
    };
    return recordAndCommit(m_connection, *transaction, entry, id);
}

Result<CaseRecord> CaseCatalog::setRetention(qint64 id, std::optional<int> days,
                                             const QString& reason,
                                             std::optional<qint64> seenChange) const {
    if (auto valid = checkRetention(days); !valid) return valid.error();
    auto cleanReason =
        TextField::clean(reason, QStringLiteral("reason"), kMaxReasonLength, true, Lines::Many);
    if (!cleanReason) return cleanReason.error();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    CaseRepository cases(m_connection);
    // Read under the write lock, so that the record's "from" is the period this one replaces.
    auto current = cases.findById(id);
    if (!current) return current.error();
    if (auto unchanged =
            checkUnchanged(*current, seenChange, QStringLiteral("set its retention period again"));
        !unchanged) {
        return unchanged.error();
    }
    if (current->isPurged()) return Error::invalidInput(current->purgedNotice());
    const auto describe = [](const std::optional<int>& value) {
        return value ? QStringLiteral("%1 days").arg(*value) : QStringLiteral("the policy default");
    };
    if (current->retentionDays == days) {
        return Error::invalidInput(QStringLiteral("case \"%1\" already keeps its data for %2")
                                       .arg(current->caseNumber, describe(days)));
    }

    if (auto updated = cases.updateRetention(id, current->caseNumber, days); !updated) {
        return updated.error();
    }

    // Days as whole numbers; the policy default as words, since its number may change later.
    const auto json = [](const std::optional<int>& value) {
        return value ? QJsonValue(*value) : QJsonValue(kPolicyDefaultRetention);
    };
    AuditEntry entry;
    entry.action = QStringLiteral("case_retention_changed");
    entry.actor = m_actor.name();
    entry.caseId = id;
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), current->caseNumber},
        {QStringLiteral("from"), json(current->retentionDays)},
        {QStringLiteral("to"), json(days)},
        {QStringLiteral("reason"), *cleanReason},
    };
    return recordAndCommit(m_connection, *transaction, entry, id);
}

}  // namespace facecase
