#pragma once

#include <QWidget>
#include <optional>

#include "jobs/detection_result.h"
#include "jobs/manual_face_job.h"
#include "types/loaded_image.h"

class QAction;
class QSplitter;
class QToolButton;

namespace facecase::ui {

class DetectionJob;
class EngineHost;
class MessageBanner;
class PhotoView;
class QualityPanel;

// One photo and its faces: analyses the photo the case page opens (a probe's evidence copy, or
// the photo its import decoded already) in a background DetectionJob and shows the result: the
// photo with numbered boxes on the left, the face list and the selected face's quality on the
// right, problems in an inline banner. Requests made while the models are still loading wait and
// start as soon as they are ready. Drops and pastes go to the case page, which takes them in as
// evidence first: this view accepts none.
//
// A face the detector missed is marked by hand: "Mark face" (M) lets the analyst drag a box on
// the photo; a ManualFaceJob fits landmarks inside it in the background and the face joins the
// list as the next number, drawn dashed and labelled "hand".
class DetectionView : public QWidget {
    Q_OBJECT

public:
    // `engine` must outlive the view.
    explicit DetectionView(EngineHost* engine, QWidget* parent = nullptr);
    ~DetectionView() override;

    // `displayName` replaces the file name in messages (the case page opens evidence copies,
    // named by SHA-256, under the name the analyst knows).
    void openFile(const QString& path, const QString& displayName = {});
    // A photo decoded already (a probe as its import read it): analysed without reading it again.
    void openDecoded(const LoadedImage& photo, const QString& displayName);

    PhotoView* photoView() const { return m_photoView; }
    QualityPanel* qualityPanel() const { return m_panel; }
    MessageBanner* messageBanner() const { return m_banner; }
    DetectionJob* job() const { return m_job; }
    QAction* markFaceAction() const { return m_markFace; }
    QToolButton* markFaceButton() const { return m_markFaceButton; }

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
    // A face drawn by hand was fitted and appended to result() as `row`, and selected.
    void faceMarkedByHand(int row);

private:
    // A photo to analyse: a file, or one decoded already.
    struct Photo {
        QString path;
        std::optional<LoadedImage> decoded;
        QString displayName;
    };
    void open(const Photo& photo);
    void startRequest(const Photo& photo);
    void onEngineLoading();
    void onEngineReady();
    void onEngineFailed(const QString& message);
    void onStarted(quint64 requestId, const QString& displayName);
    void onFinished(const DetectionResult& result);
    void onFailed(quint64 requestId, const QString& displayName, const QString& message);
    void onFaceBoxDrawn(const QRectF& box);
    void onFaceFitted(const ManualFaceJob::Fitted& fitted);
    void onFaceFitFailed(quint64 requestId, const QString& message);
    void updateMarkFaceAction();
    void setBusy(bool busy);
    void setStatus(const QString& text);

    EngineHost* m_engine = nullptr;
    DetectionJob* m_job = nullptr;
    ManualFaceJob* m_manualJob = nullptr;
    QAction* m_markFace = nullptr;
    QToolButton* m_markFaceButton = nullptr;
    MessageBanner* m_banner = nullptr;
    QSplitter* m_splitter = nullptr;
    PhotoView* m_photoView = nullptr;
    QualityPanel* m_panel = nullptr;
    std::optional<DetectionResult> m_result;
    std::optional<Photo> m_pending;  // asked for before the models were ready
    QString m_photoName;
    QString m_status;
    bool m_busy = false;
};

}  // namespace facecase::ui
