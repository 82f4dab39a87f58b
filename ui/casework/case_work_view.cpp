#include "casework/case_work_view.h"

#include <QDragEnterEvent>
#include <QHideEvent>
#include <QShowEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QListView>
#include <QMimeData>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <map>

#include "candidates/candidate_gallery_view.h"
#include "candidates/thumbnail_loader.h"
#include "candidates/candidate_list_model.h"
#include "casework/case_export_controller.h"
#include "casework/pasted_image.h"
#include "casework/probe_panel.h"
#include "casework/search_panel.h"
#include "compare/compare_view.h"
#include "compare/second_review_box.h"
#include "compare/verdict_panel.h"
#include "detection/detection_view.h"
#include "quality/quality_panel.h"
#include "jobs/case_change_watcher.h"
#include "jobs/database_worker.h"
#include "jobs/detection_job.h"
#include "jobs/engine_host.h"
#include "settings/app_settings.h"
#include "services/casework/case_work.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/pipeline/pipeline_pool.h"
#include "types/display_time.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

namespace {
enum Tab { ProbeTab = 0, CandidatesTab = 1, CompareTab = 2 };
}  // namespace

CaseWorkView::CaseWorkView(EngineHost* engine, DatabaseWorker* database,
                           std::shared_ptr<GalleryIndexCache> indexes, QWidget* parent)
    : QWidget(parent), m_engine(engine) {
    setObjectName(QStringLiteral("caseWorkView"));
    setAcceptDrops(true);

    m_banner = new MessageBanner(this);
    m_probePanel = new ProbePanel(engine->threadPool(), m_banner, this);
    m_searchPanel = new SearchPanel(engine, m_banner, this);
    m_export = new CaseExportController(engine, m_banner, this);
    m_probeView = new DetectionView(engine, this);
    m_probeView->setComputeDescriptors(true);
    m_candidates = new CandidateGalleryView(engine, this);
    m_candidates->setThresholdOneIn(AppSettings::kDefaultThresholdOneIn);  // until told otherwise
    m_compare = new CompareView(engine, this);
    m_watcher = new CaseChangeWatcher(this);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_probeView, tr("&Probe"));
    m_tabs->addTab(m_candidates, tr("&Candidates"));
    m_tabs->addTab(m_compare, tr("Co&mpare"));
    m_tabs->setTabToolTip(ProbeTab, tr("The selected probe photo, its faces and their quality: pick the face to search"));
    m_tabs->setTabToolTip(CandidatesTab, tr("Ranked candidates of the latest search: investigative leads, not identifications"));
    m_tabs->setTabToolTip(CompareTab, tr("Probe and candidate side by side; record a verdict with its reason"));

    auto* sidebar = new QWidget(this);
    sidebar->setMinimumWidth(220);
    auto* sidebarLayout = new QVBoxLayout(sidebar);
    sidebarLayout->setContentsMargins(8, 8, 8, 8);
    sidebarLayout->addWidget(m_probePanel, 1);
    sidebarLayout->addSpacing(8);
    sidebarLayout->addWidget(m_searchPanel);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(sidebar);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setCollapsible(1, false);
    splitter->setSizes({240, 1040});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);

    connect(m_probePanel, &ProbePanel::probeSelected, this, &CaseWorkView::openProbe);
    connect(m_probePanel, &ProbePanel::probeAdded, this, &CaseWorkView::probeAdded);
    connect(m_probePanel, &ProbePanel::statusChanged, this, &CaseWorkView::setStatus);
    connect(m_searchPanel, &SearchPanel::searchRequested, this, &CaseWorkView::startSearch);
    connect(m_searchPanel, &SearchPanel::finished, this, &CaseWorkView::onSearchFinished);
    connect(m_searchPanel, &SearchPanel::statusChanged, this, &CaseWorkView::setStatus);
    connect(m_searchPanel, &SearchPanel::runningChanged, this, &CaseWorkView::busyChanged);
    connect(m_export, &CaseExportController::statusChanged, this, &CaseWorkView::setStatus);
    connect(m_export, &CaseExportController::runningChanged, this, &CaseWorkView::busyChanged);
    connect(m_export, &CaseExportController::finished, this, &CaseWorkView::exportFinished);
    connect(m_probeView, &DetectionView::analysisChanged, this, &CaseWorkView::updateSearchState);
    connect(m_probeView->qualityPanel(), &QualityPanel::selectedFaceChanged, this,
            &CaseWorkView::updateSearchState);
    connect(m_probeView, &DetectionView::statusChanged, this, &CaseWorkView::setStatus);
    connect(m_probeView, &DetectionView::faceMarkedByHand, this, &CaseWorkView::recordManualFace);
    connect(m_candidates, &CandidateGalleryView::compareRequested, this,
            [this](int row) { openCompare(row); });
    connect(m_candidates, &CandidateGalleryView::verdictRequested, this,
            [this](int row, CandidateVerdict verdict) { openCompare(row, verdict); });
    connect(m_compare, &CompareView::verdictSubmitted, this, &CaseWorkView::recordVerdict);
    connect(m_compare, &CompareView::backRequested, this,
            [this] { m_tabs->setCurrentIndex(CandidatesTab); });
    connect(m_watcher, &CaseChangeWatcher::changed, this, &CaseWorkView::followChanges);
    setDatabase(database, std::move(indexes));
}

CaseWorkView::~CaseWorkView() = default;

QListView* CaseWorkView::probeList() const { return m_probePanel->list(); }
ProbeListModel* CaseWorkView::probeModel() const { return m_probePanel->model(); }
QComboBox* CaseWorkView::galleryCombo() const { return m_searchPanel->galleryCombo(); }
QPushButton* CaseWorkView::searchButton() const { return m_searchPanel->searchButton(); }
QPushButton* CaseWorkView::cancelButton() const { return m_searchPanel->cancelButton(); }

void CaseWorkView::setDatabase(DatabaseWorker* database, std::shared_ptr<GalleryIndexCache> indexes) {
    m_database = database;
    // Who acts is the workspace's to say (the OS user here, the login on an agency database).
    m_actor = m_database ? m_database->workspace().actor().name() : QString();
    m_probePanel->setDatabase(database);
    m_searchPanel->setDatabase(database, std::move(indexes));
    m_export->setDatabase(database);
    m_compare->setDatabase(database);  // the second review, stored chips
    m_candidates->thumbnailLoader()->setDatabase(database);  // stored chips
    m_watcher->setDatabase(database);
    if (!m_database) {
        m_case = CaseRecord{};
        m_candidates->clear();
        m_compare->clear();
    }
    updateSearchState();
}

void CaseWorkView::setCase(const CaseRecord& record) {
    const bool sameCase = record.id == m_case.id && record.id != 0;
    // First, so that the watcher's baseline is read before what the page reads next.
    if (!sameCase) m_watcher->setCase(record.id);
    m_case = record;
    m_probePanel->setCase(record);
    if (sameCase) {
        updateSearchState();
        return;
    }
    m_banner->dismiss();  // what was said about the previous case does not hold for this one
    m_lastSearch.reset();
    m_searchedProbe.reset();
    m_candidates->clear();
    m_compare->clear();
    m_tabs->setCurrentIndex(ProbeTab);
    m_searchPanel->reloadGalleries();
    updateSearchState();
}

void CaseWorkView::setCandidateListLength(int k) { m_searchPanel->setCandidateListLength(k); }

void CaseWorkView::setCandidateListBounds(int minimum, int maximum) {
    m_searchPanel->setCandidateListBounds(minimum, maximum);
}

void CaseWorkView::setThresholdOneIn(int oneIn) { m_candidates->setThresholdOneIn(oneIn); }

void CaseWorkView::showError(const QString& text) { m_banner->showError(text); }

void CaseWorkView::galleriesChanged() { m_searchPanel->reloadGalleries(); }

void CaseWorkView::addProbeFiles(const QStringList& paths) { m_probePanel->addProbeFiles(paths); }

void CaseWorkView::importProbeFiles(const QStringList& paths, ProbeRecord::DeclaredKind kind,
                                    const QString& editNote) {
    m_probePanel->importProbeFiles(paths, kind, editNote);
}

ProbeKindDialog* CaseWorkView::pendingKindDialog() const { return m_probePanel->pendingKindDialog(); }

void CaseWorkView::addProbesFromMime(const QMimeData* mime) { m_probePanel->addProbesFromMime(mime); }

void CaseWorkView::addPastedImage(const PastedImage& pasted) { m_probePanel->addPastedImage(pasted); }

void CaseWorkView::importPastedImage(const PastedImage& pasted, ProbeRecord::DeclaredKind kind,
                                     const QString& editNote) {
    m_probePanel->importPastedImage(pasted, kind, editNote);
}

void CaseWorkView::openProbe(const ProbeRecord& probe, const QString& evidenceFile,
                             const std::optional<LoadedImage>& decoded) {
    const QString name = QFileInfo(probe.originalPath).fileName();
    // The photo was decoded once on import: the probe view analyses that, not the file again.
    if (decoded) m_probeView->openDecoded(*decoded, name);
    else m_probeView->openFile(evidenceFile, name);
    m_tabs->setCurrentIndex(ProbeTab);
    updateSearchState();
}

bool CaseWorkView::isSearching() const { return m_searchPanel->isRunning(); }

bool CaseWorkView::startSearch() {
    const auto probe = m_probePanel->currentProbe();
    const auto& analysis = m_probeView->result();
    const int face = m_probeView->selectedFace();
    QString missing = m_searchPanel->unavailableReason();
    if (!missing.isEmpty()) {
    } else if (!probe) missing = tr("Add a probe photo first (drop it on this page).");
    else if (!analysis || analysis->analysis.source.sha256 != probe->sha256)
        missing = tr("The probe is still being analysed.");
    else if (face < 0) missing = tr("Pick the face to search in the probe photo.");
    else if (!analysis->analysis.faces[std::size_t(face)].descriptor)
        missing = tr("This face has no descriptor.");
    if (!missing.isEmpty()) {
        m_banner->showError(missing);
        return false;
    }
    const DetectedFace& chosen = analysis->analysis.faces[std::size_t(face)];
    SearchPanel::Subject subject;
    subject.caseId = m_case.id;
    subject.probeId = probe->id;
    subject.face = CaseSearch::ProbeFace{chosen.index, chosen.box.rect, *chosen.descriptor,
                                         chosen.quality, chosen.box.manual};
    // The probe is described the way this window's pipeline describes faces.
    subject.modelKey = DescriptorModelKey::of(*m_engine->pipelinePool()->models(),
                                              m_probeView->job()->options().descriptorMode);
    subject.description = tr("face %1 of %2").arg(chosen.index).arg(m_probeView->photoName());
    if (!m_searchPanel->start(subject)) return false;
    m_searchedProbe = analysis;
    m_searchedFace = face;
    return true;
}

bool CaseWorkView::isExporting() const { return m_export->isRunning(); }

bool CaseWorkView::exportCase(const QString& output) { return m_export->start(m_case, output); }

void CaseWorkView::onSearchFinished(const CaseSearch::Outcome& outcome) {
    m_lastSearch = outcome;
    std::vector<CandidateRow> rows;
    rows.reserve(outcome.search.candidates.size());
    for (std::size_t i = 0; i < outcome.search.candidates.size(); ++i) {
        CandidateRow row;
        row.candidate = outcome.search.candidates[i];
        row.gallerySize = outcome.search.gallerySize;
        if (i < outcome.candidateIds.size()) row.recordedCandidateId = outcome.candidateIds[i];
        rows.push_back(std::move(row));
    }
    m_candidates->setResults(outcome.search, std::move(rows));
    m_candidates->setProbeDescription(tr("Face %1 of %2").arg(m_searchedFace + 1).arg(m_searchedProbe ? m_searchedProbe->displayName : QString()));
    m_tabs->setCurrentIndex(CandidatesTab);
    m_candidates->setCurrentRow(0);
    m_candidates->listView()->setFocus();
    setStatus(tr("%1 candidates from %2 (N = %L3) — investigative leads, not identifications.")
                  .arg(outcome.search.candidates.size())
                  .arg(outcome.search.galleryName)
                  .arg(qint64(outcome.search.gallerySize)));
    emit searchFinished(outcome.searchId);
}

void CaseWorkView::openCompare(int row, std::optional<CandidateVerdict> preselect) {
    if (!m_searchedProbe || row < 0 || row >= m_candidates->model()->rowCount()) return;
    CandidateRow candidate = m_candidates->model()->candidate(row);
    if (preselect) candidate.verdict = *preselect;
    m_compareRow = row;
    m_compare->setProbe(*m_searchedProbe, m_searchedFace);
    m_compare->setCandidate(candidate);
    m_tabs->setCurrentIndex(CompareTab);
    if (const auto id = candidate.recordedCandidateId; id && m_database) {
        loadRecordedMarks(*id);
        // Who looked at which candidate is part of the record.
        m_database->run<AuditRecord>(
            [id = *id, actor = m_actor](const DatabaseConnection& c) {
                return CaseSearch::recordCandidateOpened(c, id, actor);
            },
            this, [this](Result<AuditRecord> recorded) {
                if (!recorded) m_banner->showError(recorded.errorMessage());
            });
    }
}

void CaseWorkView::recordVerdict(CandidateVerdict verdict, const QString& reason, const QString& notes) {
    if (m_compareRow < 0 || !m_compare->hasCandidate()) return;
    const auto id = m_compare->candidate().recordedCandidateId;
    const auto value = VerdictRecord::verdictFromName(VerdictStyle::key(verdict));
    if (!id || !value || !m_database) {
        m_banner->showError(tr("This candidate is not on record; its verdict cannot be stored."));
        return;
    }
    CaseWork::VerdictDraft draft;
    draft.candidateId = *id;
    draft.verdict = *value;
    draft.reason = reason;
    draft.notes = notes;
    draft.analyst = m_actor;
    draft.marks = m_compare->verdictPanel()->marks();
    // The verdict this page shows: recorded over another one only knowingly.
    draft.seenVerdictId = m_compare->candidate().verdictId;
    m_database->run<VerdictRecord>(
        [draft, actor = m_actor](const DatabaseConnection& c) { return CaseWork(c, Actor(actor)).setVerdict(draft); },
        this, [this, verdict, id = *id](Result<VerdictRecord> recorded) {
            if (!recorded) {
                m_banner->showError(tr("The verdict was not recorded: %1").arg(recorded.errorMessage()));
                // A colleague's verdict came first: show it (the form keeps what was typed).
                if (recorded.error().kind == Error::Kind::Conflict) followChanges();
                return;
            }
            m_banner->clearError();
            const int row = rowOfCandidate(id);
            m_candidates->model()->setRecordedVerdict(row, verdict, recorded->annotationId);
            if (m_compare->hasCandidate() && m_compare->candidate().recordedCandidateId == id) {
                m_compare->setRecordedVerdict(verdict, recorded->annotationId);
                // "ana recorded ... record yours only if you still mean to": done, knowingly.
                if (m_compare->messageBanner()->kind() == MessageBanner::Kind::Info)
                    m_compare->messageBanner()->dismiss();
            }
            m_compare->verdictPanel()->showRecorded(
                tr("Recorded %1 by %2: %3").arg(VerdictStyle::word(verdict), recorded->analyst,
                                               displayTime(recorded->createdAt)));
            setStatus(tr("Verdict recorded for candidate %1.").arg(recorded->rank));
            emit verdictRecorded(id);
        });
}

void CaseWorkView::recordManualFace(int row) {
    // A box drawn by hand is the analyst's claim about the evidence: it goes on record at once,
    // whether or not a search follows (the search records it again, with manual_face = 1).
    const auto& analysis = m_probeView->result();
    const auto probe = m_probePanel->currentProbe();
    if (!m_database || !probe || !analysis || row < 0 ||
        row >= int(analysis->analysis.faces.size()))
        return;
    if (analysis->analysis.source.sha256 != probe->sha256) return;  // not this probe's photo
    const QRectF box = analysis->analysis.faces[std::size_t(row)].box.rect;
    const qint64 caseId = m_case.id;
    const qint64 probeId = probe->id;
    m_database->run<AuditRecord>(
        [caseId, probeId, box, actor = m_actor](const DatabaseConnection& c) {
            return CaseSearch::recordManualFace(c, caseId, probeId, box, actor);
        },
        this, [this, probeId](Result<AuditRecord> recorded) {
            if (!recorded) {
                m_banner->showError(tr("The face drawn by hand was not put on record: %1")
                                        .arg(recorded.errorMessage()));
                return;
            }
            m_banner->clearError();
            emit manualFaceRecorded(probeId);
        });
}

void CaseWorkView::loadRecordedMarks(qint64 candidateId) {
    // Reopened: the marks of the candidate's latest verdict come back on both photos.
    m_database->run<std::vector<VerdictRecord>>(
        [candidateId, actor = m_actor](const DatabaseConnection& c) { return CaseWork(c, Actor(actor)).history(candidateId); },
        this, [this, candidateId](Result<std::vector<VerdictRecord>> history) {
            if (!history) {
                m_banner->showError(tr("The recorded verdicts could not be read: %1").arg(history.errorMessage()));
                return;
            }
            if (history->empty() || !m_compare->hasCandidate() ||
                m_compare->candidate().recordedCandidateId != candidateId)
                return;  // nothing on record, or another candidate is open by now
            const VerdictRecord& latest = history->back();
            // The card may be older than this read (the watcher polls once a second).
            showLatestVerdict(rowOfCandidate(candidateId), latest);
            if (m_compare->verdictPanel()->marks().empty()) m_compare->showRecordedMarks(latest.marks);
            m_compare->verdictPanel()->showRecorded(
                tr("On record: %1 by %2, %3").arg(VerdictStyle::word(VerdictStyle::fromKey(VerdictRecord::verdictName(latest.verdict))), latest.analyst,
                                                  displayTime(latest.createdAt)));
        });
}

void CaseWorkView::followChanges() {
    if (!m_database || m_case.id == 0) return;
    if (m_following) {
        // The read on its way may have started before this change: read once more after it.
        m_followAgain = true;
        return;
    }
    m_following = true;
    m_followAgain = false;
    const qint64 caseId = m_case.id;
    const qint64 searchId = currentSearchId();
    m_database->run<CaseOverview::Current>(
        [caseId, searchId](const DatabaseConnection& c) { return CaseOverview(c).current(caseId, searchId); },
        this, [this, caseId, searchId](Result<CaseOverview::Current> current) {
            m_following = false;
            if (caseId != m_case.id) return;  // another case is open by now
            if (!current) {
                m_banner->showError(tr("What other analysts changed in this case could not be read: %1")
                                        .arg(current.errorMessage()));
                return;
            }
            // The verdicts of a search no longer shown are not this page's: its case only.
            const bool sameSearch = searchId == currentSearchId();
            showFollowed(*current, sameSearch);
            if (m_followAgain || !sameSearch) followChanges();
        });
}

void CaseWorkView::showFollowed(const CaseOverview::Current& current, bool verdictsOfShownSearch) {
    if (current.theCase.changeSeq != m_case.changeSeq || current.theCase.status != m_case.status ||
        current.theCase.isPurged() != m_case.isPurged()) {
        setCase(current.theCase);  // the same case: only what its status allows changes
        emit caseUpdated(current.theCase);
    }
    m_probePanel->followProbes();  // a colleague's new probe photos (cheap: one indexed read)
    if (verdictsOfShownSearch && currentSearchId() != 0) {
        std::map<qint64, const VerdictRecord*> latest;  // candidate id -> its current verdict
        for (const VerdictRecord& v : current.verdicts) latest.emplace(v.candidateId, &v);
        const auto& rows = m_candidates->model()->candidates();
        for (int row = 0; row < int(rows.size()); ++row) {
            const auto id = rows[std::size_t(row)].recordedCandidateId;
            if (!id) continue;
            const auto it = latest.find(*id);
            showLatestVerdict(row, it == latest.end() ? std::nullopt : std::optional(*it->second));
        }
    }
    emit changesFollowed();
}

void CaseWorkView::showLatestVerdict(int row, const std::optional<VerdictRecord>& latest) {
    if (row < 0 || row >= m_candidates->model()->rowCount()) return;
    const CandidateRow& shown = m_candidates->model()->candidate(row);
    const qint64 candidateId = shown.recordedCandidateId.value_or(0);
    const bool open = m_compare->hasCandidate() && candidateId != 0 &&
                      m_compare->candidate().recordedCandidateId == candidateId;
    if (open) {
        // Reviews come and go with the verdict and by themselves; the box reads them again
        // unless the analyst's own review is on its way (its answer reads them anyway).
        SecondReviewBox* review = m_compare->verdictPanel()->secondReview();
        const auto& onScreen = review->currentVerdict();
        const auto lastReview = [](const std::optional<VerdictRecord>& v) {
            return v && !v->reviews.empty() ? v->reviews.back().id : qint64(0);
        };
        if (!review->isBusy() && ((onScreen ? onScreen->annotationId : 0) != (latest ? latest->annotationId : 0) ||
                                  lastReview(onScreen) != lastReview(latest)))
            review->refresh();
    }
    const qint64 latestId = latest ? latest->annotationId : 0;
    if (shown.verdictId == latestId) return;
    const CandidateVerdict verdict =
        latest ? VerdictStyle::fromKey(VerdictRecord::verdictName(latest->verdict)) : CandidateVerdict::None;
    m_candidates->model()->setRecordedVerdict(row, verdict, latestId);
    if (!open || !latest) return;
    // Only the record changes: the choice, reason, notes and marks stay as the analyst has them.
    m_compare->setRecordedVerdict(verdict, latestId);
    m_compare->verdictPanel()->showRecorded(tr("On record: %1 by %2, %3")
                                                .arg(VerdictStyle::word(verdict), latest->analyst,
                                                     displayTime(latest->createdAt)));
    if (latest->analyst.compare(m_actor, Qt::CaseInsensitive) != 0) {
        m_compare->messageBanner()->showInfo(
            tr("%1 recorded \u201C%2\u201D for this candidate at %3, after this page last showed it. "
               "Your choice, reason and marks are kept: record them only if you still mean to "
               "replace it.")
                .arg(latest->analyst, VerdictStyle::word(verdict), displayTime(latest->createdAt)));
    }
}

int CaseWorkView::rowOfCandidate(qint64 candidateId) const {
    const auto& rows = m_candidates->model()->candidates();
    for (std::size_t row = 0; row < rows.size(); ++row) {
        if (rows[row].recordedCandidateId == candidateId) return int(row);
    }
    return -1;
}

void CaseWorkView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    m_watcher->start();  // and reads at once what changed while the page was away
}

void CaseWorkView::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    m_watcher->stop();
}

void CaseWorkView::updateSearchState() {
    const bool open = m_case.status == CaseRecord::Status::Open && m_case.id != 0;
    m_searchPanel->setCaseOpen(open);
    m_searchPanel->setFaceChosen(m_probeView->selectedFace() >= 0);
}

void CaseWorkView::setStatus(const QString& text) {
    m_status = text;
    emit statusChanged(text);
}

bool CaseWorkView::isBusy() const {
    return m_searchPanel->isRunning() || m_export->isRunning() || m_probeView->isBusy();
}

void CaseWorkView::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if ((!ProbePanel::localFiles(mime).isEmpty() || PastedImage::isOffered(mime)) &&
        m_case.status == CaseRecord::Status::Open) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    }
}

void CaseWorkView::dropEvent(QDropEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (const QStringList paths = ProbePanel::localFiles(mime); !paths.isEmpty()) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
        addProbeFiles(paths);
    } else if (const auto dropped = PastedImage::fromMimeData(mime, PastedImage::Origin::DragAndDrop)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
        addPastedImage(*dropped);
    }
}

}  // namespace facecase::ui
