#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <vector>

#include "store/case_record.h"

namespace facecase::ui {

class DatabaseWorker;

// The workspace's cases as a table: number, title, purpose, analyst, opened, last activity,
// status. Loads through the DatabaseWorker (never on the GUI thread): reload() returns at once,
// and the rows arrive in one reset when the query is done; a reload superseded by a newer one
// is dropped. upsert() puts a case the view just created, closed or reopened in place without
// a reload. Times are shown in local time, to the minute; tooltips give the exact UTC time.
//
// GUI thread only. Rows are in the store's order (most recent activity first); sort and filter
// through CaseFilterModel, which sorts by SortRole.
class CaseListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        TitleColumn,
        PurposeColumn,
        AnalystColumn,
        OpenedColumn,
        LastActivityColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,  // QDateTime for times, text otherwise
        CaseIdRole,                   // qint64
        StatusRole,                   // int(CaseRecord::Status)
        SearchTextRole,               // number, title, whole purpose and analyst, for filtering
    };

    explicit CaseListModel(QObject* parent = nullptr);
    ~CaseListModel() override;

    // Loads the cases through `worker`; null empties the list. The worker must outlive its use
    // here or be replaced first (WorkspaceSession::closing).
    void setWorker(DatabaseWorker* worker);
    void reload();
    bool isLoading() const { return m_loading; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const CaseRecord& caseAt(int row) const { return m_cases.at(std::size_t(row)); }
    int rowOfCase(qint64 id) const;  // -1 when absent
    // Replaces the row with this case's id, or inserts the case as the first row.
    void upsert(const CaseRecord& record);
    void setCases(std::vector<CaseRecord> cases);
    void clear();

    static QString statusText(CaseRecord::Status status);

signals:
    void loadingChanged(bool loading);
    void loaded(int count);
    void loadFailed(const QString& message);

private:
    void setLoading(bool loading);

    QPointer<DatabaseWorker> m_worker;
    std::vector<CaseRecord> m_cases;
    quint64 m_generation = 0;
    bool m_loading = false;
};

}  // namespace facecase::ui
