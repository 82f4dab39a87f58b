#include "store/probe_repository.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

#include "audit/audit_trail.h"
#include "store/open_case_guard.h"
#include "store/sql_values.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
bool isSha256(const QString& text) {
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(text).hasMatch();
}
}  // namespace

Result<std::vector<ProbeRecord>> ProbeRepository::select(const QString& where,
                                                         const QVariantList& values) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, case_id, sha256, evidence_path, original_path, "
                                 "file_bytes, width, height, format, imported_at, actor, "
                                 "declared_kind, edit_note FROM probes %1 ORDER BY id")
                      .arg(where));
    for (int i = 0; i < values.size(); ++i) query.bindValue(i, values[i]);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read probes"),
                             query.lastError());
    }
    std::vector<ProbeRecord> probes;
    while (query.next()) {
        ProbeRecord p;
        p.id = query.value(0).toLongLong();
        p.caseId = query.value(1).toLongLong();
        p.sha256 = query.value(2).toString();
        p.evidencePath = query.value(3).toString();
        p.originalPath = query.value(4).toString();
        p.fileBytes = query.value(5).toLongLong();
        p.width = query.value(6).toInt();
        p.height = query.value(7).toInt();
        p.format = query.value(8).toString();
        p.importedAt = QDateTime::fromString(query.value(9).toString(), Qt::ISODateWithMs);
        p.actor = query.value(10).toString();
        p.declaredKind = ProbeRecord::kindFromName(query.value(11).toString())
                             .value_or(ProbeRecord::DeclaredKind::Unknown);
        p.editNote = query.value(12).toString();
        probes.push_back(std::move(p));
    }
    return probes;
}

Result<ProbeRepository::Added> ProbeRepository::add(const ProbeRecord& draft,
                                                    const QString& actor) {
    const QString name = draft.originalPath.isEmpty() ? draft.evidencePath : draft.originalPath;
    if (!isSha256(draft.sha256)) {
        return Error::invalidInput(
            QStringLiteral("%1: \"%2\" is not a lower-case hex SHA-256").arg(name, draft.sha256));
    }
    if (draft.evidencePath.isEmpty() || draft.evidencePath.startsWith(QLatin1Char('/'))) {
        return Error::invalidInput(
            QStringLiteral("%1: the evidence path must be relative to the workspace folder")
                .arg(name));
    }
    const QString editNote = draft.editNote.trimmed();
    if (draft.declaredKind == ProbeRecord::DeclaredKind::EditedImage && editNote.isEmpty()) {
        return Error::invalidInput(
            QStringLiteral("%1: an edited image needs a note saying what was edited (cropped, "
                           "brightened, retouched, ...)")
                .arg(name));
    }
    if (editNote.size() > kMaxEditNoteLength) {
        return Error::invalidInput(QStringLiteral("%1: edit note too long (%2 characters, at most %3)")
                                       .arg(name)
                                       .arg(editNote.size())
                                       .arg(kMaxEditNoteLength));
    }

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto theCase = OpenCaseGuard::require(m_connection, draft.caseId, QStringLiteral("add a probe"));
    if (!theCase) return theCase.error();
    // Under the write lock: two windows adding the same photo cannot both insert it.
    auto existing = findInCase(draft.caseId, draft.sha256);
    if (!existing) return existing.error();
    if (*existing) return Added{**existing, true};

    const QString importedAt = sql::timestamp();
    QSqlQuery insert(m_connection.database());
    insert.prepare(QStringLiteral(
        "INSERT INTO probes (case_id, sha256, evidence_path, original_path, file_bytes, width, "
        "height, format, imported_at, actor, declared_kind, edit_note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    insert.bindValue(0, draft.caseId);
    insert.bindValue(1, draft.sha256);
    insert.bindValue(2, draft.evidencePath);
    insert.bindValue(3, sql::text(draft.originalPath));
    insert.bindValue(4, draft.fileBytes);
    insert.bindValue(5, draft.width);
    insert.bindValue(6, draft.height);
    insert.bindValue(7, sql::text(draft.format));
    insert.bindValue(8, importedAt);
    insert.bindValue(9, actor);
    insert.bindValue(10, ProbeRecord::kindName(draft.declaredKind));
    insert.bindValue(11, sql::text(editNote));
    if (!insert.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("add probe %1 to case \"%2\"")
                                 .arg(name, theCase->caseNumber),
                             insert.lastError());
    }
    const qint64 id = sql::insertedId(insert);

    AuditEntry entry;
    entry.action = QStringLiteral("probe_added");
    entry.actor = actor;
    entry.caseId = draft.caseId;
    entry.at = QDateTime::fromString(importedAt, Qt::ISODateWithMs);
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), theCase->caseNumber},
        {QStringLiteral("probe_id"), id},
        {QStringLiteral("sha256"), draft.sha256},
        {QStringLiteral("original_path"), draft.originalPath},
        {QStringLiteral("evidence_path"), draft.evidencePath},
        {QStringLiteral("file_bytes"), draft.fileBytes},
        {QStringLiteral("width"), draft.width},
        {QStringLiteral("height"), draft.height},
        {QStringLiteral("format"), draft.format},
        {QStringLiteral("declared_kind"), ProbeRecord::kindName(draft.declaredKind)},
        {QStringLiteral("edit_note"), editNote},
    };
    if (auto recorded = AuditTrail(m_connection).append(*transaction, entry); !recorded) {
        return recorded.error();
    }
    auto added = findById(id);
    if (!added) return added.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return Added{*added, false};
}

Result<ProbeRecord> ProbeRepository::findById(qint64 id) const {
    auto found = select(QStringLiteral("WHERE id = ?"), {id});
    if (!found) return found.error();
    if (found->empty()) {
        return Error::notFound(
            QStringLiteral("%1: no probe with id %2").arg(m_connection.databasePath()).arg(id));
    }
    return found->front();
}

Result<std::optional<ProbeRecord>> ProbeRepository::findInCase(qint64 caseId,
                                                               const QString& sha256) const {
    auto found = select(QStringLiteral("WHERE case_id = ? AND sha256 = ?"), {caseId, sha256});
    if (!found) return found.error();
    if (found->empty()) return std::optional<ProbeRecord>();
    return std::optional<ProbeRecord>(found->front());
}

Result<std::vector<ProbeRecord>> ProbeRepository::listForCase(qint64 caseId) const {
    return select(QStringLiteral("WHERE case_id = ?"), {caseId});
}

}  // namespace facecase
