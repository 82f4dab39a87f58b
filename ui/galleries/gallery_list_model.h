#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <vector>

#include "galleries/gallery_row.h"

namespace facecase::ui {

class DatabaseWorker;

// The workspace's galleries as a table: name, kind, images, faces, descriptor model, last
// enrollment job, created. Loads through the DatabaseWorker (never on the GUI thread): reload()
// returns at once and the rows arrive in one reset; a reload superseded by a newer one is
// dropped. Synthetic galleries say "benchmark only" so nobody takes their faces for people.
//
// GUI thread only. Rows in the store's order (by name).
class GalleryListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        KindColumn,
        ImagesColumn,
        FacesColumn,
        ModelColumn,
        LastJobColumn,
        CreatedColumn,
        ColumnCount
    };
    enum Role {
        GalleryIdRole = Qt::UserRole + 1,  // qint64
        SyntheticRole,                     // bool
    };

    explicit GalleryListModel(QObject* parent = nullptr);
    ~GalleryListModel() override;

    // Loads through `worker`; null empties the table. The worker must outlive its use here or be
    // replaced first.
    void setWorker(DatabaseWorker* worker);
    void reload();
    bool isLoading() const { return m_loading; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const GalleryRow& rowAt(int row) const { return m_rows.at(std::size_t(row)); }
    int rowOfGallery(qint64 id) const;      // -1 when absent
    int rowOfName(const QString& name) const;  // ignoring case, as the store does; -1 when absent
    void setRows(std::vector<GalleryRow> rows);

    static QString kindText(Gallery::Kind kind);
    static QString jobStatusText(facecase::EnrollmentJob::Status status);

signals:
    void loaded(int count);
    void loadFailed(const QString& message);

private:
    QPointer<DatabaseWorker> m_worker;
    std::vector<GalleryRow> m_rows;
    quint64 m_generation = 0;
    bool m_loading = false;
};

}  // namespace facecase::ui
