#pragma once

#include <QImage>
#include <QString>
#include <QWidget>
#include <optional>
#include <vector>

#include "candidates/candidate_row.h"
#include "compare/candidate_face_result.h"
#include "photo/photo_pyramid.h"
#include "store/verdict_record.h"
#include "types/detected_face.h"

class QCheckBox;
class QLabel;
class QSlider;
class QToolButton;

namespace facecase::ui {

class DatabaseWorker;
class CandidateFaceJob;
class ChipOverlayView;
class EngineHost;
class MarkLabelEditor;
class MessageBanner;
class PhotoView;
class PhotoViewSync;
class ProvenancePanel;
class VerdictPanel;
struct DetectionResult;

// Probe and candidate side by side, for the analyst's own comparison: the two original photos
// in zoom/pan views that follow each other face to face, the two aligned chips, a blend and a
// flicker of the chips on top of each other, landmarks on demand, the candidate's full
// provenance and the verdict form. The candidate's photo is re-read and its face re-aligned at
// the stored box on the engine's thread pool (CandidateFaceJob); the probe comes from the
// detection already on screen. Records nothing: verdictSubmitted() goes to the owner.
//
// "Add mark" (M) turns a click on either photo into a numbered mark: an inline editor asks for
// its label, the verdict panel lists it (the marks go on record with the verdict, in upright
// photo pixels of that side) and both photo views draw their side's marks.
class CompareView : public QWidget {
    Q_OBJECT

public:
    explicit CompareView(EngineHost* engine, QWidget* parent = nullptr);
    ~CompareView() override;

    // The probe: face `faceRow` of a photo analysed by a DetectionJob.
    void setProbe(const DetectionResult& result, int faceRow);
    void setProbe(const PhotoPyramid& photo, const DetectedFace& face, const QImage& chip,
                  const QString& displayName);
    // The candidate to compare: starts loading its photo and face in the background. Resets the
    // verdict form (and preselects the row's current verdict, if any).
    void setCandidate(const CandidateRow& row);
    void clear();

    // The candidate's current verdict on record changed (recorded here, or by another analyst
    // while it was open): the row shown is updated, and with it the verdict a verdict recorded
    // from here replaces. The verdict form (choice, reason, notes, marks) stays as it is.
    void setRecordedVerdict(CandidateVerdict verdict, qint64 verdictId);

    bool hasCandidate() const { return m_candidate.has_value(); }
    const CandidateRow& candidate() const { return *m_candidate; }
    bool isBusy() const;
    bool candidateFaceReady() const { return m_candidateFace.has_value(); }
    // The candidate is shown by the chip stored at enrollment (its original failed to load).
    bool showsStoredChip() const { return m_showsStoredChip; }

    PhotoView* probePhotoView() const { return m_probePhoto; }
    PhotoView* candidatePhotoView() const { return m_candidatePhoto; }
    ChipOverlayView* probeChipView() const { return m_probeChip; }
    ChipOverlayView* candidateChipView() const { return m_candidateChip; }
    ChipOverlayView* blendView() const { return m_blendView; }
    QSlider* blendSlider() const { return m_blend; }
    QToolButton* flickerButton() const { return m_flicker; }
    QToolButton* landmarksButton() const { return m_landmarks; }
    QToolButton* addMarkButton() const { return m_addMark; }
    MarkLabelEditor* markEditor() const { return m_markEditor; }
    // Marks on record for this candidate (its latest verdict), shown until replaced.
    void showRecordedMarks(const std::vector<VerdictRecord::Mark>& marks);
    QCheckBox* linkCheckBox() const { return m_link; }
    ProvenancePanel* provenancePanel() const { return m_provenance; }
    VerdictPanel* verdictPanel() const { return m_verdict; }
    // The workspace's worker for the verdict panel's second review (null while none is open).
    void setDatabase(DatabaseWorker* database);
    MessageBanner* messageBanner() const { return m_banner; }

public slots:
    void setLandmarksVisible(bool visible);
    void setMarking(bool on);  // the Add mark tool on both photos

signals:
    void verdictSubmitted(facecase::ui::CandidateVerdict verdict, const QString& reason,
                          const QString& notes);
    void backRequested();  // "Back to candidates" (or Alt+Left)
    void candidateFaceLoaded();
    void candidateFaceFailed(const QString& message);
    // The stored chip and thumbnail are shown in place of the unreadable original.
    void storedChipShown();

private:
    QWidget* buildPhotos();
    QWidget* buildChips();
    QWidget* buildSidebar();
    void startCandidateJob();
    void onEngineReady();
    void onCandidateFinished(const CandidateFaceResult& result);
    void onCandidateFailed(quint64 requestId, const QString& path, const QString& message);
    void showStoredChip(const QString& path, const QString& message);
    void updateHeader();
    void updateSyncAnchors();
    void placeMark(VerdictRecord::Mark::Side side, const QPointF& photoPoint);
    void finishMark(const QString& label);
    void dropPendingMark();
    void refreshMarkOverlays();

    EngineHost* m_engine = nullptr;
    CandidateFaceJob* m_job = nullptr;
    MessageBanner* m_banner = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_probeCaption = nullptr;
    QLabel* m_candidateCaption = nullptr;
    PhotoView* m_probePhoto = nullptr;
    PhotoView* m_candidatePhoto = nullptr;
    PhotoViewSync* m_sync = nullptr;
    ChipOverlayView* m_probeChip = nullptr;
    ChipOverlayView* m_candidateChip = nullptr;
    ChipOverlayView* m_blendView = nullptr;
    QSlider* m_blend = nullptr;
    QToolButton* m_flicker = nullptr;
    QToolButton* m_landmarks = nullptr;
    QToolButton* m_addMark = nullptr;
    MarkLabelEditor* m_markEditor = nullptr;
    std::optional<VerdictRecord::Mark> m_pendingMark;  // placed, label being typed
    QCheckBox* m_link = nullptr;
    ProvenancePanel* m_provenance = nullptr;
    DatabaseWorker* m_database = nullptr;  // where stored chips are read
    VerdictPanel* m_verdict = nullptr;

    QString m_probeName;
    std::optional<DetectedFace> m_probeFace;
    std::optional<CandidateRow> m_candidate;
    bool m_showsStoredChip = false;
    std::optional<CandidateFaceResult> m_candidateFace;
    bool m_pendingJob = false;
};

}  // namespace facecase::ui
