#include "candidates/candidate_filter_model.h"

#include "candidates/candidate_list_model.h"

namespace facecase::ui {

namespace {
CandidateVerdict verdictOf(const QModelIndex& index) {
    return CandidateVerdict(index.data(CandidateListModel::VerdictRole).toInt());
}

// Leads first: they are what the analyst works on next; excluded candidates last.
int verdictOrder(CandidateVerdict verdict) {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
            return 0;
        case CandidateVerdict::Inconclusive:
            return 1;
        case CandidateVerdict::None:
            return 2;
        case CandidateVerdict::NotAMatch:
            return 3;
    }
    return 2;
}
}  // namespace

CandidateFilterModel::CandidateFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
    // Only a verdict change can move or hide a row; thumbnails arriving must not re-sort.
    setSortRole(CandidateListModel::VerdictRole);
    setFilterRole(CandidateListModel::VerdictRole);
    sort(0);
}

void CandidateFilterModel::setFilter(Filter filter) {
    if (filter == m_filter) return;
    m_filter = filter;
    invalidateFilter();
}

void CandidateFilterModel::setOrder(Order order) {
    if (order == m_order) return;
    m_order = order;
    invalidate();
}

QString CandidateFilterModel::filterName(Filter filter) {
    switch (filter) {
        case Filter::All:
            return tr("All candidates");
        case Filter::NotReviewed:
            return tr("Not reviewed yet");
        case Filter::PossibleMatch:
            return tr("Possible matches (leads)");
        case Filter::NotAMatch:
            return tr("Not a match");
        case Filter::Inconclusive:
            return tr("Inconclusive");
        case Filter::HideNotAMatch:
            return tr("All but \u201Cnot a match\u201D");
    }
    return {};
}

QString CandidateFilterModel::orderName(Order order) {
    return order == Order::Rank ? tr("By rank") : tr("By verdict, then rank");
}

bool CandidateFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const CandidateVerdict verdict = verdictOf(index);
    switch (m_filter) {
        case Filter::All:
            return true;
        case Filter::NotReviewed:
            return verdict == CandidateVerdict::None;
        case Filter::PossibleMatch:
            return verdict == CandidateVerdict::PossibleMatch;
        case Filter::NotAMatch:
            return verdict == CandidateVerdict::NotAMatch;
        case Filter::Inconclusive:
            return verdict == CandidateVerdict::Inconclusive;
        case Filter::HideNotAMatch:
            return verdict != CandidateVerdict::NotAMatch;
    }
    return true;
}

bool CandidateFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (m_order == Order::Verdict) {
        const int l = verdictOrder(verdictOf(left));
        const int r = verdictOrder(verdictOf(right));
        if (l != r) return l < r;
    }
    return left.data(CandidateListModel::RankRole).toInt() <
           right.data(CandidateListModel::RankRole).toInt();
}

}  // namespace facecase::ui
