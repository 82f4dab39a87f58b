#include "galleries/enrollment_problem_model.h"

#include <QDir>
#include <QFileInfo>
#include <QIcon>

#include "jobs/database_worker.h"
#include "services/enrollment/enrollment_jobs.h"

namespace facecase::ui {

EnrollmentProblemModel::EnrollmentProblemModel(QObject* parent) : QAbstractTableModel(parent) {}

EnrollmentProblemModel::~EnrollmentProblemModel() = default;

QString EnrollmentProblemModel::statusText(EnrollmentItem::Status status) {
    switch (status) {
        case EnrollmentItem::Status::Ok:
            return tr("Enrolled");
        case EnrollmentItem::Status::NoFace:
            return tr("No face");
        case EnrollmentItem::Status::SeveralFaces:
            return tr("Several faces");
        case EnrollmentItem::Status::Unreadable:
            return tr("Unreadable");
        case EnrollmentItem::Status::Duplicate:
            return tr("Duplicate");
        case EnrollmentItem::Status::Failed:
            return tr("Failed");
    }
    return {};
}

QString EnrollmentProblemModel::statusExplanation(EnrollmentItem::Status status) {
    switch (status) {
        case EnrollmentItem::Status::Ok:
            return tr("The face was enrolled.");
        case EnrollmentItem::Status::NoFace:
            return tr("The detector found no face large enough; nothing was enrolled.");
        case EnrollmentItem::Status::SeveralFaces:
            return tr("The photo shows several faces: the largest was enrolled, or none, as the "
                      "enrollment policy says. Check that it is the right person.");
        case EnrollmentItem::Status::Unreadable:
            return tr("The file is not an image that can be decoded (truncated, empty, another "
                      "format, missing) or its manifest row is malformed. Nothing was enrolled.");
        case EnrollmentItem::Status::Duplicate:
            return tr("The same photo is already in the gallery.");
        case EnrollmentItem::Status::Failed:
            return tr("The face engine failed on this photo; enrolling again retries it.");
    }
    return {};
}

void EnrollmentProblemModel::load(DatabaseWorker* worker, qint64 jobId, const QString& source) {
    const quint64 generation = ++m_generation;
    if (!worker) {
        clear();
        return;
    }
    m_loading = true;
    worker->run<std::vector<EnrollmentItem>>(
        [jobId](const DatabaseConnection& connection) { return EnrollmentJobs(connection).problems(jobId); },
        this,
        [this, generation, jobId, source](Result<std::vector<EnrollmentItem>> items) {
            if (generation != m_generation) return;
            m_loading = false;
            if (!items) {
                emit loadFailed(items.errorMessage());
                return;
            }
            setItems(jobId, std::move(items).value(), source);
            emit loaded(rowCount());
        });
}

void EnrollmentProblemModel::clear() {
    ++m_generation;
    m_loading = false;
    setItems(0, {});
}

void EnrollmentProblemModel::setItems(qint64 jobId, std::vector<EnrollmentItem> items,
                                      const QString& source) {
    beginResetModel();
    m_jobId = jobId;
    m_baseFolder.clear();
    if (!source.isEmpty()) {
        // A folder job's paths are under the folder; a manifest's usually beside the manifest.
        const QString folder = source.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ||
                                       source.endsWith(QLatin1String(".tsv"), Qt::CaseInsensitive) ||
                                       source.endsWith(QLatin1String(".txt"), Qt::CaseInsensitive)
                                   ? QFileInfo(source).path()
                                   : source;
        m_baseFolder = QDir::cleanPath(folder) + QLatin1Char('/');
    }
    m_items = std::move(items);
    endResetModel();
}

int EnrollmentProblemModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_items.size());
}

int EnrollmentProblemModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(ColumnCount);
}

QString EnrollmentProblemModel::displayPath(const EnrollmentItem& item) const {
    if (!m_baseFolder.isEmpty() && item.path.startsWith(m_baseFolder))
        return QDir::toNativeSeparators(item.path.mid(m_baseFolder.size()));
    return QDir::toNativeSeparators(item.path);
}

QVariant EnrollmentProblemModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EnrollmentItem& item = itemAt(index.row());
    const auto column = Column(index.column());
    switch (role) {
        case Qt::DisplayRole:
            switch (column) {
                case PathColumn:
                    return displayPath(item);
                case StatusColumn:
                    return statusText(item.status);
                case MessageColumn:
                    return item.message;
                case ColumnCount:
                    break;
            }
            break;
        case Qt::ToolTipRole:
            switch (column) {
                case PathColumn:
                    return QDir::toNativeSeparators(item.path);
                case StatusColumn:
                    return statusExplanation(item.status);
                case MessageColumn:
                    return tr("%1\n%2").arg(QDir::toNativeSeparators(item.path), item.message);
                case ColumnCount:
                    break;
            }
            break;
        case Qt::DecorationRole:
            if (column == StatusColumn) {
                // Nothing enrolled: an error; a photo enrolled with a caveat: information.
                const bool enrolled = item.status == EnrollmentItem::Status::SeveralFaces && item.imageId;
                return QIcon(enrolled ? QStringLiteral(":/icons/dialog-information.svg")
                                      : QStringLiteral(":/icons/dialog-error.svg"));
            }
            break;
        case StatusRole:
            return int(item.status);
        default:
            break;
    }
    return {};
}

QVariant EnrollmentProblemModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role != Qt::DisplayRole) return {};
    switch (Column(section)) {
        case PathColumn:
            return tr("File");
        case StatusColumn:
            return tr("Status");
        case MessageColumn:
            return tr("Reason");
        case ColumnCount:
            break;
    }
    return {};
}

}  // namespace facecase::ui
