#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <vector>

#include "audit/audit_record.h"

namespace facecase::ui {

// The audit view's table: one row per audit record, in seq order, read-only. Cases show as
// their numbers (the record stores the case id); details as a one-line summary of the
// canonical JSON, the whole JSON in the tooltip, because the record is what an auditor checks
// and must be readable without opening the database.
class AuditTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { SeqColumn, TimeColumn, ActorColumn, CaseColumn, ActionColumn, DetailsColumn, ColumnCount };
    static constexpr int kSummaryLength = 160;  // characters of details shown in the cell

    using QAbstractTableModel::QAbstractTableModel;

    // `caseNumbers` maps case ids to numbers; an id missing from it shows as "#id".
    void setRecords(std::vector<AuditRecord> records, QHash<qint64, QString> caseNumbers);
    const AuditRecord& record(int row) const { return m_records[std::size_t(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // `{"a":1,"b":"x"}` → `a=1, b=x`, cut at kSummaryLength with an ellipsis.
    static QString summarize(const AuditRecord& record);

private:
    std::vector<AuditRecord> m_records;
    QHash<qint64, QString> m_caseNumbers;
};

}  // namespace facecase::ui
