#include "policy/policy_store.h"

#include "store/postgres_roles.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>

#include "policy/supervisor_passphrase.h"
#include "audit/audit_trail.h"
#include "store/refusal_record.h"
#include "store/sql_values.h"
#include "store/store_error.h"
#include "types/display_time.h"
#include "store/transaction.h"

namespace facecase {

namespace {
const QString kPassphraseKey = QStringLiteral("supervisor_passphrase");

Result<QString> cleanReason(const QString& reason) {
    const QString trimmed = reason.trimmed();
    if (trimmed.isEmpty()) {
        return Error::invalidInput(QStringLiteral(
            "a policy change needs a reason: it goes into the audit log with the change"));
    }
    if (trimmed.size() > PolicyStore::kMaxReasonLength) {
        return Error::invalidInput(QStringLiteral("the reason is too long (at most %1 characters)")
                                       .arg(PolicyStore::kMaxReasonLength));
    }
    return trimmed;
}
}  // namespace

Result<PolicyStore::Stored> PolicyStore::read() const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT key, value FROM policy_settings ORDER BY key"))) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read the agency policy"),
                             query.lastError());
    }
    Stored stored;
    // One row at a time within each setting's bounds; the cross-setting rules (minimum ≤
    // default ≤ maximum) once all are in, whatever order the rows come in.
    while (query.next()) {
        const QString key = query.value(0).toString();
        const QString value = query.value(1).toString();
        if (auto applied = stored.policy.set(key, value); !applied) {
            stored.damaged.push_back(QStringLiteral("%1 = \"%2\": %3").arg(key, value, applied.errorMessage()));
        }
    }
    if (auto consistent = stored.policy.checkConsistent(); !consistent) {
        stored.damaged.push_back(consistent.errorMessage());
    }
    return stored;
}

Result<AgencyPolicy> PolicyStore::load() const {
    auto stored = read();
    if (!stored) return stored.error();
    if (!stored->damaged.empty()) {
        return Error::invalidInput(
            QStringLiteral("%1: the agency policy stored in the workspace is not valid (%2); a "
                           "supervisor must set it again (facecase-cli policy set)")
                .arg(m_connection.databasePath(), stored->damaged.front()));
    }
    return stored->policy;
}

Result<QString> PolicyStore::storedHash() const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT passphrase_hash FROM supervisor_credential WHERE id = 1"))) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the supervisor credential"), query.lastError());
    }
    return query.next() ? query.value(0).toString() : QString();
}

Result<bool> PolicyStore::hasSupervisorPassphrase() const {
    auto hash = storedHash();
    if (!hash) return hash.error();
    return !hash->isEmpty();
}

Result<Transaction> PolicyStore::beginWithHash(const QString& checkedHash) const {
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto locked = storedHash();
    if (!locked) return locked.error();
    if (*locked != checkedHash) {
        return Error::invalidInput(QStringLiteral(
            "the supervisor passphrase was changed by someone else meanwhile; nothing was changed"));
    }
    return transaction;
}

Result<void> PolicyStore::checkSeen(const AgencyPolicy& stored, const Change& change) const {
    const QString key = change.key.trimmed();
    if (!change.seen || stored.valueText(key) == *change.seen) return {};
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT changed_by, changed_at FROM policy_settings WHERE key = ?"));
    query.bindValue(0, key);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read policy %1").arg(key),
                             query.lastError());
    }
    const QString now = stored.valueText(key);
    if (!query.next()) {  // back at the built-in default by no stored row: say what it is
        return Error::conflict(QStringLiteral("%1 is %2 now, not %3 as your screen showed; look at "
                                              "it and set yours again")
                                   .arg(key, now, *change.seen));
    }
    return Error::conflict(
        QStringLiteral("%1 was changed to %2 by %3 at %4 since you opened the policy; look at it "
                       "and set yours again")
            .arg(key, now, query.value(0).toString(), displayTime(query.value(1).toString())));
}

Error PolicyStore::refuse(const QStringList& keys, const QString& actor, Error why) const {
    return RefusalRecord::write(m_connection, QStringLiteral("policy_change_refused"), std::nullopt,
                                QJsonObject{{QStringLiteral("keys"), keys.join(QLatin1Char(','))}},
                                actor, std::move(why));
}

Result<AuditRecord> PolicyStore::setSupervisorPassphrase(const QString& current,
                                                         const QString& next,
                                                         const QString& actor) {
    const QStringList keys{kPassphraseKey};
    if (m_connection.dialect().backend() == SqlBackend::PostgreSql) {
        return refuse(keys, actor,
                      Error::invalidInput(QStringLiteral(
                          "an agency database needs no supervisor passphrase: the policy is "
                          "changed by a login with the supervisor role (role %1)")
                                              .arg(AgencyRoles::groupRole(AgencyRole::Supervisor))));
    }
    auto checked = storedHash();
    if (!checked) return checked.error();
    const bool first = checked->isEmpty();
    if (!first && !SupervisorPassphrase::matches(*checked, current)) {
        return refuse(keys, actor,
                      Error::invalidInput(QStringLiteral(
                          "the current supervisor passphrase is not correct; nothing was changed")));
    }
    auto hashed = SupervisorPassphrase::hash(next);
    if (!hashed) return refuse(keys, actor, hashed.error());

    auto transaction = beginWithHash(*checked);
    if (!transaction) return transaction.error();
    QSqlQuery write(m_connection.database());
    write.prepare(QStringLiteral(
        "INSERT INTO supervisor_credential (id, passphrase_hash, set_at, set_by) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET passphrase_hash = excluded.passphrase_hash, "
        "set_at = excluded.set_at, set_by = excluded.set_by"));
    const QString at = sql::timestamp();
    write.bindValue(0, *hashed);
    write.bindValue(1, at);
    write.bindValue(2, actor);
    if (!write.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("store the supervisor passphrase"), write.lastError());
    }
    AuditEntry entry;
    entry.action = first ? QStringLiteral("supervisor_passphrase_set")
                         : QStringLiteral("supervisor_passphrase_changed");
    entry.actor = actor;
    entry.at = QDateTime::fromString(at, Qt::ISODateWithMs);
    entry.details = QJsonObject{{QStringLiteral("algorithm"), QStringLiteral("argon2id")}};
    auto recorded = AuditTrail(m_connection).append(*transaction, entry);
    if (!recorded) return recorded.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return recorded;
}

Result<Transaction> PolicyStore::authorise(const QStringList& keys, const QString& passphrase,
                                           const QString& actor) const {
    if (m_connection.dialect().backend() == SqlBackend::PostgreSql) {
        // An agency database knows who is logged in: the supervisor role replaces the shared
        // passphrase, and its GRANT on policy_settings is what the database enforces.
        auto supervisor = AgencyRoles::loginActsAs(m_connection, AgencyRole::Supervisor);
        if (!supervisor) return supervisor.error();
        if (!*supervisor) {
            return refuse(keys, actor,
                          Error::invalidInput(QStringLiteral(
                              "your database login %1 is not a supervisor (role %2), so it "
                              "cannot change the policy")
                                                  .arg(actor, AgencyRoles::groupRole(
                                                                  AgencyRole::Supervisor))));
        }
        return Transaction::begin(m_connection, Transaction::Kind::Write);
    }
    auto checked = storedHash();
    if (!checked) return checked.error();
    if (checked->isEmpty()) {
        return refuse(keys, actor,
                      Error::invalidInput(QStringLiteral(
                          "no supervisor passphrase is set for this workspace, so its policy "
                          "cannot be changed; a supervisor sets one first (facecase-cli policy "
                          "set-passphrase)")));
    }
    if (!SupervisorPassphrase::matches(*checked, passphrase)) {
        return refuse(keys, actor,
                      Error::invalidInput(QStringLiteral(
                          "the supervisor passphrase is not correct; the policy was not changed")));
    }
    return beginWithHash(*checked);
}

Result<AuditRecord> PolicyStore::change(const std::vector<Change>& changes,
                                        const QString& passphrase, const QString& reason,
                                        const QString& actor) {
    QStringList keys;
    for (const Change& c : changes) keys << c.key.trimmed();
    if (changes.empty()) return Error::invalidInput(QStringLiteral("no policy setting to change"));
    auto why = cleanReason(reason);
    if (!why) return refuse(keys, actor, why.error());

    auto transaction = authorise(keys, passphrase, actor);
    if (!transaction) return transaction.error();
    // Starts from what is stored even when some of it is damaged: setting a damaged key again
    // is how a supervisor repairs it.
    auto stored = read();
    if (!stored) return stored.error();
    for (const Change& c : changes) {
        if (auto unchanged = checkSeen(stored->policy, c); !unchanged) return unchanged.error();
    }
    AgencyPolicy after = stored->policy;
    QJsonArray changed;
    // Each value within its bounds one by one; the rules between settings (minimum ≤ default ≤
    // maximum) once all are in, so the order the changes are listed in does not matter.
    for (const Change& c : changes) {
        const QString key = c.key.trimmed();
        const QString from = after.valueText(key);
        if (auto applied = after.set(key, c.value); !applied) {
            transaction->rollback();
            return refuse(keys, actor, applied.error());
        }
        changed.append(QJsonObject{{QStringLiteral("key"), key},
                                   {QStringLiteral("from"), from},
                                   {QStringLiteral("to"), after.valueText(key)}});
    }
    if (auto consistent = after.checkConsistent(); !consistent) {
        transaction->rollback();
        return refuse(keys, actor, consistent.error());
    }
    const QString at = sql::timestamp();
    QSqlQuery write(m_connection.database());
    write.prepare(QStringLiteral(
        "INSERT INTO policy_settings (key, value, changed_at, changed_by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, "
        "changed_by = excluded.changed_by"));
    for (const Change& c : changes) {
        write.bindValue(0, c.key.trimmed());
        write.bindValue(1, after.valueText(c.key.trimmed()));
        write.bindValue(2, at);
        write.bindValue(3, actor);
        if (!write.exec()) {
            return databaseError(m_connection.databasePath(),
                                 QStringLiteral("store policy %1").arg(c.key), write.lastError());
        }
    }
    AuditEntry entry;
    entry.action = QStringLiteral("policy_changed");
    entry.actor = actor;
    entry.at = QDateTime::fromString(at, Qt::ISODateWithMs);
    entry.details = QJsonObject{{QStringLiteral("changes"), changed},
                                {QStringLiteral("reason"), *why}};
    auto recorded = AuditTrail(m_connection).append(*transaction, entry);
    if (!recorded) return recorded.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return recorded;
}

}  // namespace facecase
