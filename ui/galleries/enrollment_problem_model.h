#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <vector>

#include "store/enrollment_item.h"

namespace facecase::ui {

class DatabaseWorker;

// The files of one enrollment job that need the analyst's attention (EnrollmentJobs::problems:
// no face, several faces, unreadable, failed), each with the file's path, the status and the engine's reason. Loads
// through the DatabaseWorker; a load superseded by a newer one is dropped.
//
// GUI thread only. Rows by status, then path (the store's order).
class EnrollmentProblemModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { PathColumn, StatusColumn, MessageColumn, ColumnCount };
    enum Role { StatusRole = Qt::UserRole + 1 };  // int(EnrollmentItem::Status)

    explicit EnrollmentProblemModel(QObject* parent = nullptr);
    ~EnrollmentProblemModel() override;

    // Loads the problems of job `jobId` through `worker`; the worker must outlive the load.
    // `source`, the job's folder or manifest, lets the table show paths relative to it (the
    // full path stays in the tooltip): the part that tells the files apart.
    void load(DatabaseWorker* worker, qint64 jobId, const QString& source = {});
    void clear();
    qint64 jobId() const { return m_jobId; }
    bool isLoading() const { return m_loading; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const EnrollmentItem& itemAt(int row) const { return m_items.at(std::size_t(row)); }
    void setItems(qint64 jobId, std::vector<EnrollmentItem> items, const QString& source = {});
    // The path as the table shows it.
    QString displayPath(const EnrollmentItem& item) const;

    static QString statusText(EnrollmentItem::Status status);
    static QString statusExplanation(EnrollmentItem::Status status);

signals:
    void loaded(int count);
    void loadFailed(const QString& message);

private:
    std::vector<EnrollmentItem> m_items;
    qint64 m_jobId = 0;
    QString m_baseFolder;  // with a trailing '/'; empty: show absolute paths
    quint64 m_generation = 0;
    bool m_loading = false;
};

}  // namespace facecase::ui
