#pragma once

#include <QWidget>
#include <vector>

#include "candidates/candidate_row.h"
#include "candidates/candidate_verdict.h"

class QComboBox;
class QLabel;
class QListView;
class QModelIndex;

namespace facecase::ui {

class CandidateDelegate;
class CandidateFilterModel;
class CandidateListModel;
class EngineHost;
class ThumbnailLoader;

// The ranked candidates of one search as a grid of cards, with the search's parameters on top,
// the permanent reminder that these are investigative leads and not identifications, and a
// verdict filter and order. Keyboard: arrows move, Enter (or a double click) asks to compare,
// 1 / 2 / 3 ask to record possible match / not a match / inconclusive. The view records
// nothing itself: it emits requests naming the model row and the owner decides (and calls
// setVerdict once the verdict is on record). Thumbnails load on the engine's thread pool.
class CandidateGalleryView : public QWidget {
    Q_OBJECT

public:
    explicit CandidateGalleryView(EngineHost* engine, QWidget* parent = nullptr);
    ~CandidateGalleryView() override;

    // Shows a search's candidates: `rows` (e.g. with record ids and verdicts), or, when empty,
    // every candidate of `outcome` unreviewed. The header is taken from `outcome`.
    void setResults(const GallerySearchOutcome& outcome, std::vector<CandidateRow> rows = {});
    // "Probe face 1 of evidence-0042.jpg", shown in the header.
    void setProbeDescription(const QString& text);
    // The threshold shown (AppSettings::thresholdOneIn), stated in the header; weaker
    // candidates are marked on their cards, never dropped.
    void setThresholdOneIn(int oneIn);
    void clear();

    CandidateListModel* model() const { return m_model; }
    CandidateFilterModel* proxyModel() const { return m_proxy; }
    QListView* listView() const { return m_list; }
    QComboBox* filterCombo() const { return m_filterCombo; }
    QComboBox* orderCombo() const { return m_orderCombo; }
    ThumbnailLoader* thumbnailLoader() const { return m_loader; }
    QString headerText() const;

    int currentRow() const;  // model row of the current card, -1 for none
    void setCurrentRow(int row);

public slots:
    void setVerdict(int row, facecase::ui::CandidateVerdict verdict);

signals:
    void compareRequested(int row);
    void verdictRequested(int row, facecase::ui::CandidateVerdict verdict);
    void currentRowChanged(int row);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateHeader();
    void updateEmptyState();
    void syncThumbnailSize();
    int sourceRow(const QModelIndex& proxyIndex) const;

    ThumbnailLoader* m_loader = nullptr;
    CandidateListModel* m_model = nullptr;
    CandidateFilterModel* m_proxy = nullptr;
    CandidateDelegate* m_delegate = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_parameters = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_empty = nullptr;
    QComboBox* m_filterCombo = nullptr;
    QComboBox* m_orderCombo = nullptr;
    QListView* m_list = nullptr;
    QString m_probe;
    GallerySearchOutcome m_outcome;  // header fields only (candidates are in the model)
};

}  // namespace facecase::ui
