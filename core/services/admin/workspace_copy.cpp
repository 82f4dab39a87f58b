#include "services/admin/workspace_copy.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSqlQuery>
#include <QSqlRecord>

#include "audit/audit_trail.h"
#include "store/evidence_store.h"
#include "store/store_error.h"
#include "store/transaction.h"
#include "store/workspace_identity.h"

namespace facecase {

namespace {
// supervisor_credential is left behind on purpose: an agency database has no passphrase (the
// supervisor role replaces it), and a secret has no business travelling. meta stays the
// target's own (its workspace id); the source's is recorded in workspace_copied.
const QStringList kTables = {
    QStringLiteral("galleries"),        QStringLiteral("subjects"),
    QStringLiteral("descriptor_models"), QStringLiteral("enrollment_jobs"),
    QStringLiteral("images"),           QStringLiteral("faces"),
    QStringLiteral("face_changes"),     QStringLiteral("face_images"),
    QStringLiteral("enrollment_items"),
    QStringLiteral("cases"),            QStringLiteral("probes"),
    QStringLiteral("searches"),         QStringLiteral("candidates"),
    QStringLiteral("annotations"),      QStringLiteral("annotation_marks"),
    QStringLiteral("verdict_reviews"),  QStringLiteral("policy_settings"),
    QStringLiteral("audit_log"),
};
// Tables whose id is an identity column on PostgreSQL: their counters must move past the ids.
const QStringList kIdentityTables = {
    QStringLiteral("galleries"),     QStringLiteral("subjects"),        QStringLiteral("descriptor_models"),
    QStringLiteral("enrollment_jobs"), QStringLiteral("images"),        QStringLiteral("faces"),
    QStringLiteral("enrollment_items"), QStringLiteral("cases"),        QStringLiteral("probes"),
    QStringLiteral("searches"),      QStringLiteral("candidates"),      QStringLiteral("annotations"),
    QStringLiteral("annotation_marks"), QStringLiteral("verdict_reviews"),
    QStringLiteral("face_changes"),
};

Result<qint64> countOf(const DatabaseConnection& db, const QString& table) {
    QSqlQuery query(db.database());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM %1").arg(table)) || !query.next()) {
        return databaseError(db.databasePath(), QStringLiteral("count the rows of %1").arg(table),
                             query.lastError());
    }
    return query.value(0).toLongLong();
}

Result<QStringList> targetColumns(const DatabaseConnection& db, const QString& table) {
    QSqlQuery query(db.database());
    query.prepare(QStringLiteral(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = CAST(? AS text) ORDER BY ordinal_position"));
    query.bindValue(0, table);
    if (!query.exec()) {
        return databaseError(db.databasePath(), QStringLiteral("read the columns of %1").arg(table),
                             query.lastError());
    }
    QStringList columns;
    while (query.next()) columns << query.value(0).toString();
    return columns;
}

Result<qint64> copyTable(const DatabaseConnection& from, const DatabaseConnection& to,
                         const QString& table) {
    auto columns = targetColumns(to, table);
    if (!columns) return columns.error();
    const QString list = columns->join(QStringLiteral(", "));
    QSqlQuery read(from.database());
    read.setForwardOnly(true);  // streamed: a 300,000-face gallery is never held in memory
    if (!read.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY 1").arg(list, table))) {
        return databaseError(from.databasePath(), QStringLiteral("read %1").arg(table),
                             read.lastError());
    }
    QStringList marks;
    for (int i = 0; i < columns->size(); ++i) marks << QStringLiteral("?");
    QSqlQuery write(to.database());
    write.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                      .arg(table, list, marks.join(QStringLiteral(", "))));
    qint64 rows = 0;
    while (read.next()) {
        for (int i = 0; i < columns->size(); ++i) write.bindValue(i, read.value(i));
        if (!write.exec()) {
            return databaseError(to.databasePath(),
                                 QStringLiteral("copy row %1 of %2 (%3 = %4)")
                                     .arg(rows + 1)
                                     .arg(table, columns->front(), read.value(0).toString()),
                                 write.lastError());
        }
        ++rows;
    }
    return rows;
}

Result<void> setTriggers(const DatabaseConnection& to, bool enabled) {
    for (const QString& table : kTables) {
        if (auto r = to.exec(QStringLiteral("ALTER TABLE %1 %2 TRIGGER USER")
                                 .arg(table, enabled ? QStringLiteral("ENABLE")
                                                     : QStringLiteral("DISABLE")),
                             QStringLiteral("switch the triggers of %1 for the copy").arg(table));
            !r) {
            return r;
        }
    }
    return {};
}

Result<std::pair<qint64, qint64>> copyEvidence(const Workspace& from,
                                               const DatabaseConnection& source,
                                               const Workspace& to, const DatabaseConnection& target,
                                               const WorkspaceCopy::Progress& progress) {
    QSqlQuery query(source.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT evidence_path FROM probes UNION "
                                   "SELECT probe_evidence_path FROM searches ORDER BY 1"))) {
        return databaseError(source.databasePath(), QStringLiteral("list the evidence files"),
                             query.lastError());
    }
    QStringList paths;
    while (query.next()) paths << query.value(0).toString();
    qint64 files = 0;
    qint64 bytesCopied = 0;
    const EvidenceStore store(to, target);
    for (const QString& relative : paths) {
        if (progress) progress(relative, files + 1);
        // The source's own check: present, and still the bytes its name says.
        auto local = EvidenceStore(from, source).localFile(relative);
        if (!local) return local.error();
        QFile file(*local);
        if (!file.open(QIODevice::ReadOnly)) {
            return Error::invalidInput(
                QStringLiteral("%1: cannot read (%2)").arg(*local, file.errorString()));
        }
        const QByteArray bytes = file.readAll();
        const QFileInfo name(relative);
        auto kept = store.keep(bytes, name.completeBaseName(), name.suffix(), *local);
        if (!kept) return kept.error();
        ++files;
        bytesCopied += bytes.size();
    }
    return std::pair{files, bytesCopied};
}

}  // namespace

const QStringList& WorkspaceCopy::tables() {
    return kTables;
}

Result<WorkspaceCopy::Report> WorkspaceCopy::copy(const Workspace& from, const Workspace& to,
                                                  const Progress& progress) {
    if (from.isPostgres() || !to.isPostgres()) {
        return Error::invalidInput(
            QStringLiteral("workspace copy moves a workspace folder into an agency database: "
                           "--from a folder, --to postgresql://…"));
    }
    auto source = from.openConnection();
    if (!source) return source.error();
    auto target = to.openConnection();
    if (!target) return target.error();

    // 1. Only an intact chain is moved: copying a broken one would launder the break.
    auto before = AuditTrail(*source).verify();
    if (!before) return before.error();
    if (!before->intact()) {
        return Error::invalidInput(
            QStringLiteral("%1: the audit chain is broken at record %2 (%3); nothing was copied. "
                           "Run `facecase-cli audit verify` on it and keep it as it is")
                .arg(from.folder())
                .arg(before->firstBreak->seq)
                .arg(before->firstBreak->explanation));
    }

    auto transaction = Transaction::begin(*target, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    Report report;
    report.sourceHeadSeq = before->headSeq;
    for (const QString& table : kTables) {
        auto rows = countOf(*target, table);
        if (!rows) return rows.error();
        if (*rows > 0) {
            return Error::invalidInput(
                QStringLiteral("%1: already holds FaceCase data (%2 rows in %3); copy into an "
                               "empty database")
                    .arg(to.databasePath())
                    .arg(*rows)
                    .arg(table));
        }
    }

    // 2. Row by row, triggers off for this transaction's copy only (ALTER TABLE holds every
    //    table exclusively until the commit: nobody sees or writes them meanwhile).
    if (auto r = setTriggers(*target, false); !r) return r.error();
    for (const QString& table : kTables) {
        auto expected = countOf(*source, table);
        if (!expected) return expected.error();
        if (progress) progress(table, *expected);
        auto copied = copyTable(*source, *target, table);
        if (!copied) return copied.error();
        report.tables.push_back({table, *copied});
    }
    if (auto r = setTriggers(*target, true); !r) return r.error();
    for (const QString& table : kIdentityTables) {
        if (auto r = target->exec(
                QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), max(id)) FROM %1 "
                               "HAVING max(id) IS NOT NULL")
                    .arg(table),
                QStringLiteral("move the id counter of %1 past the copied ids").arg(table));
            !r) {
            return r.error();
        }
    }

    // 3. The evidence, checked on both ends.
    auto evidence = copyEvidence(from, *source, to, *target, progress);
    if (!evidence) return evidence.error();
    report.evidenceFiles = evidence->first;
    report.evidenceBytes = evidence->second;

    // 4. Counts and chain compared, then the move recorded where the data now lives.
    QJsonObject counts;
    for (const TableCount& copied : report.tables) {
        auto rows = countOf(*target, copied.table);
        if (!rows) return rows.error();
        auto expected = countOf(*source, copied.table);
        if (!expected) return expected.error();
        if (*rows != *expected || copied.rows != *expected) {
            return Error::internal(QStringLiteral("%1: %2 holds %3 rows after the copy, the "
                                                  "source %4; nothing was copied")
                                       .arg(to.databasePath(), copied.table)
                                       .arg(*rows)
                                       .arg(*expected));
        }
        counts.insert(copied.table, *rows);
    }
    // The records are the source's, byte for byte: the same head means the same chain (the
    // whole chain is verified again below, once committed; verify() reads its own snapshot).
    {
        QSqlQuery head(target->database());
        if (!head.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))) {
            return databaseError(to.databasePath(), QStringLiteral("read the copied chain's head"),
                                 head.lastError());
        }
        const bool same = head.next() ? head.value(0).toLongLong() == before->headSeq &&
                                            head.value(1).toString() == before->headHash
                                      : before->headSeq == 0;
        if (!same) {
            return Error::internal(QStringLiteral("%1: the copied audit chain does not end where "
                                                  "the source's does; nothing was copied")
                                       .arg(to.databasePath()));
        }
    }
    auto sourceId = workspaceIdOf(*source);
    if (!sourceId) return sourceId.error();
    AuditEntry entry;
    entry.action = QStringLiteral("workspace_copied");
    entry.actor = to.actor().name();
    entry.details = QJsonObject{
        {QStringLiteral("from"), from.folder()},
        {QStringLiteral("source_workspace_id"), *sourceId},
        {QStringLiteral("source_head_seq"), before->headSeq},
        {QStringLiteral("source_head_hash"), before->headHash},
        {QStringLiteral("rows"), counts},
        {QStringLiteral("evidence_files"), report.evidenceFiles},
    };
    auto recorded = AuditTrail(*target).append(*transaction, entry);
    if (!recorded) return recorded.error();
    report.copied = *recorded;
    if (auto r = transaction->commit(); !r) return r.error();
    auto after = AuditTrail(*target).verify();
    if (!after) return after.error();
    if (!after->intact()) {
        return Error::internal(
            QStringLiteral("%1: the copy was committed but its audit chain does not verify (%2); "
                           "compare it with the source folder, which is unchanged")
                .arg(to.databasePath(), after->firstBreak->explanation));
    }
    return report;
}

}  // namespace facecase
