#include "cases/case_list_model.h"

#include <QGuiApplication>
#include <QIcon>
#include <QPalette>
#include <algorithm>

#include "jobs/database_worker.h"
#include "services/casework/case_catalog.h"
#include "types/display_time.h"

namespace facecase::ui {

namespace {
// The purpose may run over several paragraphs; the table shows its first line.
QString firstLine(const QString& text) {
    const QString line = text.section(QLatin1Char('\n'), 0, 0).simplified();
    return line.size() < text.simplified().size() ? line + QStringLiteral(" \u2026") : line;
}
}  // namespace

CaseListModel::CaseListModel(QObject* parent) : QAbstractTableModel(parent) {}

CaseListModel::~CaseListModel() = default;

QString CaseListModel::statusText(CaseRecord::Status status) {
    switch (status) {
        case CaseRecord::Status::Open:
            return tr("Open");
        case CaseRecord::Status::Closed:
            return tr("Closed");
        case CaseRecord::Status::Archived:
            return tr("Archived");
    }
    return {};
}

void CaseListModel::setWorker(DatabaseWorker* worker) {
    m_worker = worker;
    ++m_generation;  // whatever the previous worker still delivers is stale
    setLoading(false);
    clear();
    if (m_worker) reload();
}

void CaseListModel::reload() {
    if (!m_worker) return;
    const quint64 generation = ++m_generation;
    setLoading(true);
    m_worker->run<std::vector<CaseRecord>>(
        [actor = m_worker->workspace().actor()](const DatabaseConnection& connection) {
            return CaseCatalog(connection, actor).list();
        },
        this,
        [this, generation](Result<std::vector<CaseRecord>> cases) {
            if (generation != m_generation) return;
            setLoading(false);
            if (!cases) {
                emit loadFailed(cases.errorMessage());
                return;
            }
            setCases(std::move(cases).value());
            emit loaded(rowCount());
        });
}

void CaseListModel::setLoading(bool loading) {
    if (m_loading == loading) return;
    m_loading = loading;
    emit loadingChanged(loading);
}

int CaseListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_cases.size());
}

int CaseListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(ColumnCount);
}

QVariant CaseListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CaseRecord& c = caseAt(index.row());
    const auto column = Column(index.column());
    switch (role) {
        case Qt::DisplayRole:
            switch (column) {
                case NumberColumn:
                    return c.caseNumber;
                case TitleColumn:
                    return c.title;
                case PurposeColumn:
                    return firstLine(c.purpose);
                case AnalystColumn:
                    return c.analyst;
                case OpenedColumn:
                    return displayTime(c.openedAt);
                case LastActivityColumn:
                    return displayTime(c.lastActivity);
                case StatusColumn:
                    // A purged case stays closed in the database; what matters is that its
                    // data is gone.
                    return c.isPurged() ? tr("Purged") : statusText(c.status);
                case ColumnCount:
                    break;
            }
            break;
        case SortRole:
            switch (column) {
                case OpenedColumn:
                    return c.openedAt;
                case LastActivityColumn:
                    return c.lastActivity;
                case StatusColumn:
                    return int(c.status);
                default:
                    return data(index, Qt::DisplayRole);
            }
        case Qt::ToolTipRole:
            switch (column) {
                case NumberColumn:
                case TitleColumn:
                    return tr("Case %1%2\nDouble-click or press Enter to open it.")
                        .arg(c.caseNumber, c.title.isEmpty() ? QString() : tr(": %1").arg(c.title));
                case PurposeColumn:
                    return tr("Purpose / legal basis:\n%1").arg(c.purpose);
                case AnalystColumn:
                    return tr("Analyst responsible: %1").arg(c.analyst);
                case OpenedColumn:
                    return tr("Opened %1").arg(displayTime(c.openedAt));
                case LastActivityColumn:
                    return tr("Last activity (latest audit record or search) %1")
                        .arg(displayTime(c.lastActivity));
                case StatusColumn:
                    if (c.isPurged())
                        return tr("Purged %1: its probes, evidence, searches and verdicts were "
                                  "deleted after its retention period; the audit log keeps what "
                                  "was done. It cannot be reopened.")
                            .arg(displayTime(c.purgedAt));
                    return c.status == CaseRecord::Status::Open
                               ? tr("Open: probes can be added and searched")
                               : tr("%1 %2: reopen it to work on it again")
                                     .arg(statusText(c.status), displayTime(c.closedAt));
                case ColumnCount:
                    break;
            }
            break;
        case Qt::DecorationRole:
            // A padlock on cases that are not open, readable without colour.
            if (column == StatusColumn && c.status != CaseRecord::Status::Open)
                return QIcon(QStringLiteral(":/icons/case-close.svg"));
            break;
        case Qt::ForegroundRole:
            // Closed cases recede; their text stays readable.
            if (c.status != CaseRecord::Status::Open)
                return QGuiApplication::palette().brush(QPalette::PlaceholderText);
            break;
        case CaseIdRole:
            return c.id;
        case StatusRole:
            return int(c.status);
        case SearchTextRole:
            return QStringList{c.caseNumber, c.title, c.purpose, c.analyst}.join(QLatin1Char('\n'));
        default:
            break;
    }
    return {};
}

QVariant CaseListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
            case NumberColumn:
                return tr("Number");
            case TitleColumn:
                return tr("Title");
            case PurposeColumn:
                return tr("Purpose");
            case AnalystColumn:
                return tr("Analyst");
            case OpenedColumn:
                return tr("Opened");
            case LastActivityColumn:
                return tr("Last activity");
            case StatusColumn:
                return tr("Status");
            case ColumnCount:
                break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
            case NumberColumn:
                return tr("The agency's case number, unique in this workspace");
            case TitleColumn:
                return tr("Short title of the case");
            case PurposeColumn:
                return tr("Purpose / legal basis of the searches in this case");
            case AnalystColumn:
                return tr("The analyst responsible for the case");
            case OpenedColumn:
                return tr("When the case was opened (local time)");
            case LastActivityColumn:
                return tr("When anything last happened in the case (local time)");
            case StatusColumn:
                return tr("Open, closed or archived");
            case ColumnCount:
                break;
        }
    }
    return {};
}

int CaseListModel::rowOfCase(qint64 id) const {
    const auto found = std::find_if(m_cases.begin(), m_cases.end(),
                                    [id](const CaseRecord& c) { return c.id == id; });
    return found == m_cases.end() ? -1 : int(found - m_cases.begin());
}

void CaseListModel::upsert(const CaseRecord& record) {
    const int row = rowOfCase(record.id);
    if (row >= 0) {
        m_cases[std::size_t(row)] = record;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, 0, 0);
    m_cases.insert(m_cases.begin(), record);
    endInsertRows();
}

void CaseListModel::setCases(std::vector<CaseRecord> cases) {
    beginResetModel();
    m_cases = std::move(cases);
    endResetModel();
}

void CaseListModel::clear() {
    if (m_cases.empty()) return;
    beginResetModel();
    m_cases.clear();
    endResetModel();
}

}  // namespace facecase::ui
