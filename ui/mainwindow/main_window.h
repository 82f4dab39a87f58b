#pragma once

#include <QMainWindow>
#include <QPointer>
#include <memory>

#include "store/case_record.h"

class QAction;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QToolBar;

namespace facecase {
struct AgencyPolicy;
}

namespace facecase::ui {

class AgencyConnectDialog;
class AppSettings;
class CaseListView;
class CasePage;
class CaseWorkView;
class DetectionView;
class EngineHost;
class GalleryDialog;
class WorkspaceSession;

// The application shell: menus, tool bar and status bar around two pages, wired together. The
// start page is the case list; opening a case shows the case page (a header strip over the
// detection view for now). Owns the EngineHost (starts loading the models at construction), the
// WorkspaceSession (opened by openWorkspace(), off the GUI thread) and the settings. Holds no
// logic of its own beyond wiring.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens the workspace in the background; the case list shows progress, cases or the error.
    void openWorkspace(const QString& folder);
    // Opens the case numbered `caseNumber` (ignoring ASCII case) as soon as the case list has
    // loaded; a banner says so when there is no such case.
    void openCaseWhenLoaded(const QString& caseNumber);
    // Adds a photo to the open case as a probe (asking what it is first). While a case given to
    // openCaseWhenLoaded() is still loading, the photo waits for it and goes to that case once it
    // is open; a banner names the case when it is missing or not open.
    void openPhoto(const QString& path);

    // Window geometry and tool bar state, kept in the settings; main() calls these so that
    // tests never touch the analyst's stored layout.
    void restoreWindowSettings();
    void saveWindowSettings();

    bool isCasePageShown() const;

    AppSettings& settings() const { return *m_settings; }
    EngineHost* engineHost() const { return m_engine; }
    WorkspaceSession* workspaceSession() const { return m_session; }
    QStackedWidget* pages() const { return m_pages; }
    CaseListView* caseListView() const { return m_caseList; }
    CasePage* casePage() const { return m_casePage; }
    DetectionView* detectionView() const { return m_detectionView; }
    CaseWorkView* caseWorkView() const { return m_caseWork; }
    QAction* landmarksAction() const { return m_showLandmarks; }
    QAction* newCaseAction() const { return m_newCase; }
    QAction* openCaseAction() const { return m_openCase; }
    QAction* closeCaseAction() const { return m_closeCase; }
    QAction* reopenCaseAction() const { return m_reopenCase; }
    QAction* backToCasesAction() const { return m_backToCases; }
    QAction* settingsAction() const { return m_settingsAction; }
    QAction* policyAction() const { return m_policyAction; }
    QAction* galleriesAction() const { return m_galleriesAction; }
    QAction* exportCaseAction() const { return m_exportCase; }
    QAction* auditLogAction() const { return m_auditLog; }
    QAction* connectAgencyAction() const { return m_connectAgency; }
    // Null unless File ▸ Connect to Agency Database… (or a password the server asked for) has
    // it open.
    AgencyConnectDialog* connectDialog() const;
    // The status bar's "Acting as …": who the workspace records as acting (Workspace::actor()).
    QString actorText() const;
    // Null until File ▸ Galleries… first opens it.
    GalleryDialog* galleryDialog() const { return m_galleryDialog; }

public slots:
    void openCase(const facecase::CaseRecord& record);
    void showCases();
    void showSettings();
    // File ▸ Agency Policy… (beside Settings): the policy dialog of the open workspace.
    void showPolicy();
    void showGalleries();
    // File ▸ Export case…: asks for a folder or .zip path, then CaseWorkView::exportCase().
    void exportCurrentCase();
    // File ▸ Audit log…: the audit view of the open workspace.
    void showAuditLog();
    // File ▸ Connect to Agency Database…: the dialog, its fields filled from `url` (a
    // postgresql:// URL) or else from the agency database last connected to. Once connected
    // the URL (never the password) becomes the workspace in the settings.
    void showConnectDialog(const QString& url = {});

signals:
    void caseOpened(const facecase::CaseRecord& record);

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void chooseAndOpenPhoto();
    void pastePhoto();
    void showAbout();
    void setPhotoTitle(const QString& displayName);
    void updateTitle();
    void updateActions();
    void updateStatusText();
    void updateActor();
    // WorkspaceSession::passwordNeeded outside the dialog (the remembered workspace at start,
    // one chosen in Settings): the dialog, filled from `location`, asking only for the password.
    void askForPassword(const QString& location, const QString& message);
    void onCaseChanged(const CaseRecord& record);
    void onCasesLoaded();
    // caseOpened: hands the photo that waited for this case to the case page.
    void deliverPendingPhoto(const CaseRecord& record);
    void closeCurrentCase();
    void reopenCurrentCase();
    // Reads the workspace's agency policy (off the GUI thread), then applyPolicy().
    void loadPolicy();
    // Clamps the case page's candidate list length into the policy's bounds.
    void applyPolicy(const AgencyPolicy& policy);

    std::unique_ptr<AppSettings> m_settings;
    EngineHost* m_engine = nullptr;
    WorkspaceSession* m_session = nullptr;
    QStackedWidget* m_pages = nullptr;
    CaseListView* m_caseList = nullptr;
    CasePage* m_casePage = nullptr;
    CaseWorkView* m_caseWork = nullptr;
    DetectionView* m_detectionView = nullptr;  // the case page's probe view
    QToolBar* m_photoToolBar = nullptr;

    QAction* m_newCase = nullptr;
    QAction* m_openCase = nullptr;
    QAction* m_closeCase = nullptr;
    QAction* m_reopenCase = nullptr;
    QAction* m_backToCases = nullptr;
    QAction* m_settingsAction = nullptr;
    QAction* m_policyAction = nullptr;
    QAction* m_galleriesAction = nullptr;
    QAction* m_exportCase = nullptr;
    QAction* m_auditLog = nullptr;
    QAction* m_connectAgency = nullptr;
    QPointer<AgencyConnectDialog> m_connectDialog;  // deletes itself on close
    QString m_passwordAskedFor;  // the URL whose password the dialog asks for, if it does
    GalleryDialog* m_galleryDialog = nullptr;  // a child kept for the window's life
    QAction* m_open = nullptr;
    QAction* m_paste = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_showLandmarks = nullptr;
    QAction* m_fit = nullptr;
    QAction* m_zoomIn = nullptr;
    QAction* m_zoomOut = nullptr;
    QAction* m_actualPixels = nullptr;
    QAction* m_about = nullptr;

    QLabel* m_statusText = nullptr;
    QLabel* m_actor = nullptr;
    QProgressBar* m_busy = nullptr;
    QString m_lastFolder;
    QString m_photoName;
    QString m_pendingCaseNumber;
    QString m_pendingPhoto;  // waits for m_pendingCaseNumber to open
};

}  // namespace facecase::ui
