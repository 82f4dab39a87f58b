#pragma once

#include <QWidget>
#include <optional>

#include "jobs/detection_result.h"
#include "photo/photo_drop.h"

class QMimeData;
class QSplitter;

namespace facecase::ui {

class DetectionJob;
class EngineHost;
class MessageBanner;
class PhotoView;
class QualityPanel;

// One photo and its faces: accepts dropped (or opened, or pasted) photos, runs detection in a
// background DetectionJob, and shows the result: the photo with numbered boxes on the left, the
// face list and the selected face's quality on the right, problems in an inline banner. Requests
// made while the models are still loading wait and start as soon as they are ready.
class DetectionView : public QWidget {
    Q_OBJECT

public:
    // `engine` must outlive the view.
    explicit DetectionView(EngineHost* engine, QWidget* parent = nullptr);
    ~DetectionView() override;

    // `displayName` replaces the file name in messages (the case page opens evidence copies,
    // named by SHA-256, under the name the analyst knows).
    void openFile(const QString& path, const QString& displayName = {});
    void openDrop(const PhotoDrop& drop);
    // Paste or drop: the first local photo file, or image bytes.
    void openMimeData(const QMimeData* mime);

    PhotoView* photoView() const { return m_photoView; }
    QualityPanel* qualityPanel() const { return m_panel; }
    MessageBanner* messageBanner() const { return m_banner; }
    DetectionJob* job() const { return m_job; }

    // The case page searches with the analysed faces: descriptors are then computed with them
    // (one network pass or two per face), so a search can start as soon as a face is picked.
    void setComputeDescriptors(bool compute);
    // The last photo analysed, if any; and the face the analyst has selected (-1: none).
    const std::optional<DetectionResult>& result() const { return m_result; }
    int selectedFace() const;

    bool isBusy() const { return m_busy; }
    // The photo on show ("" before the first one); and what the view says about it.
    QString photoName() const { return m_photoName; }
    QString statusText() const { return m_status; }

signals:
    void busyChanged(bool busy);
    void statusChanged(const QString& text);
    void photoChanged(const QString& displayName);
    // A photo was analysed (result() holds it) or failed (result() is empty).
    void analysisChanged();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void startRequest(const PhotoDrop& drop);
    void onEngineLoading();
    void onEngineReady();
    void onEngineFailed(const QString& message);
    void onStarted(quint64 requestId, const QString& displayName);
    void onFinished(const DetectionResult& result);
    void onFailed(quint64 requestId, const QString& displayName, const QString& message);
    void setBusy(bool busy);
    void setStatus(const QString& text);

    EngineHost* m_engine = nullptr;
    DetectionJob* m_job = nullptr;
    MessageBanner* m_banner = nullptr;
    QSplitter* m_splitter = nullptr;
    PhotoView* m_photoView = nullptr;
    QualityPanel* m_panel = nullptr;
    std::optional<DetectionResult> m_result;
    std::optional<PhotoDrop> m_pending;  // asked for before the models were ready
    QString m_dropNote;                  // "2 other files ignored", shown with the next result
    QString m_photoName;
    QString m_status;
    bool m_busy = false;
};

}  // namespace facecase::ui
