// Over 500 lines: the shell that wires every view, menu, shortcut and start-up argument.
#include "mainwindow/main_window.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScreen>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QThreadPool>
#include <QToolBar>
#include <QToolButton>
#include <algorithm>
#include <utility>

#include "audit/audit_dialog.h"
#include "cases/case_list_model.h"
#include "cases/case_list_view.h"
#include "cases/case_page.h"
#include "casework/case_work_view.h"
#include "compare/compare_view.h"
#include "compare/verdict_panel.h"
#include "services/search/gallery_index_cache.h"
#include "cases/case_status_dialog.h"
#include "detection/detection_view.h"
#include "galleries/gallery_dialog.h"
#include "jobs/engine_host.h"
#include "jobs/workspace_session.h"
#include "photo/photo_view.h"
#include "settings/app_settings.h"
#include "settings/settings_dialog.h"
#include "settings/policy_dialog.h"
#include "policy/policy_store.h"
#include "jobs/database_worker.h"
#include "widgets/message_banner.h"
#include "store/workspace_location.h"
#include "workspace/agency_connect_dialog.h"

namespace facecase::ui {

namespace {
QIcon icon(const char* name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

// "Open a photo (Ctrl+O)": a tooltip that teaches the shortcut.
void setToolTipWithShortcut(QAction* action, const QString& text) {
    const QKeySequence shortcut = action->shortcut();
    action->setToolTip(shortcut.isEmpty() ? text
                                          : QStringLiteral("%1 (%2)").arg(
                                                text, shortcut.toString(QKeySequence::NativeText)));
    action->setStatusTip(text);
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_settings(std::make_unique<AppSettings>()),
      m_engine(new EngineHost(this)),
      m_session(new WorkspaceSession(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    m_engine->threadPool()->setMaxThreadCount(m_settings->workerThreads());

    m_caseList = new CaseListView(this);
    m_casePage = new CasePage(this);
    m_caseWork = new CaseWorkView(m_engine, nullptr, nullptr, m_casePage);
    m_caseWork->setCandidateListLength(m_settings->candidateCount());
    m_caseWork->setThresholdOneIn(m_settings->thresholdOneIn());
    m_detectionView = m_caseWork->probeView();
    m_casePage->setContent(m_caseWork);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->addWidget(m_caseList);
    m_pages->addWidget(m_casePage);
    setCentralWidget(m_pages);

    createActions();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_session, &WorkspaceSession::opening, m_caseList, &CaseListView::showWorkspaceOpening);
    connect(m_session, &WorkspaceSession::opened, this, [this](const QString& folder) {
        m_caseList->setWorker(m_session->worker(), folder);
        // On an agency database `folder` is its URL: the caches go to this workstation's
        // cache folder for it, never to a relative folder named "postgresql:".
        const QString cache = m_session->worker()->workspace().localCacheFolder();
        m_caseWork->setDatabase(m_session->worker(), std::make_shared<GalleryIndexCache>(
                                                         QDir(cache).filePath(QStringLiteral("indexes"))));
        loadPolicy();
        updateActions();
        updateActor();
        updateTitle();
    });
    connect(m_session, &WorkspaceSession::failed, this, [this](const QString& message) {
        showCases();
        // The Connect dialog shows its own attempt's failure, where the analyst corrects it.
        if (m_connectDialog && m_connectDialog->isConnecting())
            m_caseList->setWorker(nullptr);
        else
            m_caseList->showWorkspaceFailed(message);
        updateActions();
    });
    connect(m_session, &WorkspaceSession::passwordNeeded, this, &MainWindow::askForPassword);
    connect(m_session, &WorkspaceSession::opening, this, [this] {
        updateActor();
        updateTitle();
        updateStatusText();  // no "N cases" of the workspace that is going
    });
    connect(m_session, &WorkspaceSession::closing, this, [this] {
        m_caseList->setWorker(nullptr);
        m_caseWork->setDatabase(nullptr, nullptr);
        showCases();
    });

    connect(m_caseList, &CaseListView::openRequested, this, &MainWindow::openCase);
    connect(m_caseList, &CaseListView::caseChanged, this, &MainWindow::onCaseChanged);
    connect(m_caseList, &CaseListView::selectionChanged, this, &MainWindow::updateActions);
    connect(m_caseList->model(), &CaseListModel::loaded, this, &MainWindow::onCasesLoaded);
    connect(m_caseList->model(), &CaseListModel::loaded, this, &MainWindow::updateStatusText);
    connect(m_casePage, &CasePage::backRequested, this, &MainWindow::showCases);
    connect(this, &MainWindow::caseOpened, this, &MainWindow::deliverPendingPhoto);
    connect(m_pages, &QStackedWidget::currentChanged, this, [this] {
        updateActions();
        updateTitle();
        updateStatusText();
    });

    connect(m_detectionView, &DetectionView::photoChanged, this, &MainWindow::setPhotoTitle);
    connect(m_caseWork, &CaseWorkView::statusChanged, this, &MainWindow::updateStatusText);
    connect(m_caseWork, &CaseWorkView::busyChanged, this, &MainWindow::updateStatusText);
    connect(m_caseWork, &CaseWorkView::busyChanged, this, &MainWindow::updateActions);  // Export case…
    // Another analyst closed or reopened the open case: its header, the list and the actions follow.
    connect(m_caseWork, &CaseWorkView::caseUpdated, this, [this](const CaseRecord& record) {
        if (m_casePage->caseRecord().id != record.id) return;
        m_casePage->setCase(record);
        m_caseList->model()->upsert(record);
        updateActions();
    });
    connect(m_detectionView, &DetectionView::busyChanged, this, &MainWindow::updateStatusText);

    const QScreen* screen = QGuiApplication::primaryScreen();
    resize(screen ? QSize(1280, 800).boundedTo(screen->availableSize()) : QSize(1280, 800));
    m_lastFolder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    updateActions();
    updateTitle();
    updateStatusText();
    m_engine->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::openWorkspace(const QString& folder) {
    m_session->open(folder);
}

void MainWindow::openCaseWhenLoaded(const QString& caseNumber) {
    m_pendingCaseNumber = caseNumber.trimmed();
    if (!m_caseList->model()->isLoading() && m_session->isOpen()) onCasesLoaded();
}

void MainWindow::onCasesLoaded() {
    if (m_pendingCaseNumber.isEmpty()) return;
    const QString wanted = m_pendingCaseNumber;
    m_pendingCaseNumber.clear();
    const CaseListModel* model = m_caseList->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->caseAt(row).caseNumber.compare(wanted, Qt::CaseInsensitive) == 0) {
            openCase(model->caseAt(row));
            return;
        }
    }
    const QString photo = std::exchange(m_pendingPhoto, QString());
    m_caseList->messageBanner()->showError(
        photo.isEmpty()
            ? tr("There is no case numbered \"%1\" in this workspace.").arg(wanted)
            : tr("There is no case numbered \"%1\" in this workspace, so %2 was not added.")
                  .arg(wanted, QFileInfo(photo).fileName()));
}

void MainWindow::openPhoto(const QString& path) {
    // The workspace and its case list load in the background, and a probe belongs to a case:
    // given before its case is open, the photo waits for it (caseOpened) instead of being
    // refused with "Open a case first".
    if (!m_pendingCaseNumber.isEmpty()) {
        m_pendingPhoto = path;
        return;
    }
    // On a case, a photo is a probe: copied into the workspace as evidence before analysis.
    m_caseWork->addProbeFiles({path});
}

void MainWindow::deliverPendingPhoto(const CaseRecord& record) {
    if (m_pendingPhoto.isEmpty()) return;
    const QString photo = std::exchange(m_pendingPhoto, QString());
    if (record.status != CaseRecord::Status::Open) {
        const QString name = QFileInfo(photo).fileName();
        m_caseWork->showError(
            record.isPurged()
                ? tr("Case %1 was purged, so %2 was not added.").arg(record.caseNumber, name)
                : tr("Case %1 is closed, so %2 was not added: reopen the case to add probes.")
                      .arg(record.caseNumber, name));
        return;
    }
    m_caseWork->addProbeFiles({photo});
}

void MainWindow::restoreWindowSettings() {
    const QByteArray geometry = m_settings->windowGeometry();
    if (!geometry.isEmpty()) restoreGeometry(geometry);
    const QByteArray state = m_settings->windowState();
    if (!state.isEmpty()) restoreState(state);
}

void MainWindow::saveWindowSettings() {
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    m_settings->sync();
}

bool MainWindow::isCasePageShown() const {
    return m_pages->currentWidget() == m_casePage;
}

void MainWindow::openCase(const CaseRecord& record) {
    m_casePage->setCase(record);
    m_caseWork->setCase(record);
    m_pages->setCurrentWidget(m_casePage);
    m_casePage->setFocus();
    emit caseOpened(record);
}

void MainWindow::showCases() {
    if (m_pages->currentWidget() == m_caseList) return;
    m_pages->setCurrentWidget(m_caseList);
    // Last activity may have moved while the case was open.
    m_caseList->reload();
    m_caseList->setFocus();
}

void MainWindow::onCaseChanged(const CaseRecord& record) {
    if (m_casePage->caseRecord().id == record.id) {
        m_casePage->setCase(record);
        m_caseWork->setCase(record);
    }
    updateActions();
}

void MainWindow::closeCurrentCase() {
    if (isCasePageShown())
        m_caseList->changeStatus(CaseStatusDialog::Change::Close, m_casePage->caseRecord());
    else
        m_caseList->closeSelected();
}

void MainWindow::reopenCurrentCase() {
    if (isCasePageShown())
        m_caseList->changeStatus(CaseStatusDialog::Change::Reopen, m_casePage->caseRecord());
    else
        m_caseList->reopenSelected();
}

void MainWindow::showSettings() {
    const QString before = m_settings->workspaceLocation();
    auto* dialog = new SettingsDialog(*m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, before] {
        m_engine->threadPool()->setMaxThreadCount(m_settings->workerThreads());
        m_caseWork->setCandidateListLength(m_settings->candidateCount());
        m_caseWork->setThresholdOneIn(m_settings->thresholdOneIn());
        // A workspace given on the command line stays until the analyst picks another one.
        if (m_settings->workspaceLocation() != before)
            openWorkspace(m_settings->workspaceLocation());
        else
            loadPolicy();  // the stored length, clamped into the workspace's policy again
    });
    dialog->open();
}

void MainWindow::showPolicy() {
    if (!m_session->isOpen()) return;
    // A fresh dialog each time (it reads the policy as it is now); closes with its workspace.
    auto* dialog = new PolicyDialog(m_session->worker(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PolicyDialog::policyChanged, this, &MainWindow::applyPolicy);
    connect(m_session, &WorkspaceSession::closing, dialog, &QDialog::close);
    dialog->open();
}

void MainWindow::loadPolicy() {
    if (!m_session->isOpen()) return;
    m_session->worker()->run<AgencyPolicy>(
        [](const DatabaseConnection& connection) { return PolicyStore(connection).load(); }, this,
        [this](Result<AgencyPolicy> policy) {
            // A damaged stored policy is not reported here: every search loads it again and
            // refuses with PolicyStore's message, which names the key and the repair.
            if (policy) applyPolicy(*policy);
        });
}

void MainWindow::applyPolicy(const AgencyPolicy& policy) {
    m_caseWork->setCandidateListBounds(policy.minCandidates, policy.maxCandidates);
    m_caseWork->setCandidateListLength(
        std::clamp(m_settings->candidateCount(), policy.minCandidates, policy.maxCandidates));
}

void MainWindow::showGalleries() {
    if (!m_galleryDialog) {
        // One non-modal dialog for the window's life, so an enrollment runs on while it is closed.
        m_galleryDialog = new GalleryDialog(m_engine, m_session->worker(), *m_settings, this);
        connect(m_galleryDialog, &GalleryDialog::galleriesChanged, m_caseWork,
                &CaseWorkView::galleriesChanged);
        connect(m_session, &WorkspaceSession::opened, m_galleryDialog,
                [this] { m_galleryDialog->setDatabase(m_session->worker()); });
        connect(m_session, &WorkspaceSession::closing, m_galleryDialog,
                [this] { m_galleryDialog->setDatabase(nullptr); });
    }
    m_galleryDialog->show();
    m_galleryDialog->raise();
    m_galleryDialog->activateWindow();
}

void MainWindow::exportCurrentCase() {
    if (!isCasePageShown() || m_casePage->caseRecord().id == 0) return;
    const CaseRecord& record = m_casePage->caseRecord();
    // A name that does not exist yet: without .zip it becomes the bundle folder.
    const QString base = m_lastFolder.isEmpty()
                             ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                             : m_lastFolder;
    QString safeNumber = record.caseNumber;
    safeNumber.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    const QString zipFilter = tr("ZIP file (*.zip)");
    QString selectedFilter;
    QString output = QFileDialog::getSaveFileName(
        this, tr("Export case %1 (a new folder, or a .zip file)").arg(record.caseNumber),
        QDir(base).filePath(QStringLiteral("case-%1").arg(safeNumber)),
        tr("Bundle folder (*)") + QStringLiteral(";;") + zipFilter, &selectedFilter,
        QFileDialog::DontConfirmOverwrite);
    if (output.isEmpty()) return;
    if (selectedFilter == zipFilter && !output.endsWith(QStringLiteral(".zip"), Qt::CaseInsensitive))
        output += QStringLiteral(".zip");
    m_lastFolder = QFileInfo(output).absolutePath();
    m_caseWork->exportCase(output);
}

void MainWindow::showAuditLog() {
    if (!m_session->isOpen()) return;
    // A fresh dialog each time: it reads the log as it is now, and dies with its workspace's
    // worker (it holds it by QPointer, so a closed workspace leaves it harmless).
    auto* dialog = new AuditDialog(m_session->worker(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_session, &WorkspaceSession::closing, dialog, &QDialog::close);
    dialog->show();
}

AgencyConnectDialog* MainWindow::connectDialog() const {
    return m_connectDialog;
}

void MainWindow::showConnectDialog(const QString& url) {
    m_passwordAskedFor.clear();
    if (!m_connectDialog) {
        m_connectDialog = new AgencyConnectDialog(m_session, this);
        m_connectDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_connectDialog, &AgencyConnectDialog::connected, this, [this](const QString& opened) {
            // The URL only: AppSettings refuses one with a password, and the session's URL
            // never has one. A database chosen in the dialog becomes the workspace of the next
            // start; one only given its password (a --workspace URL) stays "this time", as a
            // --workspace folder does.
            if (opened != m_passwordAskedFor) m_settings->setWorkspaceLocation(opened);
            m_settings->setLastAgencyUrl(opened);
            m_settings->sync();
        });
        connect(m_connectDialog, &QDialog::rejected, this, [this] {
            // Given up: the case list says why no workspace is open (the failure the dialog
            // showed, the password not given), or keeps the workspace that still is.
            if (m_session->isOpen()) return;
            if (m_session->state() == WorkspaceSession::State::Failed)
                m_caseList->showWorkspaceFailed(m_session->errorMessage());
            else
                m_caseList->setWorker(nullptr);
            updateActions();
        });
        const QString fill = url.isEmpty() ? m_settings->lastAgencyUrl() : url;
        if (auto location = WorkspaceLocation::parse(fill); location && location->isPostgres())
            m_connectDialog->setAddress(location->postgres());
    } else if (auto location = WorkspaceLocation::parse(url); location && location->isPostgres()) {
        m_connectDialog->setAddress(location->postgres());
    }
    m_connectDialog->open();
    m_connectDialog->raise();
    m_connectDialog->activateWindow();
}

void MainWindow::askForPassword(const QString& location, const QString& message) {
    // The dialog's own attempt: it asks in place.
    if (m_connectDialog && m_connectDialog->isConnecting()) return;
    auto parsed = WorkspaceLocation::parse(location);
    if (!parsed || !parsed->isPostgres()) return;  // the session only asks for a URL it opened
    showConnectDialog(location);
    m_passwordAskedFor = parsed->displayName();
    m_connectDialog->askForPassword(parsed->postgres(), message);
}

void MainWindow::createActions() {
    m_newCase = new QAction(icon("document-new"), tr("&New Case\u2026"), this);
    m_newCase->setShortcut(QKeySequence::New);
    setToolTipWithShortcut(m_newCase, tr("Open a new case"));
    connect(m_newCase, &QAction::triggered, this, [this] {
        showCases();
        m_caseList->newCase();
    });

    m_openCase = new QAction(icon("document-open"), tr("Open &Case"), this);
    m_openCase->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    setToolTipWithShortcut(m_openCase, tr("Open the case selected in the list"));
    connect(m_openCase, &QAction::triggered, m_caseList, &CaseListView::openSelected);

    m_closeCase = new QAction(icon("case-close"), tr("C&lose Case\u2026"), this);
    setToolTipWithShortcut(m_closeCase, tr("Close the case, with the reason for the audit log"));
    connect(m_closeCase, &QAction::triggered, this, &MainWindow::closeCurrentCase);

    m_reopenCase = new QAction(icon("case-reopen"), tr("&Reopen Case\u2026"), this);
    setToolTipWithShortcut(m_reopenCase,
                           tr("Reopen the closed case, with the reason for the audit log"));
    connect(m_reopenCase, &QAction::triggered, this, &MainWindow::reopenCurrentCase);

    m_backToCases = new QAction(icon("go-previous"), tr("&Back to Cases"), this);
    m_backToCases->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    setToolTipWithShortcut(m_backToCases, tr("Back to the list of cases"));
    connect(m_backToCases, &QAction::triggered, this, &MainWindow::showCases);

    m_settingsAction = new QAction(icon("configure"), tr("&Settings\u2026"), this);
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    setToolTipWithShortcut(m_settingsAction,
                           tr("Workspace folder, threads, candidate list length and threshold"));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    // No icon: none of resources/icons fits, and Settings has the gear.
    m_policyAction = new QAction(tr("Agency &Policy\u2026"), this);
    setToolTipWithShortcut(m_policyAction,
                           tr("The workspace's limits on searches, reviews and exports; changed "
                              "with the supervisor passphrase"));
    connect(m_policyAction, &QAction::triggered, this, &MainWindow::showPolicy);

    m_galleriesAction = new QAction(tr("&Galleries\u2026"), this);
    m_galleriesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    setToolTipWithShortcut(m_galleriesAction,
                           tr("Enroll photos into galleries, see their statistics, remove them"));
    connect(m_galleriesAction, &QAction::triggered, this, &MainWindow::showGalleries);

    m_exportCase = new QAction(tr("&Export Case\u2026"), this);
    m_exportCase->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    setToolTipWithShortcut(m_exportCase, tr("Write the case file: report.pdf, evidence, manifest and audit excerpt, to a folder or .zip"));
    connect(m_exportCase, &QAction::triggered, this, &MainWindow::exportCurrentCase);

    m_auditLog = new QAction(tr("&Audit Log\u2026"), this);
    setToolTipWithShortcut(m_auditLog, tr("Browse the workspace's audit records and verify their hash chain"));
    connect(m_auditLog, &QAction::triggered, this, &MainWindow::showAuditLog);

    m_connectAgency = new QAction(tr("Connect to Agency &Database\u2026"), this);
    setToolTipWithShortcut(m_connectAgency,
                           tr("Work in the agency's shared workspace on its PostgreSQL server, "
                              "under your database login"));
    connect(m_connectAgency, &QAction::triggered, this, [this] { showConnectDialog(); });

    m_open = new QAction(icon("document-open"), tr("&Open Photo\u2026"), this);
    m_open->setShortcut(QKeySequence::Open);
    setToolTipWithShortcut(m_open, tr("Open a photo"));
    connect(m_open, &QAction::triggered, this, &MainWindow::chooseAndOpenPhoto);

    m_paste = new QAction(icon("edit-paste"), tr("&Paste Photo"), this);
    m_paste->setShortcut(QKeySequence::Paste);
    setToolTipWithShortcut(m_paste, tr("Analyse the photo on the clipboard"));
    connect(m_paste, &QAction::triggered, this, &MainWindow::pastePhoto);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    setToolTipWithShortcut(m_quit, tr("Quit FaceCase"));
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    PhotoView* photo = m_detectionView->photoView();
    m_showLandmarks = new QAction(icon("landmarks"), tr("Show &Landmarks"), this);
    m_showLandmarks->setCheckable(true);
    m_showLandmarks->setShortcut(QKeySequence(Qt::Key_L));
    setToolTipWithShortcut(m_showLandmarks, tr("Show the 68 facial landmarks of every face"));
    connect(m_showLandmarks, &QAction::toggled, photo, &PhotoView::setLandmarksVisible);

    m_fit = new QAction(icon("zoom-fit"), tr("&Fit to Window"), this);
    m_fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    setToolTipWithShortcut(m_fit, tr("Fit the whole photo in the window"));
    connect(m_fit, &QAction::triggered, photo, &PhotoView::fitToWindow);

    m_actualPixels = new QAction(icon("zoom-original"), tr("&Actual Pixels"), this);
    m_actualPixels->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    setToolTipWithShortcut(m_actualPixels, tr("One photo pixel per screen pixel"));
    connect(m_actualPixels, &QAction::triggered, photo, &PhotoView::showActualPixels);

    m_zoomIn = new QAction(icon("zoom-in"), tr("Zoom &In"), this);
    m_zoomIn->setShortcut(QKeySequence::ZoomIn);
    setToolTipWithShortcut(m_zoomIn, tr("Zoom in"));
    connect(m_zoomIn, &QAction::triggered, photo, &PhotoView::zoomIn);

    m_zoomOut = new QAction(icon("zoom-out"), tr("Zoom &Out"), this);
    m_zoomOut->setShortcut(QKeySequence::ZoomOut);
    setToolTipWithShortcut(m_zoomOut, tr("Zoom out"));
    connect(m_zoomOut, &QAction::triggered, photo, &PhotoView::zoomOut);

    m_about = new QAction(icon("facecase"), tr("&About FaceCase"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);

    connect(m_detectionView, &DetectionView::photoChanged, this, &MainWindow::updateActions);
}

void MainWindow::updateActions() {
    const bool onCase = isCasePageShown();
    const bool workspace = m_session->isOpen();
    const auto selected = m_caseList->selectedCase();
    const std::optional<CaseRecord> current =
        onCase ? std::optional<CaseRecord>(m_casePage->caseRecord()) : selected;
    m_newCase->setEnabled(workspace);
    m_galleriesAction->setEnabled(workspace);
    m_auditLog->setEnabled(workspace);
    m_policyAction->setEnabled(workspace);
    // Closed cases are exported too (that is when court asks); one export at a time.
    m_exportCase->setEnabled(workspace && onCase && !m_caseWork->isExporting());
    m_openCase->setEnabled(workspace && !onCase && selected.has_value());
    m_closeCase->setEnabled(workspace && current && current->status == CaseRecord::Status::Open);
    m_reopenCase->setEnabled(workspace && current && current->status == CaseRecord::Status::Closed);
    m_backToCases->setEnabled(onCase);
    // Photos belong to a case.
    m_open->setEnabled(onCase);
    m_paste->setEnabled(onCase);
    m_showLandmarks->setEnabled(onCase);
    const bool photo = onCase && m_detectionView->photoView()->hasPhoto();
    for (QAction* action : {m_fit, m_actualPixels, m_zoomIn, m_zoomOut}) action->setEnabled(photo);
    if (m_photoToolBar) m_photoToolBar->setVisible(onCase);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newCase);
    file->addAction(m_openCase);
    file->addAction(m_closeCase);
    file->addAction(m_reopenCase);
    file->addAction(m_exportCase);
    file->addSeparator();
    file->addAction(m_open);
    file->addAction(m_paste);
    file->addSeparator();
    file->addAction(m_connectAgency);
    file->addSeparator();
    file->addAction(m_galleriesAction);
    file->addAction(m_auditLog);
    file->addAction(m_settingsAction);
    file->addAction(m_policyAction);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_backToCases);
    view->addSeparator();
    view->addAction(m_showLandmarks);
    view->addSeparator();
    view->addAction(m_fit);
    view->addAction(m_actualPixels);
    view->addAction(m_zoomIn);
    view->addAction(m_zoomOut);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);
}

void MainWindow::createToolBar() {
    // The photo tools; shown on the case page only (the start page has its own buttons).
    QToolBar* bar = addToolBar(tr("Photo"));
    m_photoToolBar = bar;
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(20, 20));
    bar->addAction(m_open);
    bar->addSeparator();
    bar->addAction(m_showLandmarks);
    bar->addSeparator();
    bar->addAction(m_fit);
    bar->addAction(m_actualPixels);
    bar->addAction(m_zoomIn);
    bar->addAction(m_zoomOut);
    // Short labels beside the icons; the menus keep the full names.
    m_open->setIconText(tr("Open"));
    m_showLandmarks->setIconText(tr("Landmarks"));
    m_fit->setIconText(tr("Fit"));
    m_actualPixels->setIconText(tr("1:1"));
    for (QAction* zoom : {m_zoomIn, m_zoomOut}) {
        if (QWidget* button = bar->widgetForAction(zoom)) {
            static_cast<QToolButton*>(button)->setToolButtonStyle(Qt::ToolButtonIconOnly);
        }
    }
    bar->setVisible(isCasePageShown());
}

void MainWindow::createStatusBar() {
    m_statusText = new QLabel(this);
    m_statusText->setObjectName(QStringLiteral("statusText"));
    m_statusText->setMinimumWidth(200);
    statusBar()->addWidget(m_statusText, 1);

    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busy->setRange(0, 0);  // indeterminate
    m_busy->setMaximumSize(120, 14);
    m_busy->setTextVisible(false);
    m_busy->setAccessibleName(tr("Working"));
    m_busy->hide();
    statusBar()->addWidget(m_busy);

    m_actor = new QLabel(this);
    m_actor->setObjectName(QStringLiteral("actorLabel"));
    m_actor->setContentsMargins(0, 0, 12, 0);  // apart from the leads note beside it
    m_actor->hide();
    statusBar()->addPermanentWidget(m_actor);

    auto* leads = new QLabel(tr("Results are investigative leads, not identifications."), this);
    leads->setObjectName(QStringLiteral("leadsNote"));
    leads->setForegroundRole(QPalette::PlaceholderText);
    leads->setToolTip(
        tr("Automatic face comparison can be wrong. Every result must be reviewed "
           "by a trained examiner before it is acted on."));
    statusBar()->addPermanentWidget(leads);
}

void MainWindow::updateStatusText() {
    if (isCasePageShown()) {
        m_statusText->setText(m_caseWork->statusText());
        m_busy->setVisible(m_caseWork->isBusy());
        return;
    }
    m_busy->setVisible(false);
    const int count = m_caseList->model()->rowCount();
    int open = 0;
    for (int row = 0; row < count; ++row)
        open += m_caseList->model()->caseAt(row).status == CaseRecord::Status::Open ? 1 : 0;
    const QString cases = count == 1 ? tr("1 case") : tr("%1 cases").arg(count);
    m_statusText->setText(m_session->isOpen() ? tr("%1, %2 open").arg(cases).arg(open) : QString());
}

QString MainWindow::actorText() const {
    return m_actor->isHidden() ? QString() : m_actor->text();
}

void MainWindow::updateActor() {
    if (!m_session->isOpen()) {
        m_actor->clear();
        m_actor->hide();
        return;
    }
    const Workspace& workspace = m_session->worker()->workspace();
    const QString name = workspace.actor().name();
    m_actor->setText(tr("Acting as %1").arg(name));
    // On an agency database it is the server that says who acts, from the login.
    m_actor->setToolTip(
        workspace.isPostgres()
            ? tr("The database login %1 on %2: the database records it as the actor of every "
                 "audit record and the analyst of your verdicts.")
                  .arg(name, workspace.databasePath())
            : tr("The operating-system user %1: recorded as the actor of every audit record and "
                 "the analyst of your verdicts in this workspace.")
                  .arg(name));
    m_actor->show();
}

void MainWindow::chooseAndOpenPhoto() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Photo"), m_lastFolder,
        tr("Photos (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (path.isEmpty()) return;
    m_lastFolder = QFileInfo(path).path();
    openPhoto(path);
}

void MainWindow::pastePhoto() {
    m_caseWork->addProbesFromMime(QGuiApplication::clipboard()->mimeData());
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About FaceCase"),
        tr("<h3>FaceCase %1</h3>"
           "<p>Face comparison workbench for investigators.</p>"
           "<p>Finds faces, measures how fit each is for comparison, and explains why. "
           "Results are investigative leads, not identifications: every one must be reviewed "
           "by a trained examiner.</p>")
            .arg(QApplication::applicationVersion()));
}

void MainWindow::setPhotoTitle(const QString& displayName) {
    m_photoName = displayName;
    updateTitle();
}

void MainWindow::updateTitle() {
    if (!m_photoName.isEmpty() && isCasePageShown()) {
        setWindowTitle(tr("FaceCase \u2014 %1").arg(m_photoName));
    } else if (isCasePageShown()) {
        setWindowTitle(tr("FaceCase \u2014 Case %1").arg(m_casePage->caseRecord().caseNumber));
    } else if (m_session->isOpen() && m_session->worker()->workspace().isPostgres()) {
        // Which agency database (training or live, which server): the URL, without password.
        setWindowTitle(tr("FaceCase \u2014 %1").arg(m_session->worker()->workspace().databasePath()));
    } else {
        setWindowTitle(tr("FaceCase"));
    }
}

}  // namespace facecase::ui
