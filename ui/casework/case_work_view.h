#pragma once

#include <QWidget>
#include <memory>
#include <optional>

#include "candidates/candidate_verdict.h"
#include "jobs/detection_result.h"
#include "services/casework/case_overview.h"
#include "services/search/case_search.h"
#include "store/case_record.h"
#include "store/probe_record.h"
#include "store/verdict_record.h"
#include "types/loaded_image.h"

class QComboBox;
class QListView;
class QMimeData;
class QPushButton;
class QTabWidget;

namespace facecase {
class GalleryIndexCache;
}

namespace facecase::ui {

class CandidateGalleryView;
class CaseChangeWatcher;
class CaseExportController;
class CompareView;
class DatabaseWorker;
class DetectionView;
class EngineHost;
class MessageBanner;
struct PastedImage;
class ProbeKindDialog;
class ProbeListModel;
class ProbePanel;
class SearchPanel;

// The open case's work area. Its parts each own their widgets and jobs: the probe panel (the
// case's probe photos, imported as evidence), the search panel (gallery, list length, the
// search job), the export controller, and three tabs — the selected probe analysed in the Probe
// tab where the analyst picks a face, the recorded candidates of the latest search, and a
// candidate compared side by side, where a verdict with its reason is recorded. This class
// wires them: which probe and face a search uses, what its candidates belong to, and the
// verdicts, hand-drawn faces and opened candidates put on record. Every database call goes
// through the DatabaseWorker, every analysis and search through engine jobs: nothing here
// blocks the GUI thread.
//
// Several analysts may have the same case open (an agency database, or two windows on one
// workspace). While the page is shown its CaseChangeWatcher polls the case's change sequence;
// when another analyst or process records something, the page reads the case and the shown
// search's verdicts again and shows what changed (a colleague's verdict on a card and in the
// compare view, a case closed meanwhile) without touching the selection, the scroll position
// or the verdict form the analyst is filling in. A verdict names the verdict the page showed,
// so one decided on a page that was not yet current is refused with the colleague's verdict
// named, and the page then shows it.
class CaseWorkView : public QWidget {
    Q_OBJECT

public:
    // `engine` must outlive the view; so must `database` until setDatabase() replaces it.
    // `indexes` is shared by every case page so a gallery's index stays loaded between searches.
    CaseWorkView(EngineHost* engine, DatabaseWorker* database,
                 std::shared_ptr<GalleryIndexCache> indexes, QWidget* parent = nullptr);
    ~CaseWorkView() override;

    // The workspace's worker and index cache (null while no workspace is open).
    void setDatabase(DatabaseWorker* database, std::shared_ptr<GalleryIndexCache> indexes);
    // Another case: everything reloads. The same case (a status change): only what it allows.
    void setCase(const CaseRecord& record);
    const CaseRecord& caseRecord() const { return m_case; }

    // Asks what the photos are (ProbeKindDialog, once for the batch, window-modal but not
    // blocking), then imports them with that declaration.
    void addProbeFiles(const QStringList& paths);
    // Copies the photos into the case as evidence (in the background) and shows the last one.
    void importProbeFiles(const QStringList& paths, ProbeRecord::DeclaredKind kind,
                          const QString& editNote);
    // The declaration dialog addProbeFiles() opened and the analyst has not answered yet.
    ProbeKindDialog* pendingKindDialog() const;
    // Paste (or a drop): its local photo files become probes; without files, image data (a
    // screenshot, a browser image) becomes one, its encoded bytes kept as they are.
    void addProbesFromMime(const QMimeData* mime);
    // Asks what the pasted image is (screenshot preselected), then imports it.
    void addPastedImage(const PastedImage& pasted);
    // Encodes (if needed) and imports `pasted` in the background, its origin and time recorded
    // in place of an original path.
    void importPastedImage(const PastedImage& pasted, ProbeRecord::DeclaredKind kind,
                           const QString& editNote);
    void setCandidateListLength(int k);
    // The list lengths the agency policy allows (search.min/max_candidates); the spin box keeps
    // within them, so an analyst cannot ask for a list the search would refuse.
    void setCandidateListBounds(int minimum, int maximum);
    // The threshold shown in the candidate gallery (AppSettings::thresholdOneIn).
    void setThresholdOneIn(int oneIn);
    // Something the page's banner must say (e.g. a photo handed over before a case was open).
    void showError(const QString& text);

    // Exports the case to `output` (a new or empty folder, or a new *.zip) in the background,
    // with report.pdf; the banner then gives the bundle's path, file count and whether it
    // verifies, or why it was refused (the review gate names search and rank). False, with the
    // reason in the banner, when nothing was started.
    bool exportCase(const QString& output);
    bool isExporting() const;

    // Starts the search of the selected probe face; false (with the reason in the banner) when
    // something needed is missing.
    bool startSearch();
    // Galleries were enrolled into, created or removed elsewhere (the Galleries dialog).
    void galleriesChanged();

    bool isSearching() const;
    bool isBusy() const;  // analysing a probe, searching or exporting
    // Reads the case and the shown search's verdicts again and shows what changed (the
    // watcher calls it when another analyst changed the case).
    void followChanges();
    CaseChangeWatcher* changeWatcher() const { return m_watcher; }
    QString statusText() const { return m_status; }
    // The latest recorded search shown in the Candidates tab (0 before the first).
    qint64 currentSearchId() const { return m_lastSearch ? m_lastSearch->searchId : 0; }

    // The parts, for the main window's photo menu and for tests.
    DetectionView* probeView() const { return m_probeView; }
    CandidateGalleryView* candidateView() const { return m_candidates; }
    CompareView* compareView() const { return m_compare; }
    ProbePanel* probePanel() const { return m_probePanel; }
    SearchPanel* searchPanel() const { return m_searchPanel; }
    QTabWidget* tabs() const { return m_tabs; }
    MessageBanner* messageBanner() const { return m_banner; }
    QListView* probeList() const;
    ProbeListModel* probeModel() const;
    QComboBox* galleryCombo() const;
    QPushButton* searchButton() const;
    QPushButton* cancelButton() const;

signals:
    void statusChanged(const QString& text);
    void busyChanged();
    void searchFinished(qint64 searchId);
    void verdictRecorded(qint64 candidateId);
    // The open case changed elsewhere (closed, reopened by another analyst): for the header.
    void caseUpdated(const facecase::CaseRecord& record);
    // A followChanges() read is on screen.
    void changesFollowed();
    void probeAdded(qint64 probeId);
    // An export ended: `ok` when the bundle was written and verifies.
    void exportFinished(bool ok, const QString& output);
    // The audit record of a face drawn by hand on the probe is written.
    void manualFaceRecorded(qint64 probeId);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void openProbe(const ProbeRecord& probe, const QString& evidenceFile,
                   const std::optional<LoadedImage>& decoded);
    void onSearchFinished(const CaseSearch::Outcome& outcome);
    void openCompare(int row, std::optional<CandidateVerdict> preselect = std::nullopt);
    void recordVerdict(CandidateVerdict verdict, const QString& reason, const QString& notes);
    void recordManualFace(int row);
    void loadRecordedMarks(qint64 candidateId);
    void showFollowed(const CaseOverview::Current& current, bool verdictsOfShownSearch);
    // Candidate `row`'s current verdict is `latest` (none: no verdict): the card, and the
    // compare view when it shows that candidate, saying so in its banner when another analyst
    // recorded it.
    void showLatestVerdict(int row, const std::optional<VerdictRecord>& latest);
    int rowOfCandidate(qint64 candidateId) const;
    void updateSearchState();
    void setStatus(const QString& text);

    EngineHost* m_engine = nullptr;
    DatabaseWorker* m_database = nullptr;
    CaseRecord m_case;
    QString m_actor;
    QString m_status;

    MessageBanner* m_banner = nullptr;
    ProbePanel* m_probePanel = nullptr;
    SearchPanel* m_searchPanel = nullptr;
    CaseExportController* m_export = nullptr;
    QTabWidget* m_tabs = nullptr;
    DetectionView* m_probeView = nullptr;
    CandidateGalleryView* m_candidates = nullptr;
    CompareView* m_compare = nullptr;
    CaseChangeWatcher* m_watcher = nullptr;
    bool m_following = false;    // a followChanges() read is on its way
    bool m_followAgain = false;  // ... and something changed after it was asked for

    std::optional<CaseSearch::Outcome> m_lastSearch;
    std::optional<DetectionResult> m_searchedProbe;  // the probe analysis the candidates belong to
    int m_searchedFace = -1;
    int m_compareRow = -1;
};

}  // namespace facecase::ui
