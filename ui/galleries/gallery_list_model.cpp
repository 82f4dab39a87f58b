#include "galleries/gallery_list_model.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include "jobs/database_worker.h"
#include "services/enrollment/gallery_catalog.h"
#include "types/display_time.h"

namespace facecase::ui {

namespace {
using CoreJob = facecase::EnrollmentJob;

QString lastJobText(const CoreJob& job) {
    const QString status = GalleryListModel::jobStatusText(job.status);
    const QDateTime when = job.finishedAt.isValid() ? job.finishedAt : job.startedAt;
    const qint64 problems = job.problemCount();
    if (problems == 0) return GalleryListModel::tr("%1 %2").arg(status, displayTime(when));
    return problems == 1 ? GalleryListModel::tr("%1 %2, 1 problem").arg(status, displayTime(when))
                         : GalleryListModel::tr("%1 %2, %3 problems")
                               .arg(status, displayTime(when), QLocale().toString(problems));
}
}  // namespace

GalleryListModel::GalleryListModel(QObject* parent) : QAbstractTableModel(parent) {}

GalleryListModel::~GalleryListModel() = default;

QString GalleryListModel::kindText(Gallery::Kind kind) {
    return kind == Gallery::Kind::Synthetic ? tr("Synthetic (benchmark only)") : tr("Real photos");
}

QString GalleryListModel::jobStatusText(CoreJob::Status status) {
    switch (status) {
        case CoreJob::Status::Running:
            return tr("Running");
        case CoreJob::Status::Completed:
            return tr("Completed");
        case CoreJob::Status::Cancelled:
            return tr("Cancelled");
        case CoreJob::Status::Failed:
            return tr("Failed");
        case CoreJob::Status::Interrupted:
            return tr("Interrupted");
    }
    return {};
}

void GalleryListModel::setWorker(DatabaseWorker* worker) {
    m_worker = worker;
    ++m_generation;  // whatever the previous worker still delivers is stale
    m_loading = false;
    setRows({});
    if (m_worker) reload();
}

void GalleryListModel::reload() {
    if (!m_worker) return;
    const quint64 generation = ++m_generation;
    m_loading = true;
    m_worker->run<std::vector<GalleryRow>>(
        [](const DatabaseConnection& connection) { return GalleryCatalog(connection).overview(); }, this,
        [this, generation](Result<std::vector<GalleryRow>> rows) {
            if (generation != m_generation) return;
            m_loading = false;
            if (!rows) {
                emit loadFailed(rows.errorMessage());
                return;
            }
            setRows(std::move(rows).value());
            emit loaded(rowCount());
        });
}

void GalleryListModel::setRows(std::vector<GalleryRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int GalleryListModel::rowOfGallery(qint64 id) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].gallery.id == id) return int(i);
    return -1;
}

int GalleryListModel::rowOfName(const QString& name) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].gallery.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0) return int(i);
    return -1;
}

int GalleryListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GalleryListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(ColumnCount);
}

QVariant GalleryListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GalleryRow& row = rowAt(index.row());
    const Gallery& g = row.gallery;
    const auto column = Column(index.column());
    const QLocale locale;
    switch (role) {
        case Qt::DisplayRole:
            switch (column) {
                case NameColumn:
                    return g.name;
                case KindColumn:
                    return kindText(g.kind);
                case ImagesColumn:
                    return locale.toString(g.imageCount);
                case FacesColumn:
                    return locale.toString(g.faceCount);
                case ModelColumn:
                    return row.descriptorModel.isEmpty() ? tr("none yet") : row.descriptorModel;
                case LastJobColumn:
                    return row.lastJob ? lastJobText(*row.lastJob) : tr("never enrolled");
                case CreatedColumn:
                    return displayTime(g.createdAt);
                case ColumnCount:
                    break;
            }
            break;
        case Qt::TextAlignmentRole:
            if (column == ImagesColumn || column == FacesColumn)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            break;
        case Qt::ToolTipRole:
            switch (column) {
                case NameColumn:
                    return g.description.isEmpty() ? g.name : tr("%1\n%2").arg(g.name, g.description);
                case KindColumn:
                    return g.isSynthetic()
                               ? tr("Generated descriptors for benchmarks: not photos of people. "
                                    "Never search it for a case.")
                               : tr("Enrolled photos of people");
                case ImagesColumn:
                    return tr("Photos stored in the gallery (each once, by content)");
                case FacesColumn:
                    return tr("Faces that can be searched");
                case ModelColumn:
                    return tr("%1\nThe descriptor model of the gallery's faces; a gallery never mixes models")
                        .arg(row.descriptorModel.isEmpty() ? tr("No descriptors yet") : row.descriptorModel);
                case LastJobColumn:
                    return row.lastJob ? tr("Job %1 from %2\nstarted %3")
                                             .arg(row.lastJob->id)
                                             .arg(row.lastJob->source, displayTime(row.lastJob->startedAt))
                                       : tr("No enrollment has run into this gallery");
                case CreatedColumn:
                    return tr("Created %1").arg(displayTime(g.createdAt));
                case ColumnCount:
                    break;
            }
            break;
        case Qt::ForegroundRole:
            // Benchmark fixtures recede so real galleries stand out.
            if (g.isSynthetic()) return QGuiApplication::palette().brush(QPalette::PlaceholderText);
            break;
        case GalleryIdRole:
            return g.id;
        case SyntheticRole:
            return g.isSynthetic();
        default:
            break;
    }
    return {};
}

QVariant GalleryListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role != Qt::DisplayRole) return {};
    switch (Column(section)) {
        case NameColumn:
            return tr("Gallery");
        case KindColumn:
            return tr("Kind");
        case ImagesColumn:
            return tr("Images");
        case FacesColumn:
            return tr("Faces");
        case ModelColumn:
            return tr("Descriptor model");
        case LastJobColumn:
            return tr("Last enrollment");
        case CreatedColumn:
            return tr("Created");
        case ColumnCount:
            break;
    }
    return {};
}

}  // namespace facecase::ui
