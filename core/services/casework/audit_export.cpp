#include "services/casework/audit_export.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>
#include <vector>

#include "audit/audit_trail.h"
#include "store/case_repository.h"
#include "store/transaction.h"

namespace facecase {

namespace {
// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
QByteArray csvField(const QByteArray& text) {
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n') && !text.contains('\r')) {
        return text;
    }
    QByteArray quoted = text;
    quoted.replace("\"", "\"\"");
    return '"' + quoted + '"';
}

QByteArray csvOf(const std::vector<AuditRecord>& records) {
    QByteArray out = "seq,at,actor,case_id,action,details,prev_hash,hash\r\n";
    for (const AuditRecord& r : records) {
        const QList<QByteArray> fields{
            QByteArray::number(r.seq), r.at.toUtf8(), csvField(r.actor.toUtf8()),
            r.caseId ? QByteArray::number(*r.caseId) : QByteArray(), csvField(r.action.toUtf8()),
            csvField(r.details), r.prevHash.toUtf8(), r.hash.toUtf8()};
        out += fields.join(',');
        out += "\r\n";
    }
    return out;
}

QByteArray jsonLinesOf(const std::vector<AuditRecord>& records) {
    QByteArray out;
    for (const AuditRecord& r : records) {
        out += r.exportJson();
        out += '\n';
    }
    return out;
}

Error cannotWrite(const QString& path, const QString& why) {
    return Error::invalidInput(QStringLiteral("%1: cannot write (%2)").arg(path, why));
}
}  // namespace

std::optional<AuditExport::Format> AuditExport::formatFromName(const QString& name) {
    if (name == QLatin1String("jsonl")) return Format::JsonLines;
    if (name == QLatin1String("csv")) return Format::Csv;
    return std::nullopt;
}

QString AuditExport::formatName(Format format) {
    return format == Format::Csv ? QStringLiteral("csv") : QStringLiteral("jsonl");
}

Result<AuditExport::Summary> AuditExport::exportCase(const Request& request, QIODevice* stream) const {
    auto found = CaseRepository(m_connection).findByNumber(request.caseNumber);
    if (!found) return found.error();

    std::optional<Transaction> transaction;
    if (request.record) {
        auto begun = Transaction::begin(m_connection, Transaction::Kind::Write);
        if (!begun) return begun.error();
        transaction.emplace(std::move(begun).value());
    }
    AuditFilter filter;
    filter.caseId = found->id;
    auto records = AuditTrail(m_connection).records(filter);
    if (!records) return records.error();
    const QByteArray bytes = request.format == Format::Csv ? csvOf(*records) : jsonLinesOf(*records);

    const bool toFile = !request.outPath.isEmpty();
    const QString outPath = toFile ? QFileInfo(request.outPath).absoluteFilePath() : QString();
    QSaveFile file(outPath);
    if (toFile) {
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
            return cannotWrite(outPath, file.errorString());
        }
    } else if (!stream || stream->write(bytes) != bytes.size()) {
        return Error::internal(QStringLiteral("the audit export could not be written out"));
    }

    const QString destination = toFile ? outPath : QStringLiteral("stdout");
    if (transaction) {
        AuditEntry entry;
        entry.action = QStringLiteral("audit_exported");
        entry.actor = m_actor.name();
        entry.caseId = found->id;
        entry.details = QJsonObject{
            {QStringLiteral("case_number"), found->caseNumber},
            {QStringLiteral("format"), formatName(request.format)},
            {QStringLiteral("records"), qint64(records->size())},
            {QStringLiteral("first_seq"), records->empty() ? QJsonValue() : QJsonValue(records->front().seq)},
            {QStringLiteral("last_seq"), records->empty() ? QJsonValue() : QJsonValue(records->back().seq)},
            {QStringLiteral("sha256"),
             QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())},
            {QStringLiteral("destination"), destination},
        };
        auto appended = AuditTrail(m_connection).append(*transaction, entry);
        if (!appended) return appended.error();
    }
    // The transaction rolls back when this fails: no record of an export that failed.
    if (toFile && !file.commit()) return cannotWrite(outPath, file.errorString());
    if (transaction) {
        if (auto committed = transaction->commit(); !committed) {
            if (toFile) QFile::remove(outPath);  // an export that is not in the log does not exist
            return committed.error();
        }
    }
    return Summary{std::move(found).value(), qint64(records->size()), destination};
}

}  // namespace facecase
