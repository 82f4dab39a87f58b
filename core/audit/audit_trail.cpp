#include "audit/audit_trail.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariantList>

#include "audit/audit_witness.h"
#include "audit/canonical_json.h"
#include "store/sql_values.h"
#include "store/store_error.h"

namespace facecase {

namespace {
using BreakKind = AuditVerification::BreakKind;
using Break = AuditVerification::Break;

const QString kColumns =
    QStringLiteral("seq, at, actor, case_id, action, details, prev_hash, hash");

AuditRecord readRecord(const QSqlQuery& query) {
    AuditRecord r;
    r.seq = query.value(0).toLongLong();
    r.at = query.value(1).toString();
    r.actor = query.value(2).toString();
    if (!query.value(3).isNull()) r.caseId = query.value(3).toLongLong();
    r.action = query.value(4).toString();
    r.details = query.value(5).toString().toUtf8();
    r.prevHash = query.value(6).toString();
    r.hash = query.value(7).toString();
    return r;
}

Result<void> validate(const AuditEntry& entry) {
    // Actions are constants chosen in code; a fixed alphabet keeps them greppable and makes
    // filters in the audit view exact.
    static const QRegularExpression actionPattern(QStringLiteral("^[a-z][a-z0-9_]*$"));
    if (!actionPattern.match(entry.action).hasMatch() ||
        entry.action.size() > AuditTrail::kMaxActionLength) {
        return Error::internal(
            QStringLiteral("audit action \"%1\" is not a lower-case snake_case name of at most "
                           "%2 characters")
                .arg(entry.action)
                .arg(AuditTrail::kMaxActionLength));
    }
    const QString actor = entry.actor.trimmed();
    if (actor.isEmpty()) {
        return Error::invalidInput(
            QStringLiteral("audit record \"%1\" needs an actor (who did it)").arg(entry.action));
    }
    if (actor.size() > AuditTrail::kMaxActorLength || !actor.isValidUtf16()) {
        return Error::invalidInput(
            QStringLiteral("actor name for \"%1\" is too long or not valid text")
                .arg(entry.action));
    }
    for (const QChar c : actor) {
        if (c.category() == QChar::Other_Control) {
            return Error::invalidInput(
                QStringLiteral("actor name \"%1\" contains a control character (newline, tab, ...)")
                    .arg(actor.simplified()));
        }
    }
    return {};
}
}  // namespace

Result<void> AuditTrail::requireOpenWriteTransaction(const Transaction& transaction,
                                                     const QString& action) const {
    if (!transaction.isOpenOn(m_connection) || transaction.kind() != Transaction::Kind::Write) {
        return Error::internal(
            QStringLiteral("%1: audit record \"%2\" refused: it must be written inside the open "
                           "write transaction of the action it records, on the same connection")
                .arg(m_connection.databasePath(), action));
    }
    // The Transaction object can outlive the SQLite transaction: SQLite rolls back by itself on
    // some errors (disk full, I/O error), and a record written now would then commit alone,
    // describing an action that never happened. BEGIN fails exactly when a transaction is open.
    // (PostgreSQL never ends one by itself, and only warns at a second BEGIN: nothing to probe.)
    if (!m_connection.dialect().mayEndTransactionByItself()) return {};
    QSqlQuery probe(m_connection.database());
    if (probe.exec(QStringLiteral("BEGIN"))) {
        (void)probe.exec(QStringLiteral("ROLLBACK"));  // undo the probe's own transaction
        return Error::internal(
            QStringLiteral("%1: audit record \"%2\" refused: the database has already rolled "
                           "back the transaction it belongs to")
                .arg(m_connection.databasePath(), action));
    }
    return {};
}

Result<AuditRecord> AuditTrail::append(const Transaction& transaction, const AuditEntry& entry) {
    if (auto open = requireOpenWriteTransaction(transaction, entry.action); !open) {
        return open.error();
    }
    if (auto valid = validate(entry); !valid) return valid.error();
    auto details = CanonicalJson::serialize(entry.details, QStringLiteral("details"));
    if (!details) {
        return Error::internal(
            QStringLiteral("audit record \"%1\": %2").arg(entry.action, details.errorMessage()));
    }

    QSqlQuery last(m_connection.database());
    last.setForwardOnly(true);
    if (!last.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the last audit record"), last.lastError());
    }
    AuditRecord record;
    record.prevHash = AuditRecord::genesisHash();
    record.seq = 1;
    if (last.next()) {
        record.seq = last.value(0).toLongLong() + 1;
        record.prevHash = last.value(1).toString();
    }
    last.finish();
    record.at = sql::timestamp(entry.at);
    record.actor = entry.actor.trimmed();
    record.caseId = entry.caseId;
    record.action = entry.action;
    record.details = std::move(details).value();
    record.hash = record.computeHash();

    QSqlQuery insert(m_connection.database());
    insert.prepare(
        QStringLiteral("INSERT INTO audit_log (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").arg(kColumns));
    insert.bindValue(0, record.seq);
    insert.bindValue(1, record.at);
    insert.bindValue(2, record.actor);
    insert.bindValue(3, sql::optionalInteger(record.caseId));
    insert.bindValue(4, record.action);
    insert.bindValue(5, QString::fromUtf8(record.details));
    insert.bindValue(6, record.prevHash);
    insert.bindValue(7, record.hash);
    if (!insert.exec()) {
        return databaseError(m_connection.databasePath(),
                             record.caseId
                                 ? QStringLiteral("record audit action \"%1\" for case id %2")
                                       .arg(record.action)
                                       .arg(*record.caseId)
                                 : QStringLiteral("record audit action \"%1\"").arg(record.action),
                             insert.lastError());
    }
    // Anchored only once the transaction commits: an anchor must never name a head the database
    // does not hold (a rollback would make an honest log look truncated).
    if (const QString& witness = m_connection.auditWitnessPath(); !witness.isEmpty()) {
        AuditAnchor anchor{record.seq, record.hash, record.at, m_connection.databasePath()};
        m_connection.runAfterCommit(
            [witness, anchor] { AuditWitness::anchorOrWarn(witness, anchor); },
            QStringLiteral("audit-anchor"));
    }
    return record;
}

Result<qint64> AuditTrail::lastSeq(std::optional<qint64> caseId) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // ORDER BY ... LIMIT 1 rather than max(): both backends then read one index entry from the
    // end of the case's range (as CaseRepository's last activity does).
    query.prepare(caseId ? QStringLiteral("SELECT seq FROM audit_log WHERE case_id = ? "
                                          "ORDER BY seq DESC LIMIT 1")
                         : QStringLiteral("SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1"));
    if (caseId) query.bindValue(0, *caseId);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the newest audit record"), query.lastError());
    }
    return query.next() ? query.value(0).toLongLong() : qint64(0);
}

Result<std::optional<qint64>> AuditTrail::seqOfHash(const QString& hash) const {
    if (hash == AuditRecord::genesisHash()) return std::optional<qint64>(0);
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT seq FROM audit_log WHERE hash = ?"));  // UNIQUE index
    query.bindValue(0, hash);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look up an audit record by hash"), query.lastError());
    }
    if (!query.next()) return std::optional<qint64>();
    return std::optional<qint64>(query.value(0).toLongLong());
}

Result<std::optional<QString>> AuditTrail::prevHashAfter(qint64 seq) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT prev_hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1"));
    query.bindValue(0, seq);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the audit record after seq %1").arg(seq),
                             query.lastError());
    }
    if (!query.next()) return std::optional<QString>();
    return std::optional<QString>(query.value(0).toString());
}

// Tells the four kinds of tampering apart from what the chain shows around `record`, given the
// seq and hash its predecessor (the last record that checked out) says it should have. The
// checks run in this order because each later one would also fire for the earlier cases: a
// swapped record's successor also links back past it, like an inserted one's.
Result<std::optional<Break>> AuditTrail::check(const AuditRecord& record, qint64 expectedSeq,
                                               const QString& expectedPrevHash) const {
    const qint64 seq = record.seq;
    if (seq > expectedSeq) {
        const QString where = expectedSeq == 1
                                  ? QStringLiteral("the log starts at seq %1").arg(seq)
                                  : QStringLiteral("the log goes from seq %1 to seq %2")
                                        .arg(expectedSeq - 1)
                                        .arg(seq);
        return std::optional<Break>(
            Break{expectedSeq, BreakKind::Deleted,
                  seq - 1 == expectedSeq
                      ? QStringLiteral("record %1 is missing: %2").arg(expectedSeq).arg(where)
                      : QStringLiteral("records %1 to %2 are missing: %3")
                            .arg(expectedSeq)
                            .arg(seq - 1)
                            .arg(where)});
    }
    if (seq < expectedSeq) {  // only possible for a first record with seq <= 0
        return std::optional<Break>(Break{
            seq, BreakKind::Inserted,
            QStringLiteral("record %1 precedes the first record of the log (seq 1)").arg(seq)});
    }
    const bool linked = record.prevHash == expectedPrevHash;
    const bool consistent = record.computeHash() == record.hash;
    if (linked && consistent) return std::optional<Break>();

    if (!linked) {
        auto predecessor = seqOfHash(record.prevHash);
        if (!predecessor) return predecessor.error();
        if (*predecessor && **predecessor > seq) {
            return std::optional<Break>(
                Break{seq, BreakKind::Reordered,
                      QStringLiteral("record %1 claims to follow record %2, which now comes "
                                     "after it: records were swapped")
                          .arg(seq)
                          .arg(**predecessor)});
        }
        if (*predecessor && **predecessor < seq - 1) {
            const qint64 first = **predecessor + 1;
            if (first == 1) {
                const QString inserted = seq == 2
                                             ? QStringLiteral("record 1 was")
                                             : QStringLiteral("records 1 to %1 were").arg(seq - 1);
                return std::optional<Break>(
                    Break{1, BreakKind::Inserted,
                          QStringLiteral("%1 inserted in front: record %2 starts from the "
                                         "genesis hash")
                              .arg(inserted)
                              .arg(seq)});
            }
            return std::optional<Break>(Break{
                first, BreakKind::Inserted,
                first == seq - 1
                    ? QStringLiteral("record %1 was inserted: record %2 follows record %3 "
                                     "directly")
                          .arg(first)
                          .arg(seq)
                          .arg(**predecessor)
                    : QStringLiteral("records %1 to %2 were inserted: record %3 follows record "
                                     "%4 directly")
                          .arg(first)
                          .arg(seq - 1)
                          .arg(seq)
                          .arg(**predecessor)});
        }
    }
    auto successorPrev = prevHashAfter(seq);
    if (!successorPrev) return successorPrev.error();
    if (*successorPrev && **successorPrev == expectedPrevHash) {
        return std::optional<Break>(
            Break{seq, BreakKind::Inserted,
                  QStringLiteral("record %1 was inserted: the record after it follows record %2 "
                                 "directly")
                      .arg(seq)
                      .arg(seq - 1)});
    }
    if (!linked && consistent && seq == 1) {
        return std::optional<Break>(
            Break{seq, BreakKind::Edited,
                  QStringLiteral("record 1 was changed: it does not start from the genesis "
                                 "hash")});
    }
    if (!linked && consistent) {
        // This record is intact and names a hash nobody has: its predecessor was rewritten and
        // given a new hash (which also makes the predecessor look consistent on its own).
        return std::optional<Break>(
            Break{seq - 1, BreakKind::Edited,
                  QStringLiteral("record %1 was changed and its hash recomputed: record %2 "
                                 "still names its original hash")
                      .arg(seq - 1)
                      .arg(seq)});
    }
    if (!linked) {
        return std::optional<Break>(
            Break{seq, BreakKind::Deleted,
                  QStringLiteral("the record that record %1 follows is gone and later records "
                                 "were renumbered to hide the gap")
                      .arg(seq)});
    }
    return std::optional<Break>(Break{
        seq, BreakKind::Edited,
        QStringLiteral("record %1 was changed: its contents no longer give its hash").arg(seq)});
}

Result<AuditVerification> AuditTrail::verify() const {
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Read);
    if (!transaction) return transaction.error();

    AuditVerification result;
    result.headHash = AuditRecord::genesisHash();
    QSqlQuery count(m_connection.database());
    if (!count.exec(QStringLiteral("SELECT count(*) FROM audit_log")) || !count.next()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("count the audit records"),
                             count.lastError());
    }
    result.recordCount = count.value(0).toLongLong();
    count.finish();

    QSqlQuery rows(m_connection.database());
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT %1 FROM audit_log ORDER BY seq").arg(kColumns))) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read the audit log"),
                             rows.lastError());
    }
    qint64 expectedSeq = 1;
    QString expectedPrevHash = AuditRecord::genesisHash();
    while (rows.next()) {
        const AuditRecord record = readRecord(rows);
        auto broken = check(record, expectedSeq, expectedPrevHash);
        if (!broken) return broken.error();
        if (*broken) {
            result.firstBreak = std::move(*broken);
            result.headSeq = 0;
            result.headHash.clear();
            return result;
        }
        expectedSeq = record.seq + 1;
        expectedPrevHash = record.hash;
        result.headSeq = record.seq;
        result.headHash = record.hash;
    }
    if (rows.lastError().type() != QSqlError::NoError) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read the audit log"),
                             rows.lastError());
    }
    return result;
}

Result<std::vector<AuditRecord>> AuditTrail::records(const AuditFilter& filter) const {
    QStringList conditions;
    QVariantList values;
    if (filter.caseId) {
        conditions << QStringLiteral("case_id = ?");
        values << *filter.caseId;
    }
    if (!filter.action.isEmpty()) {
        conditions << QStringLiteral("action = ?");
        values << filter.action;
    }
    if (!filter.actor.isEmpty()) {
        conditions << QStringLiteral("actor = ?");
        values << filter.actor;
    }
    // `at` is ISO 8601 UTC with milliseconds throughout, so text order is time order.
    if (filter.from.isValid()) {
        conditions << QStringLiteral("at >= ?");
        values << sql::timestamp(filter.from);
    }
    if (filter.until.isValid()) {
        conditions << QStringLiteral("at < ?");
        values << sql::timestamp(filter.until);
    }
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM audit_log %2 ORDER BY seq")
                      .arg(kColumns, conditions.isEmpty()
                                         ? QString()
                                         : QStringLiteral("WHERE ") +
                                               conditions.join(QStringLiteral(" AND "))));
    for (int i = 0; i < values.size(); ++i) query.bindValue(i, values[i]);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read audit records"),
                             query.lastError());
    }
    std::vector<AuditRecord> records;
    while (query.next()) records.push_back(readRecord(query));
    if (query.lastError().type() != QSqlError::NoError) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read audit records"),
                             query.lastError());
    }
    return records;
}

}  // namespace facecase
