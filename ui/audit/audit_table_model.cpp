#include "audit/audit_table_model.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "types/display_time.h"

namespace facecase::ui {

void AuditTableModel::setRecords(std::vector<AuditRecord> records, QHash<qint64, QString> caseNumbers) {
    beginResetModel();
    m_records = std::move(records);
    m_caseNumbers = std::move(caseNumbers);
    endResetModel();
}

int AuditTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_records.size());
}

int AuditTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditTableModel::summarize(const AuditRecord& record) {
    const QJsonObject details = record.detailsObject();
    QStringList parts;
    for (auto it = details.begin(); it != details.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isString()) text = v.toString();
        else if (v.isBool()) text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (v.isDouble()) text = QString::number(v.toDouble(), 'g', 15);
        else if (v.isArray()) text = QStringLiteral("[%1 items]").arg(v.toArray().size());
        else if (v.isObject()) text = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        else text = QStringLiteral("null");
        parts << QStringLiteral("%1=%2").arg(it.key(), text);
    }
    QString summary = parts.join(QStringLiteral(", "));
    if (summary.size() > kSummaryLength) summary = summary.left(kSummaryLength - 1) + QChar(0x2026);
    return summary;
}

QVariant AuditTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditRecord& r = m_records[std::size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case SeqColumn: return r.seq;
            case TimeColumn: return displayTime(r.at);  // as stored if it does not parse
            case ActorColumn: return r.actor;
            case CaseColumn:
                if (!r.caseId) return QString();
                return m_caseNumbers.value(*r.caseId, QStringLiteral("#%1").arg(*r.caseId));
            case ActionColumn: return r.action;
            case DetailsColumn: return summarize(r);
            default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == TimeColumn) return tr("%1 (UTC, as recorded)").arg(r.at);
        if (index.column() == DetailsColumn || index.column() == SeqColumn)
            return tr("%1\n\nhash %2\nprev %3").arg(QString::fromUtf8(r.details), r.hash, r.prevHash);
    }
    if (role == Qt::TextAlignmentRole && index.column() == SeqColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case SeqColumn: return tr("Seq");
        case TimeColumn: return tr("Time");
        case ActorColumn: return tr("Analyst");
        case CaseColumn: return tr("Case");
        case ActionColumn: return tr("Action");
        case DetailsColumn: return tr("Details");
        default: return {};
    }
}

}  // namespace facecase::ui
