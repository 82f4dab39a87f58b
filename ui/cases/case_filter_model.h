#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace facecase::ui {

// Sorts and filters a CaseListModel for the start screen. The filter text is split into words;
// a case is shown when every word occurs (ignoring case) in its number, title, purpose or
// analyst, so "smith 2024" finds Smith's cases of 2024. The status filter shows open cases,
// cases no longer open (closed or archived), or all. Text sorts the way people count
// ("2024-CR-9" before "2024-CR-17"); times sort as times.
class CaseFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class StatusFilter { All, Open, Closed };

    explicit CaseFilterModel(QObject* parent = nullptr);

    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }
    void setStatusFilter(StatusFilter filter);
    StatusFilter statusFilter() const { return m_status; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_text;
    QStringList m_words;
    StatusFilter m_status = StatusFilter::All;
};

}  // namespace facecase::ui
