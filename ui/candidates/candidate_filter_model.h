#pragma once

#include <QSortFilterProxyModel>

#include "candidates/candidate_verdict.h"

namespace facecase::ui {

// Which candidates the gallery shows, and in which order. Sits on a CandidateListModel; rows
// are mapped back with mapToSource() so signals always name the source row (stable while the
// analyst filters). Re-filters and re-sorts by itself when a verdict changes.
class CandidateFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Filter {
        All,
        NotReviewed,
        PossibleMatch,
        NotAMatch,
        Inconclusive,
        HideNotAMatch,  // everything still in play
    };
    Q_ENUM(Filter)
    enum class Order {
        Rank,     // nearest first
        Verdict,  // leads, inconclusive, not reviewed, not a match; by rank within each
    };
    Q_ENUM(Order)

    explicit CandidateFilterModel(QObject* parent = nullptr);

    Filter filter() const { return m_filter; }
    void setFilter(Filter filter);
    Order order() const { return m_order; }
    void setOrder(Order order);

    static QString filterName(Filter filter);
    static QString orderName(Order order);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    Filter m_filter = Filter::All;
    Order m_order = Order::Rank;
};

}  // namespace facecase::ui
