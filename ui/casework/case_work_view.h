#pragma once

#include <QPointer>
#include <QWidget>
#include <memory>
#include <optional>

#include "candidates/candidate_verdict.h"
#include "jobs/detection_result.h"
#include "jobs/probe_import_job.h"
#include "store/probe_repository.h"
#include "services/search/case_search.h"
#include "store/case_record.h"
#include "store/probe_record.h"

class QComboBox;
class QLabel;
class QListView;
class QMimeData;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace facecase {
class GalleryIndexCache;
}

namespace facecase::ui {

class CandidateGalleryView;
class CaseExportJob;
class CompareView;
class DatabaseWorker;
class DetectionView;
class EngineHost;
class MessageBanner;
struct PastedImage;
class ProbeKindDialog;
class ProbeListModel;
class SearchJob;

// The open case's work area: probes on the left (drop photos anywhere on the page, or Add
// probe…), each copied into the workspace's evidence folder and recorded; the selected probe
// analysed in the Probe tab where the analyst picks a face; a search of the chosen gallery in
// the background (progress, Cancel) whose recorded candidates fill the Candidates tab; a
// candidate opened in the Compare tab, where a verdict with its reason is recorded. Every
// database call goes through the DatabaseWorker, every analysis and search through engine jobs:
// nothing here blocks the GUI thread.
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
    void galleriesChanged() { reloadGalleries(); }

    DetectionView* probeView() const { return m_probeView; }
    CandidateGalleryView* candidateView() const { return m_candidates; }
    CompareView* compareView() const { return m_compare; }
    QTabWidget* tabs() const { return m_tabs; }
    QListView* probeList() const { return m_probeList; }
    ProbeListModel* probeModel() const { return m_probes; }
    QComboBox* galleryCombo() const { return m_gallery; }
    QPushButton* searchButton() const { return m_search; }
    QPushButton* cancelButton() const { return m_cancel; }
    MessageBanner* messageBanner() const { return m_banner; }
    bool isSearching() const;
    bool isBusy() const;             // analysing a probe or searching
    QString statusText() const { return m_status; }
    // The latest recorded search shown in the Candidates tab (0 before the first).
    qint64 currentSearchId() const { return m_lastSearch ? m_lastSearch->searchId : 0; }

signals:
    void statusChanged(const QString& text);
    void busyChanged();
    void searchFinished(qint64 searchId);
    void verdictRecorded(qint64 candidateId);
    void probeAdded(qint64 probeId);
    // An export ended: `ok` when the bundle was written and verifies.
    void exportFinished(bool ok, const QString& output);
    // The audit record of a face drawn by hand on the probe is written.
    void manualFaceRecorded(qint64 probeId);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildSidebar();
    void chooseProbeFiles();
    ProbeKindDialog* askProbeKind(const QStringList& names);
    void importProbe(ProbeImportJob::Request request);
    void probeImported(const ProbeImportJob::Done& done);
    void reloadProbes();
    void reloadGalleries();
    void onProbeSelected();
    void onSearchFinished(const CaseSearch::Outcome& outcome);
    void onSearchFailed(const QString& message);
    void openCompare(int row, std::optional<CandidateVerdict> preselect = std::nullopt);
    void recordVerdict(CandidateVerdict verdict, const QString& reason, const QString& notes);
    void recordManualFace(int row);
    void loadRecordedMarks(qint64 candidateId);
    void updateSearchState();
    void setStatus(const QString& text);

    EngineHost* m_engine = nullptr;
    DatabaseWorker* m_database = nullptr;
    std::shared_ptr<GalleryIndexCache> m_indexes;
    CaseRecord m_case;
    QString m_actor;
    QString m_status;

    MessageBanner* m_banner = nullptr;
    ProbeListModel* m_probes = nullptr;
    QListView* m_probeList = nullptr;
    QPushButton* m_addProbe = nullptr;
    QComboBox* m_gallery = nullptr;
    QSpinBox* m_k = nullptr;
    QPushButton* m_search = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_searchInfo = nullptr;
    QTabWidget* m_tabs = nullptr;
    DetectionView* m_probeView = nullptr;
    CandidateGalleryView* m_candidates = nullptr;
    CompareView* m_compare = nullptr;
    SearchJob* m_job = nullptr;
    QPointer<ProbeKindDialog> m_kindDialog;
    CaseExportJob* m_export = nullptr;
    ProbeImportJob* m_importer = nullptr;
    // A probe just imported and its photo as the import decoded it, until the probe view opens it.
    struct DecodedProbe {
        qint64 probeId = 0;
        LoadedImage photo;
    };
    std::optional<DecodedProbe> m_decodedProbe;

    std::optional<CaseSearch::Outcome> m_lastSearch;
    std::optional<DetectionResult> m_searchedProbe;  // the probe analysis the candidates belong to
    int m_searchedFace = -1;
    int m_compareRow = -1;
};

}  // namespace facecase::ui
