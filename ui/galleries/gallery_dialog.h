#pragma once

#include <QDialog>
#include <QPointer>
#include <QString>

#include "jobs/enrollment_runner.h"

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace facecase {
struct EnrollmentProgress;
struct EnrollmentSummary;
struct GalleryStatistics;
}  // namespace facecase

namespace facecase::ui {

class AppSettings;
class DatabaseWorker;
class EngineHost;
class EnrollmentProblemModel;
class GalleryListModel;
class GalleryRemovalDialog;
class MessageBanner;

// Galleries (File ▸ Galleries…): the workspace's galleries with the statistics of the selected
// one; enrolling a folder or a CSV manifest into an existing or new gallery with a progress bar
// (count, rate, ETA) and Cancel; afterwards the files of that job that need attention, each with
// its reason; removing a gallery, or one image of it, with a reason for the audit log. Non-modal: the analyst may close it while an
// enrollment runs, which goes on (reopen the dialog to watch it).
//
// Every query goes through the DatabaseWorker and the enrollment runs on its own thread
// (EnrollmentRunner): nothing here blocks the GUI thread. Errors appear in the banner on top.
class GalleryDialog : public QDialog {
    Q_OBJECT

public:
    // `engine` and `settings` must outlive the dialog; so must `database` until setDatabase()
    // replaces it.
    GalleryDialog(EngineHost* engine, DatabaseWorker* database, const AppSettings& settings,
                  QWidget* parent = nullptr);
    ~GalleryDialog() override;

    // The workspace's worker (null while none is open). A running enrollment goes on: it has
    // its own connections.
    void setDatabase(DatabaseWorker* database);

    // What the Enroll buttons do after their file dialog: enroll `location` (a folder, its
    // sub-folders naming subjects, or a CSV manifest) into the gallery named `gallery`, created
    // when new. False, with the reason in the banner, when it cannot start.
    bool startEnrollment(EnrollmentRunner::SourceKind kind, const QString& location,
                         const QString& gallery);
    void cancelEnrollment();
    void reload();
    // Selects the gallery's row; false when it is not listed.
    bool selectGallery(const QString& name);
    // Asks for confirmation and a reason (a window-modal GalleryRemovalDialog, object name
    // "removeGalleryConfirmation"), then removes the selected gallery.
    void removeSelectedGallery();
    // Asks which image (id or SHA-256) and why (dialog "removeGalleryImageDialog"), then
    // removes that image of the selected gallery with its faces.
    void removeImageFromSelectedGallery();

    bool isEnrolling() const { return m_job->isRunning(); }
    EnrollmentRunner* enrollmentRunner() const { return m_job; }
    GalleryListModel* galleryModel() const { return m_galleries; }
    EnrollmentProblemModel* problemModel() const { return m_problems; }
    QTableView* galleryTable() const { return m_galleryTable; }
    QTableView* problemTable() const { return m_problemTable; }
    QComboBox* targetCombo() const { return m_target; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* progressLabel() const { return m_progressText; }
    QLabel* jobSummaryLabel() const { return m_jobSummary; }
    QLabel* statisticsTitle() const { return m_statsTitle; }
    QPushButton* enrollFolderButton() const { return m_enrollFolder; }
    QPushButton* enrollManifestButton() const { return m_enrollManifest; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* removeButton() const { return m_remove; }
    QPushButton* removeImageButton() const { return m_removeImage; }
    MessageBanner* messageBanner() const { return m_banner; }
    // The statistics panel's value for `label` (e.g. tr("Faces")), for tests and accessibility.
    QString statisticsValue(const QString& label) const;

    // "1:05", "1:02:03"; "?" when unknown.
    static QString durationText(double seconds);

signals:
    // Galleries were added to, created or removed: views listing them should reload.
    void galleriesChanged();
    void enrollmentFinished(const facecase::EnrollmentSummary& summary);

private:
    QWidget* buildStatisticsPanel();
    QGroupBox* buildEnrollmentBox();
    QGroupBox* buildProblemsBox();
    void chooseFolder();
    void chooseManifest();
    void onGalleriesLoaded();
    void onSelectionChanged();
    void showStatistics(const GalleryStatistics& stats);
    void clearStatistics(const QString& note);
    void setStatistic(int row, const QString& value, const QString& toolTip = {});
    void onProgress(const EnrollmentProgress& progress);
    void onEnrollmentFinished(const EnrollmentSummary& summary);
    void onEnrollmentFailed(const QString& message);
    void removeGallery(GalleryRemovalDialog* dialog, const QString& reason);
    void removeImage(GalleryRemovalDialog* dialog, const QString& reason);
    bool selectedGalleryIsEnrolling() const;
    void updateActions();
    void refillTargets();
    qint64 selectedGalleryId() const;

    EngineHost* m_engine = nullptr;
    QPointer<DatabaseWorker> m_database;
    const AppSettings& m_settings;
    EnrollmentRunner* m_job = nullptr;
    GalleryListModel* m_galleries = nullptr;
    EnrollmentProblemModel* m_problems = nullptr;
    quint64 m_statsGeneration = 0;
    QString m_pendingSelection;  // gallery to select once the list has reloaded
    QString m_lastDirectory;

    MessageBanner* m_banner = nullptr;
    QTableView* m_galleryTable = nullptr;
    QLabel* m_statsTitle = nullptr;
    QFormLayout* m_statsForm = nullptr;
    QList<QLabel*> m_statsValues;
    QComboBox* m_target = nullptr;
    QPushButton* m_enrollFolder = nullptr;
    QPushButton* m_enrollManifest = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressText = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_jobSummary = nullptr;
    QTableView* m_problemTable = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_removeImage = nullptr;
    QPushButton* m_reload = nullptr;
};

}  // namespace facecase::ui
