#include "cases/case_filter_model.h"

#include <QDateTime>

#include "cases/case_list_model.h"
#include "store/case_record.h"

namespace facecase::ui {

namespace {
// Compares text the way people count: runs of digits by value ("CR-9" < "CR-17" < "CR-101"),
// the rest ignoring case. Written out rather than QCollator::setNumericMode because that is
// ignored in the C locale (the default of services and of CI), where numbers then sort "1, 10,
// 2".
int naturalCompare(const QString& a, const QString& b) {
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype iEnd = i;
            qsizetype jEnd = j;
            while (iEnd < a.size() && a[iEnd].isDigit()) ++iEnd;
            while (jEnd < b.size() && b[jEnd].isDigit()) ++jEnd;
            // Leading zeros do not change the value; then the longer run is the larger number.
            qsizetype iStart = i;
            qsizetype jStart = j;
            while (iStart + 1 < iEnd && a[iStart] == QLatin1Char('0')) ++iStart;
            while (jStart + 1 < jEnd && b[jStart] == QLatin1Char('0')) ++jStart;
            const qsizetype iLength = iEnd - iStart;
            const qsizetype jLength = jEnd - jStart;
            if (iLength != jLength) return iLength < jLength ? -1 : 1;
            const int digits = QStringView(a)
                                   .sliced(iStart, iLength)
                                   .compare(QStringView(b).sliced(jStart, jLength));
            if (digits != 0) return digits;
            i = iEnd;
            j = jEnd;
        } else {
            const QChar x = a[i].toCaseFolded();
            const QChar y = b[j].toCaseFolded();
            if (x != y) return x < y ? -1 : 1;
            ++i;
            ++j;
        }
    }
    if (i < a.size() || j < b.size()) return i < a.size() ? 1 : -1;
    return a.compare(b);  // equal but for case or leading zeros: still a stable order
}
}  // namespace

CaseFilterModel::CaseFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(CaseListModel::SortRole);
    setDynamicSortFilter(true);
}

void CaseFilterModel::setFilterText(const QString& text) {
    if (text == m_text) return;
    m_text = text;
    m_words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateRowsFilter();
}

void CaseFilterModel::setStatusFilter(StatusFilter filter) {
    if (filter == m_status) return;
    m_status = filter;
    invalidateRowsFilter();
}

bool CaseFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QAbstractItemModel* source = sourceModel();
    if (m_status != StatusFilter::All) {
        const auto status = CaseRecord::Status(
            source->index(sourceRow, 0, sourceParent).data(CaseListModel::StatusRole).toInt());
        const bool open = status == CaseRecord::Status::Open;
        if (open != (m_status == StatusFilter::Open)) return false;
    }
    if (m_words.isEmpty()) return true;
    // The whole purpose is searched, not only the first line the table shows.
    const QString haystack =
        source->index(sourceRow, 0, sourceParent).data(CaseListModel::SearchTextRole).toString();
    for (const QString& word : m_words) {
        if (!haystack.contains(word, Qt::CaseInsensitive)) return false;
    }
    return true;
}

bool CaseFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.userType() == QMetaType::QString && b.userType() == QMetaType::QString)
        return naturalCompare(a.toString(), b.toString()) < 0;
    return QSortFilterProxyModel::lessThan(left, right);
}

}  // namespace facecase::ui
