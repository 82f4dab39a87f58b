#pragma once

#include <QGroupBox>
#include <memory>

#include "services/search/case_search.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace facecase {
class GalleryIndexCache;
}

namespace facecase::ui {

class DatabaseWorker;
class EngineHost;
class MessageBanner;
class SearchJob;

// The case page's search box: which gallery, how many candidates, Search and Cancel, progress,
// and what the latest search was (number, gallery size, method, model). It owns the search job;
// the page says what to search (start()) when the analyst asks (searchRequested), since only the
// page knows the probe and its chosen face. Errors go to the page's banner.
class SearchPanel : public QGroupBox {
    Q_OBJECT

public:
    // The face of a case's probe to search with, as the page's probe view described it.
    struct Subject {
        qint64 caseId = 0;
        qint64 probeId = 0;
        CaseSearch::ProbeFace face;
        QString modelKey;     // how the probe was described (DescriptorModelKey::of)
        QString description;  // "face 2 of cctv.jpg", for the status line
    };

    // `engine` and `banner` must outlive the panel.
    SearchPanel(EngineHost* engine, MessageBanner* banner, QWidget* parent = nullptr);

    // The workspace's worker and index cache (null while none is open).
    void setDatabase(DatabaseWorker* database, std::shared_ptr<GalleryIndexCache> indexes);
    // Searches are allowed only in an open case with a face chosen.
    void setCaseOpen(bool open);
    void setFaceChosen(bool chosen);
    void setCandidateListLength(int k);
    // The list lengths the agency policy allows; the spin box keeps within them.
    void setCandidateListBounds(int minimum, int maximum);
    // The galleries are read again (enrolled, created or removed elsewhere).
    void reloadGalleries();

    // Why no search can start now whatever the probe (no workspace, one running, models
    // loading), or empty.
    QString unavailableReason() const;
    // Starts the search; false (with the reason in the banner) when something is missing.
    bool start(const Subject& subject);
    void cancel();
    bool isRunning() const;

    QComboBox* galleryCombo() const { return m_gallery; }
    QPushButton* searchButton() const { return m_search; }
    QPushButton* cancelButton() const { return m_cancel; }

signals:
    void searchRequested();
    void finished(const facecase::CaseSearch::Outcome& outcome);
    void runningChanged();
    void statusChanged(const QString& text);

private:
    void onFinished(const CaseSearch::Outcome& outcome);
    void onFailed(const QString& message);
    void updateState();

    EngineHost* m_engine = nullptr;
    MessageBanner* m_banner = nullptr;
    DatabaseWorker* m_database = nullptr;
    std::shared_ptr<GalleryIndexCache> m_indexes;
    bool m_caseOpen = false;
    bool m_faceChosen = false;

    QComboBox* m_gallery = nullptr;
    QSpinBox* m_k = nullptr;
    QPushButton* m_search = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_info = nullptr;
    SearchJob* m_job = nullptr;
};

}  // namespace facecase::ui
