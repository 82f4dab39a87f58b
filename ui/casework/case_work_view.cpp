// Over 500 lines until its split into probe panel, search and export controllers (issue 11, item 4).
#include "casework/case_work_view.h"

#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include "candidates/candidate_gallery_view.h"
#include "candidates/candidate_list_model.h"
#include "casework/pasted_image.h"
#include "casework/probe_kind_dialog.h"
#include "casework/probe_list_model.h"
#include "compare/compare_view.h"
#include "compare/verdict_panel.h"
#include "detection/detection_view.h"
#include "quality/quality_panel.h"
#include "jobs/case_export_job.h"
#include "jobs/database_worker.h"
#include "jobs/detection_job.h"
#include "jobs/engine_host.h"
#include "jobs/search_job.h"
#include "settings/app_settings.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/pipeline/pipeline_pool.h"
#include "services/casework/probe_importer.h"
#include "store/gallery_repository.h"
#include "store/gallery_statistics.h"
#include "store/probe_repository.h"
#include "services/casework/case_work.h"
#include "types/display_time.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

namespace {
enum Tab { ProbeTab = 0, CandidatesTab = 1, CompareTab = 2 };

// A gallery as the combo offers it, with the descriptor model its faces were enrolled with (the
// probe must be described the same way).
struct GalleryChoice {
    QString name;
    qint64 faces = 0;
    bool synthetic = false;
    QString modelKey;  // empty when the gallery has no descriptors yet
};

QStringList localFiles(const QMimeData* mime) {
    QStringList paths;
    if (!mime || !mime->hasUrls()) return paths;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    return paths;
}
}  // namespace

CaseWorkView::CaseWorkView(EngineHost* engine, DatabaseWorker* database,
                           std::shared_ptr<GalleryIndexCache> indexes, QWidget* parent)
    : QWidget(parent),
      m_engine(engine),
      m_database(database),
      m_indexes(std::move(indexes)),
      m_actor(database ? database->workspace().actor().name() : QString()) {
    setObjectName(QStringLiteral("caseWorkView"));
    setAcceptDrops(true);

    m_banner = new MessageBanner(this);
    m_probes = new ProbeListModel(this);
    m_probeView = new DetectionView(engine, this);
    m_probeView->setComputeDescriptors(true);
    m_probeView->setAcceptDrops(false);  // drops go to the case (evidence first), see dropEvent
    m_candidates = new CandidateGalleryView(engine, this);
    m_candidates->setThresholdOneIn(AppSettings::kDefaultThresholdOneIn);  // until told otherwise
    m_compare = new CompareView(engine, this);
    m_job = new SearchJob(engine->threadPool(), this);
    m_export = new CaseExportJob(engine->threadPool(), this);
    m_importer = new ProbeImportJob(engine->threadPool(), this);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_probeView, tr("&Probe"));
    m_tabs->addTab(m_candidates, tr("&Candidates"));
    m_tabs->addTab(m_compare, tr("Co&mpare"));
    m_tabs->setTabToolTip(ProbeTab, tr("The selected probe photo, its faces and their quality: pick the face to search"));
    m_tabs->setTabToolTip(CandidatesTab, tr("Ranked candidates of the latest search: investigative leads, not identifications"));
    m_tabs->setTabToolTip(CompareTab, tr("Probe and candidate side by side; record a verdict with its reason"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildSidebar());
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

    connect(m_probeList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CaseWorkView::onProbeSelected);
    connect(m_probeView, &DetectionView::analysisChanged, this, &CaseWorkView::updateSearchState);
    connect(m_probeView->qualityPanel(), &QualityPanel::selectedFaceChanged, this,
            &CaseWorkView::updateSearchState);
    connect(m_probeView, &DetectionView::statusChanged, this, &CaseWorkView::setStatus);
    connect(m_probeView, &DetectionView::faceMarkedByHand, this, &CaseWorkView::recordManualFace);
    connect(m_gallery, &QComboBox::currentIndexChanged, this, &CaseWorkView::updateSearchState);
    connect(m_engine, &EngineHost::ready, this, &CaseWorkView::updateSearchState);
    connect(m_job, &SearchJob::progress, this, &CaseWorkView::setStatus);
    connect(m_job, &SearchJob::finished, this, &CaseWorkView::onSearchFinished);
    connect(m_job, &SearchJob::failed, this, &CaseWorkView::onSearchFailed);
    connect(m_job, &SearchJob::cancelled, this, [this] {
        setStatus(tr("Search cancelled."));
        updateSearchState();
    });
    connect(m_candidates, &CandidateGalleryView::compareRequested, this,
            [this](int row) { openCompare(row); });
    connect(m_candidates, &CandidateGalleryView::verdictRequested, this,
            [this](int row, CandidateVerdict verdict) { openCompare(row, verdict); });
    connect(m_compare, &CompareView::verdictSubmitted, this, &CaseWorkView::recordVerdict);
    connect(m_compare, &CompareView::backRequested, this,
            [this] { m_tabs->setCurrentIndex(CandidatesTab); });
    updateSearchState();
}

CaseWorkView::~CaseWorkView() = default;

QWidget* CaseWorkView::buildSidebar() {
    auto* sidebar = new QWidget(this);
    sidebar->setMinimumWidth(220);

    auto* probesLabel = new QLabel(tr("Probe photos"), sidebar);
    probesLabel->setStyleSheet(QStringLiteral("font-weight: 600"));
    m_probeList = new QListView(sidebar);
    m_probeList->setObjectName(QStringLiteral("probeList"));
    m_probeList->setModel(m_probes);
    m_probeList->setToolTip(tr("Probes of this case, copied into the workspace as evidence. Drop photos anywhere on this page to add them."));
    m_probeList->setWordWrap(true);
    m_addProbe = new QPushButton(QIcon(QStringLiteral(":/icons/document-open.svg")), tr("&Add probe…"), sidebar);
    m_addProbe->setToolTip(tr("Copy photos into the case as probes (they are hashed and kept as evidence)"));
    connect(m_addProbe, &QPushButton::clicked, this, &CaseWorkView::chooseProbeFiles);

    auto* searchBox = new QGroupBox(tr("Search"), sidebar);
    m_gallery = new QComboBox(searchBox);
    m_gallery->setObjectName(QStringLiteral("galleryCombo"));
    m_gallery->setToolTip(tr("The enrolled gallery to search"));
    m_k = new QSpinBox(searchBox);
    m_k->setRange(5, 100);
    m_k->setValue(20);
    m_k->setToolTip(tr("How many ranked candidates to list (policy: 5 to 100). The list is always "
                       "this long: closeness alone never makes a match."));
    m_search = new QPushButton(tr("&Search gallery"), searchBox);
    m_search->setObjectName(QStringLiteral("searchButton"));
    m_search->setDefault(true);
    m_search->setToolTip(tr("Search the gallery with the selected face of the selected probe (recorded in the case and the audit log)"));
    connect(m_search, &QPushButton::clicked, this, &CaseWorkView::startSearch);
    m_cancel = new QPushButton(QIcon(QStringLiteral(":/icons/window-close.svg")), tr("Cancel"), searchBox);
    m_cancel->setToolTip(tr("Stop the running search"));
    connect(m_cancel, &QPushButton::clicked, m_job, &SearchJob::cancel);
    m_progress = new QProgressBar(searchBox);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_searchInfo = new QLabel(searchBox);
    m_searchInfo->setWordWrap(true);
    m_searchInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("&Gallery:"), m_gallery);
    form->addRow(tr("&Candidates:"), m_k);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_search, 1);
    buttons->addWidget(m_cancel);
    auto* searchLayout = new QVBoxLayout(searchBox);
    searchLayout->addLayout(form);
    searchLayout->addLayout(buttons);
    searchLayout->addWidget(m_progress);
    searchLayout->addWidget(m_searchInfo);

    auto* layout = new QVBoxLayout(sidebar);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(probesLabel);
    layout->addWidget(m_probeList, 1);
    layout->addWidget(m_addProbe);
    layout->addSpacing(8);
    layout->addWidget(searchBox);
    return sidebar;
}

void CaseWorkView::setDatabase(DatabaseWorker* database, std::shared_ptr<GalleryIndexCache> indexes) {
    m_database = database;
    // Who acts is the workspace's to say (the OS user here, the login on an agency database).
    m_actor = m_database ? m_database->workspace().actor().name() : QString();
    m_indexes = std::move(indexes);
    if (!m_database) {
        m_case = CaseRecord{};
        m_probes->setProbes({});
        m_candidates->clear();
        m_compare->clear();
    }
    updateSearchState();
}

void CaseWorkView::setCase(const CaseRecord& record) {
    if (record.id == m_case.id && record.id != 0) {
        m_case = record;
        updateSearchState();
        return;
    }
    m_case = record;
    m_banner->dismiss();  // what was said about the previous case does not hold for this one
    m_lastSearch.reset();
    m_searchedProbe.reset();
    m_candidates->clear();
    m_compare->clear();
    m_probes->setProbes({});
    m_tabs->setCurrentIndex(ProbeTab);
    reloadProbes();
    reloadGalleries();
}

void CaseWorkView::setCandidateListLength(int k) { m_k->setValue(k); }

void CaseWorkView::setCandidateListBounds(int minimum, int maximum) {
    m_k->setRange(minimum, maximum);
    m_k->setToolTip(tr("How many ranked candidates to list (policy: %1 to %2). The list is always "
                       "this long: closeness alone never makes a match.")
                        .arg(minimum)
                        .arg(maximum));
}

void CaseWorkView::setThresholdOneIn(int oneIn) { m_candidates->setThresholdOneIn(oneIn); }

void CaseWorkView::addProbesFromMime(const QMimeData* mime) {
    if (const QStringList paths = localFiles(mime); !paths.isEmpty()) {
        addProbeFiles(paths);
        return;
    }
    if (const auto pasted = PastedImage::fromMimeData(mime, PastedImage::Origin::Clipboard)) {
        addPastedImage(*pasted);
        return;
    }
    m_banner->showError(tr("The clipboard holds no photo: copy a photo file or an image, then paste again."));
}

void CaseWorkView::reloadProbes() {
    if (!m_database) return;
    const qint64 caseId = m_case.id;
    m_database->run<std::vector<ProbeRecord>>(
        [caseId](const DatabaseConnection& c) { return ProbeRepository(c).listForCase(caseId); }, this,
        [this, caseId](Result<std::vector<ProbeRecord>> probes) {
            if (caseId != m_case.id) return;  // another case was opened meanwhile
            if (!probes) {
                m_banner->showError(probes.errorMessage());
                return;
            }
            m_probes->setProbes(std::move(probes).value());
            if (m_probes->rowCount() > 0) m_probeList->setCurrentIndex(m_probes->index(0));
        });
}

void CaseWorkView::reloadGalleries() {
    if (!m_database) return;
    m_database->run<std::vector<GalleryChoice>>(
        [](const DatabaseConnection& c) -> Result<std::vector<GalleryChoice>> {
            auto galleries = GalleryRepository(c).list();
            if (!galleries) return galleries.error();
            std::vector<GalleryChoice> choices;
            for (const Gallery& g : *galleries) {
                auto models = GalleryStatistics::descriptorModelsOf(c, g.id);
                if (!models) return models.error();
                choices.push_back({g.name, g.faceCount, g.isSynthetic(),
                                   models->empty() ? QString() : models->front().first});
            }
            return choices;
        },
        this, [this](Result<std::vector<GalleryChoice>> choices) {
            if (!choices) {
                m_banner->showError(choices.errorMessage());
                return;
            }
            const QString previous = m_gallery->currentData().toStringList().value(0);
            m_gallery->clear();
            for (const GalleryChoice& g : *choices) {
                const QString label = g.synthetic ? tr("%1 (%L2 synthetic faces: benchmark only)").arg(g.name).arg(g.faces)
                                                  : tr("%1 (%L2 faces)").arg(g.name).arg(g.faces);
                m_gallery->addItem(label, QStringList{g.name, g.modelKey});
            }
            if (m_gallery->count() == 0)
                m_gallery->setPlaceholderText(tr("No gallery enrolled yet"));
            const int again = m_gallery->findData(previous, Qt::UserRole, Qt::MatchStartsWith);
            if (again >= 0) m_gallery->setCurrentIndex(again);
            updateSearchState();
        });
}

void CaseWorkView::chooseProbeFiles() {
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Add probe photos to case %1").arg(m_case.caseNumber), QString(),
        tr("Photos (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (!paths.isEmpty()) addProbeFiles(paths);
}

void CaseWorkView::addProbeFiles(const QStringList& paths) {
    if (paths.isEmpty()) return;
    QStringList names;
    for (const QString& path : paths) names << QFileInfo(path).fileName();
    ProbeKindDialog* dialog = askProbeKind(names);
    if (!dialog) return;
    const qint64 caseId = m_case.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, paths, caseId] {
        if (caseId != m_case.id) return;  // the case page moved on while the dialog was open
        importProbeFiles(paths, dialog->declaredKind(), dialog->editNote());
    });
    dialog->open();
}

void CaseWorkView::addPastedImage(const PastedImage& pasted) {
    ProbeKindDialog* dialog = askProbeKind({pasted.displayName()});
    if (!dialog) return;
    // Image data without a file is most often a screen capture or a social-media picture.
    dialog->preselect(ProbeRecord::DeclaredKind::Screenshot);
    const qint64 caseId = m_case.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, pasted, caseId] {
        if (caseId != m_case.id) return;
        importPastedImage(pasted, dialog->declaredKind(), dialog->editNote());
    });
    dialog->open();
}

ProbeKindDialog* CaseWorkView::askProbeKind(const QStringList& names) {
    if (!m_database || m_case.id == 0) {
        m_banner->showError(tr("Open a case first: probes belong to a case."));
        return nullptr;
    }
    // One answer per batch: a drop of CCTV frames is one declaration, not one per frame. A
    // second batch while the first is unanswered replaces nothing: the analyst answers in turn.
    auto* dialog = new ProbeKindDialog(names, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_kindDialog = dialog;
    return dialog;
}

ProbeKindDialog* CaseWorkView::pendingKindDialog() const { return m_kindDialog.data(); }

void CaseWorkView::importProbeFiles(const QStringList& paths, ProbeRecord::DeclaredKind kind,
                                    const QString& editNote) {
    for (const QString& path : paths) {
        ProbeImportJob::Request request;
        request.path = path;
        request.displayName = QFileInfo(path).fileName();
        request.kind = kind;
        request.editNote = editNote;
        importProbe(std::move(request));
    }
}

void CaseWorkView::importPastedImage(const PastedImage& pasted, ProbeRecord::DeclaredKind kind,
                                     const QString& editNote) {
    ProbeImportJob::Request request;
    request.pasted = pasted;
    request.displayName = pasted.displayName();
    request.kind = kind;
    request.editNote = editNote;
    importProbe(std::move(request));
}

void CaseWorkView::importProbe(ProbeImportJob::Request request) {
    if (!m_database || m_case.id == 0) {
        m_banner->showError(tr("Open a case first: probes belong to a case."));
        return;
    }
    request.caseId = m_case.id;
    request.actor = m_actor;
    setStatus(tr("Adding %1 to the case…").arg(request.displayName));
    m_importer->start(m_database, std::move(request),
                      [this](const ProbeImportJob::Done& done) { probeImported(done); });
}

void CaseWorkView::probeImported(const ProbeImportJob::Done& done) {
    if (done.caseId != m_case.id) return;
    const QString& name = done.displayName;
    if (!done.added) {
        m_banner->showError(tr("Could not add %1: %2").arg(name, done.added.errorMessage()));
        setStatus(tr("Could not add %1.").arg(name));
        return;
    }
    m_banner->clearError();
    const ProbeRecord& probe = done.added->probe;
    // The photo was decoded once on import: the probe view analyses that, not the file again.
    if (done.photo) m_decodedProbe = DecodedProbe{probe.id, *done.photo};
    const int row = m_probes->addProbe(probe);
    m_probeList->setCurrentIndex(m_probes->index(row));  // opens it (onProbeSelected) unless current
    m_decodedProbe.reset();
    setStatus(done.added->alreadyInCase ? tr("%1 is already a probe of this case.").arg(name)
                                        : tr("%1 added as evidence (SHA-256 %2…).").arg(name, probe.sha256.left(12)));
    emit probeAdded(probe.id);
}

void CaseWorkView::onProbeSelected() {
    const int row = m_probeList->currentIndex().row();
    if (row < 0 || !m_database) return;
    const ProbeRecord& probe = m_probes->probe(row);
    const QString name = QFileInfo(probe.originalPath).fileName();
    if (m_decodedProbe && m_decodedProbe->probeId == probe.id) {
        m_probeView->openDecoded(m_decodedProbe->photo, name);
    } else {
        m_probeView->openFile(QDir(m_database->workspace().folder()).filePath(probe.evidencePath), name);
    }
    m_decodedProbe.reset();  // only the import hands a photo over; later selections read the file
    m_tabs->setCurrentIndex(ProbeTab);
    updateSearchState();
}

bool CaseWorkView::isSearching() const { return m_job->isRunning(); }

bool CaseWorkView::startSearch() {
    const int probeRow = m_probeList->currentIndex().row();
    const auto& analysis = m_probeView->result();
    const int face = m_probeView->selectedFace();
    const QStringList gallery = m_gallery->currentData().toStringList();
    QString missing;
    if (!m_database) missing = tr("No workspace is open.");
    else if (m_job->isRunning()) missing = tr("A search is already running.");
    else if (!m_engine->isReady()) missing = tr("The face models are still loading.");
    else if (probeRow < 0) missing = tr("Add a probe photo first (drop it on this page).");
    else if (!analysis || analysis->analysis.source.sha256 != m_probes->probe(probeRow).sha256)
        missing = tr("The probe is still being analysed.");
    else if (face < 0) missing = tr("Pick the face to search in the probe photo.");
    else if (gallery.size() != 2) missing = tr("Choose a gallery to search.");
    else if (!analysis->analysis.faces[std::size_t(face)].descriptor)
        missing = tr("This face has no descriptor.");
    if (!missing.isEmpty()) {
        m_banner->showError(missing);
        return false;
    }
    const DetectedFace& chosen = analysis->analysis.faces[std::size_t(face)];
    SearchJob::Input input{m_database->workspace(), {}, {}, {}, {}};
    input.cache = m_indexes;
    input.models = m_engine->pipelinePool()->models();
    input.actor = m_actor;
    input.request.caseId = m_case.id;
    input.request.probeId = m_probes->probe(probeRow).id;
    input.request.face = CaseSearch::ProbeFace{chosen.index, chosen.box.rect, *chosen.descriptor,
                                               chosen.quality, chosen.box.manual};
    input.request.galleryName = gallery[0];
    // The probe is described the way this window's pipeline describes faces; a gallery enrolled
    // another way is refused by the search with a message naming both models.
    input.request.modelKey = DescriptorModelKey::of(*input.models, m_probeView->job()->options().descriptorMode);
    input.request.k = m_k->value();
    m_searchedProbe = analysis;
    m_searchedFace = face;
    m_banner->dismiss();
    m_job->start(std::move(input));
    setStatus(tr("Searching %1 with face %2 of %3…").arg(gallery[0]).arg(chosen.index).arg(m_probeView->photoName()));
    updateSearchState();
    return true;
}

bool CaseWorkView::isExporting() const { return m_export->isRunning(); }

bool CaseWorkView::exportCase(const QString& output) {
    QString missing;
    if (!m_database || m_case.id == 0) missing = tr("Open a case first.");
    else if (m_export->isRunning()) missing = tr("An export is already running.");
    else if (output.trimmed().isEmpty()) missing = tr("Choose where the case file goes.");
    if (!missing.isEmpty()) {
        m_banner->showError(missing);
        return false;
    }
    CaseExportJob::Input input{m_database->workspace(), m_case.id, output, m_actor, QPageSize::A4, {}};
    if (const auto pool = m_engine->pipelinePool()) input.landmarks = pool->models()->landmarks();
    const QString caseNumber = m_case.caseNumber;
    // One-shot connections: a later export must not report through this one's handlers.
    auto* context = new QObject(this);
    connect(m_export, &CaseExportJob::finished, context, [this, context, caseNumber](const CaseExportJob::Outcome& o) {
        context->deleteLater();
        const CaseExporter::Summary& s = o.summary;
        const QString written = tr("Case %1 exported to %2: %n file(s), %3 candidate(s) (%4 possible match(es)); chain head #%5.",
                                   nullptr, s.fileCount)
                                    .arg(caseNumber, QDir::toNativeSeparators(s.output))
                                    .arg(s.candidates)
                                    .arg(s.review.possibleMatches)
                                    .arg(s.headSeq);
        if (o.verification.ok()) {
            m_banner->showInfo(tr("%1 Verified: all %2 files match their SHA-256 and the audit excerpt's chain holds.")
                                   .arg(written)
                                   .arg(o.verification.filesChecked));
        } else {
            // Written but not verifying is a defect or interference: say which file, loudly.
            const ExportVerification::Problem& first = o.verification.problems.front();
            m_banner->showError(tr("%1 But it does NOT verify: %2 is %3 (%4); %n problem(s) in all.", nullptr,
                                   int(o.verification.problems.size()))
                                    .arg(written, first.path, ExportVerification::kindName(first.kind), first.detail));
        }
        setStatus(tr("Case %1 exported.").arg(caseNumber));
        updateSearchState();
        emit exportFinished(o.verification.ok(), s.output);
    });
    connect(m_export, &CaseExportJob::failed, context, [this, context, caseNumber, output](const QString& message) {
        context->deleteLater();
        m_banner->showError(tr("Case %1 was not exported: %2").arg(caseNumber, message));
        setStatus(tr("Export of case %1 failed.").arg(caseNumber));
        updateSearchState();
        emit exportFinished(false, output);
    });
    m_export->start(std::move(input));
    m_banner->dismiss();
    setStatus(tr("Exporting case %1 to %2 (report, evidence, audit excerpt)…")
                  .arg(caseNumber, QDir::toNativeSeparators(output)));
    updateSearchState();
    return true;
}

void CaseWorkView::onSearchFinished(const CaseSearch::Outcome& outcome) {
    m_banner->clearError();
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
    m_searchInfo->setText(tr("Search #%1: %L2 faces in %3, %4 candidates, %5 search, model %6.")
                              .arg(outcome.searchId)
                              .arg(qint64(outcome.search.gallerySize))
                              .arg(outcome.search.galleryName)
                              .arg(outcome.search.k)
                              .arg(GalleryIndex::methodName(outcome.search.method))
                              .arg(outcome.search.modelKey.section(QLatin1Char('/'), 0, 0)));
    m_searchInfo->setToolTip(outcome.search.modelKey);
    m_tabs->setCurrentIndex(CandidatesTab);
    m_candidates->setCurrentRow(0);
    m_candidates->listView()->setFocus();
    setStatus(tr("%1 candidates from %2 (N = %L3) — investigative leads, not identifications.")
                  .arg(outcome.search.candidates.size())
                  .arg(outcome.search.galleryName)
                  .arg(qint64(outcome.search.gallerySize)));
    updateSearchState();
    emit searchFinished(outcome.searchId);
}

void CaseWorkView::onSearchFailed(const QString& message) {
    m_banner->showError(tr("The search failed: %1").arg(message));
    setStatus(tr("The search failed."));
    updateSearchState();
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
    const int row = m_compareRow;
    m_database->run<VerdictRecord>(
        [draft, actor = m_actor](const DatabaseConnection& c) { return CaseWork(c, Actor(actor)).setVerdict(draft); },
        this, [this, row, verdict, id = *id](Result<VerdictRecord> recorded) {
            if (!recorded) {
                m_banner->showError(tr("The verdict was not recorded: %1").arg(recorded.errorMessage()));
                return;
            }
            m_banner->clearError();
            m_candidates->setVerdict(row, verdict);
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
    const int probeRow = m_probeList->currentIndex().row();
    if (!m_database || probeRow < 0 || !analysis || row < 0 ||
        row >= int(analysis->analysis.faces.size()))
        return;
    const ProbeRecord& probe = m_probes->probe(probeRow);
    if (analysis->analysis.source.sha256 != probe.sha256) return;  // not this probe's photo
    const QRectF box = analysis->analysis.faces[std::size_t(row)].box.rect;
    const qint64 caseId = m_case.id;
    const qint64 probeId = probe.id;
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
            if (m_compare->verdictPanel()->marks().empty()) m_compare->showRecordedMarks(latest.marks);
            m_compare->verdictPanel()->showRecorded(
                tr("On record: %1 by %2, %3").arg(VerdictStyle::word(VerdictStyle::fromKey(VerdictRecord::verdictName(latest.verdict))), latest.analyst,
                                                  displayTime(latest.createdAt)));
        });
}

void CaseWorkView::updateSearchState() {
    const bool running = m_job->isRunning();
    const bool open = m_case.status == CaseRecord::Status::Open;
    m_progress->setVisible(running);
    emit busyChanged();
    m_cancel->setVisible(running);
    m_search->setEnabled(!running && open && m_database && m_engine->isReady() && m_gallery->count() > 0 &&
                         m_probeView->selectedFace() >= 0);
    m_addProbe->setEnabled(open && m_database);
    m_search->setToolTip(open ? tr("Search the gallery with the selected face of the selected probe (recorded in the case and the audit log)")
                              : tr("The case is closed: reopen it to search"));
}

void CaseWorkView::setStatus(const QString& text) {
    m_status = text;
    emit statusChanged(text);
}

bool CaseWorkView::isBusy() const {
    return m_job->isRunning() || m_export->isRunning() || m_probeView->isBusy();
}

void CaseWorkView::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if ((!localFiles(mime).isEmpty() || PastedImage::isOffered(mime)) &&
        m_case.status == CaseRecord::Status::Open) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    }
}

void CaseWorkView::dropEvent(QDropEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (const QStringList paths = localFiles(mime); !paths.isEmpty()) {
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
