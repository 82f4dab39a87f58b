// Over 500 lines: side-by-side photos, aligned chips, blend, marks and the verdict panel wiring.
#include "compare/compare_view.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QShortcut>
#include <QSlider>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "matching/fmr_wording.h"
#include "compare/candidate_face_job.h"
#include "compare/chip_overlay_view.h"
#include "compare/mark_label_editor.h"
#include "compare/photo_view_sync.h"
#include "candidates/stored_face_images.h"
#include "compare/provenance_panel.h"
#include "compare/verdict_panel.h"
#include "jobs/detection_result.h"
#include "jobs/engine_host.h"
#include "photo/photo_view.h"
#include "types/chip_geometry.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

namespace {
const QColor kProbeColor(0x3d, 0xe0, 0xff);      // cyan, as the photo view's landmarks
const QColor kCandidateColor(0xff, 0x8a, 0x3d);  // orange: tells the two sets apart

QToolButton* toolButton(QWidget* parent, const QString& icon, const QString& text,
                        const QString& toolTip) {
    auto* button = new QToolButton(parent);
    button->setIcon(QIcon(icon));
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAccessibleName(text);
    button->setAutoRaise(true);
    button->setIconSize(QSize(20, 20));
    return button;
}

QLabel* caption(QWidget* parent, const QString& objectName) {
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}
}  // namespace

CompareView::CompareView(EngineHost* engine, QWidget* parent)
    : QWidget(parent), m_engine(engine), m_job(new CandidateFaceJob(engine->threadPool(), this)) {
    setObjectName(QStringLiteral("compareView"));
    m_banner = new MessageBanner(this);

    auto* back =
        toolButton(this, QStringLiteral(":/icons/go-previous.svg"), tr("Back to candidates"),
                   tr("Back to the candidate gallery (Alt+Left)"));
    back->setObjectName(QStringLiteral("compareBack"));
    back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(back, &QToolButton::clicked, this, &CompareView::backRequested);
    auto* backShortcut = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Left), this);
    backShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(backShortcut, &QShortcut::activated, this, &CompareView::backRequested);
    auto* dismiss = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    dismiss->setContext(Qt::WidgetWithChildrenShortcut);
    connect(dismiss, &QShortcut::activated, this, [this] {
        if (m_addMark->isChecked())
            setMarking(false);  // Esc leaves the tool first
        else
            m_banner->dismiss();
    });

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("compareTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 0);
    top->addWidget(back);
    top->addWidget(m_title, 1);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(8, 4, 4, 8);
    leftLayout->setSpacing(6);
    leftLayout->addWidget(buildPhotos(), 3);
    leftLayout->addWidget(buildChips(), 0);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(buildSidebar());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setCollapsible(0, false);
    splitter->setSizes({840, 440});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_job, &CandidateFaceJob::finished, this, &CompareView::onCandidateFinished);
    connect(m_job, &CandidateFaceJob::failed, this, &CompareView::onCandidateFailed);
    connect(m_verdict, &VerdictPanel::verdictSubmitted, this, &CompareView::verdictSubmitted);
    connect(m_verdict, &VerdictPanel::marksChanged, this, &CompareView::refreshMarkOverlays);
    connect(m_engine, &EngineHost::ready, this, &CompareView::onEngineReady);
    connect(m_engine, &EngineHost::failed, this, [this](const QString& message) {
        if (m_pendingJob)
            m_banner->showError(
                tr("The candidate's face cannot be aligned because the face models did not "
                   "load: %1")
                    .arg(message));
        m_pendingJob = false;
        m_candidatePhoto->setBusyText({});
    });
    if (m_engine->isReady()) onEngineReady();
    updateHeader();
}

CompareView::~CompareView() = default;

QWidget* CompareView::buildPhotos() {
    auto* box = new QWidget(this);
    m_probePhoto = new PhotoView(box);
    m_probePhoto->setObjectName(QStringLiteral("probePhotoView"));
    m_probePhoto->setAccessibleName(tr("Probe photo"));
    m_probePhoto->setPlaceholderText(tr("No probe\nPick a face on a probe photo first."));
    m_candidatePhoto = new PhotoView(box);
    m_candidatePhoto->setObjectName(QStringLiteral("candidatePhotoView"));
    m_candidatePhoto->setAccessibleName(tr("Candidate photo"));
    m_candidatePhoto->setPlaceholderText(tr("No candidate\nOpen one from the candidate gallery."));
    for (PhotoView* view : {m_probePhoto, m_candidatePhoto}) {
        view->setMinimumSize(240, 200);
        view->setFaceSelectionEnabled(false);  // one face each: a drag on it must pan
        view->setToolTip(
            tr("Wheel zooms, drag pans; both photos follow each other face to face "
               "while \u201CLink zoom and pan\u201D is on. + / - zoom, 0 fits."));
    }
    m_sync = new PhotoViewSync(m_probePhoto, m_candidatePhoto, this);

    m_probeCaption = caption(box, QStringLiteral("probeCaption"));
    m_candidateCaption = caption(box, QStringLiteral("candidateCaption"));

    // Zoom buttons act on the probe view; the link carries them to the candidate.
    auto* fit = toolButton(box, QStringLiteral(":/icons/zoom-fit.svg"), tr("Fit"),
                           tr("Fit both photos to their views (0)"));
    auto* zoomIn = toolButton(box, QStringLiteral(":/icons/zoom-in.svg"), tr("Zoom in"),
                              tr("Zoom in on both photos (+)"));
    auto* zoomOut = toolButton(box, QStringLiteral(":/icons/zoom-out.svg"), tr("Zoom out"),
                               tr("Zoom out of both photos (-)"));
    auto* actual = toolButton(box, QStringLiteral(":/icons/zoom-original.svg"), tr("Actual pixels"),
                              tr("Show the probe photo at one photo pixel per screen pixel"));
    const auto both = [this](void (PhotoView::*slot)()) {
        return [this, slot] {
            (m_probePhoto->*slot)();
            if (!m_link->isChecked()) (m_candidatePhoto->*slot)();
        };
    };
    connect(fit, &QToolButton::clicked, this, both(&PhotoView::fitToWindow));
    connect(zoomIn, &QToolButton::clicked, this, both(&PhotoView::zoomIn));
    connect(zoomOut, &QToolButton::clicked, this, both(&PhotoView::zoomOut));
    connect(actual, &QToolButton::clicked, this, both(&PhotoView::showActualPixels));

    m_landmarks = toolButton(box, QStringLiteral(":/icons/landmarks.svg"), tr("Landmarks"),
                             tr("Show the 68 landmarks on both photos and chips (Ctrl+L): "
                                "probe in cyan, candidate in orange"));
    m_landmarks->setObjectName(QStringLiteral("compareLandmarks"));
    m_landmarks->setCheckable(true);
    m_landmarks->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_landmarks, &QToolButton::toggled, this, &CompareView::setLandmarksVisible);

    m_addMark = toolButton(box, QStringLiteral(":/icons/add-mark.svg"), tr("Add mark"),
                           tr("Add marks (M): click a feature on either photo and label it "
                              "(e.g. \u201Cscar above left eyebrow\u201D); the marks are "
                              "recorded with the verdict. Dragging still pans; Esc ends."));
    m_addMark->setObjectName(QStringLiteral("addMarkButton"));
    m_addMark->setCheckable(true);
    m_addMark->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_addMark, &QToolButton::toggled, this, &CompareView::setMarking);
    // Not the button's own (window-wide) shortcut: the probe tab's "Mark face" is M too.
    auto* markKey = new QShortcut(QKeySequence(Qt::Key_M), this);
    markKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(markKey, &QShortcut::activated, m_addMark, &QToolButton::toggle);
    m_markEditor = new MarkLabelEditor(m_probePhoto);
    connect(m_markEditor, &MarkLabelEditor::accepted, this, &CompareView::finishMark);
    connect(m_markEditor, &MarkLabelEditor::cancelled, this, &CompareView::dropPendingMark);
    connect(m_probePhoto, &PhotoView::pointPicked, this, [this](const QPointF& p) {
        placeMark(VerdictRecord::Mark::Side::Probe, p);
    });
    connect(m_candidatePhoto, &PhotoView::pointPicked, this, [this](const QPointF& p) {
        placeMark(VerdictRecord::Mark::Side::Candidate, p);
    });
    for (PhotoView* view : {m_probePhoto, m_candidatePhoto}) {
        connect(view, &PhotoView::toolChanged, this, [this](PhotoView::Tool tool) {
            if (tool == PhotoView::Tool::Navigate && m_addMark->isChecked()) setMarking(false);
        });
    }

    m_link = new QCheckBox(tr("Lin&k zoom and pan"), box);
    m_link->setObjectName(QStringLiteral("compareLink"));
    m_link->setChecked(true);
    m_link->setToolTip(
        tr("Zooming or panning one photo moves the other to the same part of "
           "the face at the same face size"));
    connect(m_link, &QCheckBox::toggled, m_sync, &PhotoViewSync::setEnabled);

    auto* tools = new QHBoxLayout;
    tools->setSpacing(2);
    for (QToolButton* b : {fit, zoomIn, zoomOut, actual}) tools->addWidget(b);
    tools->addSpacing(10);
    tools->addWidget(m_landmarks);
    tools->addWidget(m_addMark);
    tools->addSpacing(10);
    tools->addWidget(m_link);
    tools->addStretch(1);

    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(4);
    grid->addWidget(m_probeCaption, 0, 0);
    grid->addWidget(m_candidateCaption, 0, 1);
    grid->addWidget(m_probePhoto, 1, 0);
    grid->addWidget(m_candidatePhoto, 1, 1);
    grid->addLayout(tools, 2, 0, 1, 2);
    grid->setRowStretch(1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    return box;
}

QWidget* CompareView::buildChips() {
    auto* box = new QWidget(this);
    m_probeChip = new ChipOverlayView(box);
    m_probeChip->setObjectName(QStringLiteral("probeChip"));
    m_probeChip->setToolTip(tr("The probe face, aligned (eyes and mouth at fixed positions)"));
    m_candidateChip = new ChipOverlayView(box);
    m_candidateChip->setObjectName(QStringLiteral("candidateChip"));
    m_candidateChip->setToolTip(tr("The candidate face, aligned the same way"));
    m_candidateChip->setPlaceholderText(tr("Aligning\u2026"));
    m_blendView = new ChipOverlayView(box);
    m_blendView->setObjectName(QStringLiteral("blendChip"));
    m_blendView->setToolTip(
        tr("Both aligned faces on top of each other: the slider cross-fades, "
           "flicker alternates them. Differences in eyes, nose, mouth and "
           "outline stand out."));
    for (ChipOverlayView* chip : {m_probeChip, m_candidateChip, m_blendView})
        chip->setFixedSize(160, 160);

    m_blend = new QSlider(Qt::Horizontal, box);
    m_blend->setObjectName(QStringLiteral("blendSlider"));
    m_blend->setRange(0, 100);
    m_blend->setValue(50);
    m_blend->setPageStep(25);
    m_blend->setToolTip(tr("Blend: at the left end the probe, at the right end the candidate"));
    m_blend->setAccessibleName(tr("Blend probe and candidate"));
    connect(m_blend, &QSlider::valueChanged, m_blendView, &ChipOverlayView::setBlend);
    m_blendView->setBlend(m_blend->value());

    m_flicker = toolButton(box, QStringLiteral(":/icons/flicker.svg"), tr("Flicker"),
                           tr("Alternate the two aligned faces twice a second"));
    m_flicker->setObjectName(QStringLiteral("flickerButton"));
    m_flicker->setCheckable(true);
    m_flicker->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_flicker, &QToolButton::toggled, m_blendView, &ChipOverlayView::setFlicker);
    connect(m_flicker, &QToolButton::toggled, m_blend, &QSlider::setDisabled);

    auto* probeLabel = new QLabel(tr("Probe, aligned"), box);
    auto* candidateLabel = new QLabel(tr("Candidate, aligned"), box);
    auto* blendLabel = new QLabel(tr("&Blend / flicker"), box);
    blendLabel->setBuddy(m_blend);

    // The slider sits under the blended chip, between the probe chip on its left and the
    // candidate chip on its right: its ends need no labels, and the row stays three chips wide
    // (the page fits 1280 px beside the case sidebar).
    m_blend->setFixedWidth(m_blendView->width());
    auto* blendControls = new QHBoxLayout;
    blendControls->setSpacing(4);
    blendControls->addWidget(m_flicker);
    blendControls->addStretch(1);

    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(2);
    grid->addWidget(probeLabel, 0, 0);
    grid->addWidget(blendLabel, 0, 1);
    grid->addWidget(candidateLabel, 0, 2);
    grid->addWidget(m_probeChip, 1, 0);
    grid->addWidget(m_blendView, 1, 1);
    grid->addWidget(m_candidateChip, 1, 2);
    grid->addWidget(m_blend, 2, 1);
    grid->addLayout(blendControls, 3, 1);
    grid->setColumnStretch(3, 1);
    return box;
}

QWidget* CompareView::buildSidebar() {
    auto* side = new QWidget(this);
    m_provenance = new ProvenancePanel(side);
    m_verdict = new VerdictPanel(side);
    auto* heading = new QLabel(tr("Candidate provenance"), side);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    auto* layout = new QVBoxLayout(side);
    layout->setContentsMargins(4, 4, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(heading);
    layout->addWidget(m_provenance, 1);
    layout->addWidget(m_verdict, 0);
    side->setMinimumWidth(340);
    return side;
}

void CompareView::setProbe(const DetectionResult& result, int faceRow) {
    if (faceRow < 0 || faceRow >= int(result.analysis.faces.size())) return;
    const auto row = std::size_t(faceRow);
    setProbe(result.photo, result.analysis.faces[row], result.chips.value(faceRow),
             result.displayName);
}

void CompareView::setProbe(const PhotoPyramid& photo, const DetectedFace& face, const QImage& chip,
                           const QString& displayName) {
    m_probeName = displayName;
    m_probeFace = face;
    m_probePhoto->setPhoto(photo, {face});
    m_probePhoto->setSelectedFace(0);
    refreshMarkOverlays();
    ChipOverlayView::Layer layer{chip, ChipGeometry::toChip(face.chip, face.landmarks), tr("Probe"),
                                 kProbeColor};
    m_probeChip->setFirst(layer);
    m_blendView->setFirst(layer);
    updateSyncAnchors();
    updateHeader();
}

void CompareView::setCandidate(const CandidateRow& row) {
    setMarking(false);
    m_candidate = row;
    m_candidateFace.reset();
    m_showsStoredChip = false;
    m_banner->dismiss();
    m_candidatePhoto->clearPhoto();
    m_candidateChip->clear();
    m_candidateChip->setPlaceholderText(tr("Aligning\u2026"));
    m_blendView->clearSecond();
    m_flicker->setChecked(false);
    m_provenance->setCandidate(row);
    m_verdict->reset();
    m_verdict->setVerdict(row.verdict);
    m_verdict->setCandidate(row.recordedCandidateId);  // its second reviews
    updateHeader();
    startCandidateJob();
}

void CompareView::setDatabase(DatabaseWorker* database) {
    m_database = database;
    m_verdict->setDatabase(database);
}

void CompareView::setRecordedVerdict(CandidateVerdict verdict, qint64 verdictId) {
    if (!m_candidate) return;
    m_candidate->verdict = verdict;
    m_candidate->verdictId = verdictId;
}

void CompareView::clear() {
    setMarking(false);
    m_job->cancel();
    m_pendingJob = false;
    m_candidate.reset();
    m_candidateFace.reset();
    m_showsStoredChip = false;
    m_probeFace.reset();
    m_probeName.clear();
    m_probePhoto->clearPhoto();
    m_candidatePhoto->clearPhoto();
    m_candidatePhoto->setBusyText({});
    m_probeChip->clear();
    m_candidateChip->clear();
    m_blendView->clear();
    m_provenance->clear();
    m_verdict->reset();
    m_banner->dismiss();
    updateHeader();
}

bool CompareView::isBusy() const {
    return m_pendingJob || m_job->isRunning();
}

void CompareView::setLandmarksVisible(bool visible) {
    if (m_landmarks->isChecked() != visible) m_landmarks->setChecked(visible);  // re-enters
    m_probePhoto->setLandmarksVisible(visible);
    m_candidatePhoto->setLandmarksVisible(visible);
    for (ChipOverlayView* chip : {m_probeChip, m_candidateChip, m_blendView})
        chip->setLandmarksVisible(visible);
}

void CompareView::setMarking(bool on) {
    if (m_addMark->isChecked() != on) {
        m_addMark->setChecked(on);  // re-enters
        return;
    }
    const PhotoView::Tool tool = on ? PhotoView::Tool::PlaceMark : PhotoView::Tool::Navigate;
    m_probePhoto->setTool(tool);
    m_candidatePhoto->setTool(tool);
    if (!on && m_pendingMark) {
        m_markEditor->hide();
        dropPendingMark();
    }
}

void CompareView::placeMark(VerdictRecord::Mark::Side side, const QPointF& photoPoint) {
    PhotoView* view =
        side == VerdictRecord::Mark::Side::Probe ? m_probePhoto : m_candidatePhoto;
    VerdictRecord::Mark mark;
    mark.side = side;
    // Tenth-of-a-pixel precision: finer than anyone can aim, and a clean number on record.
    mark.position = QPointF(std::round(photoPoint.x() * 10) / 10, std::round(photoPoint.y() * 10) / 10);
    m_pendingMark = mark;
    refreshMarkOverlays();
    if (m_markEditor->parentWidget() != view) m_markEditor->setParent(view);
    m_markEditor->open(int(m_verdict->marks().size()) + 1, view->photoToView(mark.position));
}

void CompareView::finishMark(const QString& label) {
    if (!m_pendingMark) return;
    VerdictRecord::Mark mark = *m_pendingMark;
    mark.label = label;
    m_pendingMark.reset();
    m_verdict->addMark(mark);  // marksChanged() redraws the overlays
    (mark.side == VerdictRecord::Mark::Side::Probe ? m_probePhoto : m_candidatePhoto)->setFocus();
}

void CompareView::dropPendingMark() {
    m_pendingMark.reset();
    refreshMarkOverlays();
}

void CompareView::showRecordedMarks(const std::vector<VerdictRecord::Mark>& marks) {
    m_verdict->setMarks(marks);
}

void CompareView::refreshMarkOverlays() {
    std::vector<PhotoView::Mark> probe, candidate;
    const auto& marks = m_verdict->marks();
    const auto add = [&](const VerdictRecord::Mark& m, int number, bool pending) {
        PhotoView::Mark shown{number, m.position, m.label, pending};
        (m.side == VerdictRecord::Mark::Side::Probe ? probe : candidate).push_back(shown);
    };
    for (std::size_t i = 0; i < marks.size(); ++i) add(marks[i], int(i) + 1, false);
    if (m_pendingMark) add(*m_pendingMark, int(marks.size()) + 1, true);
    m_probePhoto->setMarks(std::move(probe));
    m_candidatePhoto->setMarks(std::move(candidate));
}

void CompareView::startCandidateJob() {
    if (!m_candidate) return;
    const CandidateProvenance& p = m_candidate->candidate.provenance;
    const QString name = QFileInfo(p.imagePath).fileName();
    m_candidatePhoto->setBusyText(tr("Loading %1 and aligning the face\u2026").arg(name));
    if (!m_engine->isReady()) {
        m_pendingJob = true;  // started by onEngineReady()
        if (m_engine->state() == EngineHost::State::NotStarted) m_engine->start();
        return;
    }
    m_pendingJob = false;
    m_job->analyze(p.imagePath, p.imageSha256, p.box, p.faceIndex);
}

void CompareView::onEngineReady() {
    m_job->setPipelinePool(m_engine->pipelinePool());
    if (m_pendingJob) startCandidateJob();
}

void CompareView::onCandidateFinished(const CandidateFaceResult& result) {
    m_candidateFace = result;
    // Re-fitted at the box on record (analyzeRegion marks every such box manual): it was drawn
    // by hand only if the gallery says so.
    m_candidateFace->face.box.manual =
        m_candidate && m_candidate->candidate.provenance.manualFace;
    m_candidatePhoto->setBusyText({});
    m_candidatePhoto->setPhoto(result.photo, {m_candidateFace->face});
    m_candidatePhoto->setSelectedFace(0);
    m_candidatePhoto->setLandmarksVisible(m_landmarks->isChecked());
    refreshMarkOverlays();  // marks on record may have arrived before the photo
    const QString label = tr("Candidate #%1").arg(m_candidate ? m_candidate->candidate.rank : 0);
    ChipOverlayView::Layer layer{result.chip,
                                 ChipGeometry::toChip(result.face.chip, result.face.landmarks),
                                 label, kCandidateColor};
    m_candidateChip->setFirst(layer);
    m_blendView->setSecond(layer);
    m_provenance->setFileCheck(
        m_candidate && !m_candidate->candidate.provenance.imageSha256.isEmpty()
            ? tr("verified: the file matches the SHA-256 on record")
            : tr("read, but there is no SHA-256 on record to check"),
        true);
    updateSyncAnchors();
    emit candidateFaceLoaded();
}

void CompareView::onCandidateFailed(quint64, const QString& path, const QString& message) {
    m_candidatePhoto->setBusyText({});
    m_candidatePhoto->clearPhoto();
    m_candidatePhoto->setPlaceholderText(tr("Photo unavailable\n%1").arg(path));
    m_candidateChip->clear();
    m_candidateChip->setPlaceholderText(tr("No aligned face"));
    m_provenance->setFileCheck(message, false);
    // Never blank when the workspace kept the face (schema 6): its chip and thumbnail stand in,
    // read on the database worker. Without them, the reason alone, as before.
    const bool stored = m_candidate && m_candidate->candidate.provenance.storedChip;
    if (stored && m_database) {
        showStoredChip(path, message);
    } else {
        m_banner->showError(tr("The candidate's photo %1 cannot be shown: %2")
                                .arg(QDir::toNativeSeparators(path), message));
    }
    emit candidateFaceFailed(message);
}

void CompareView::showStoredChip(const QString& path, const QString& message) {
    const qint64 faceId = m_candidate->candidate.provenance.faceId;
    const int rank = m_candidate->candidate.rank;
    StoredFaceImages::fetch(
        m_database, faceId, this,
        [this, faceId, rank, path, message](const Result<std::optional<StoredFaceImages>>& got) {
            // Another candidate may have been opened meanwhile, or its original loaded.
            if (!m_candidate || m_candidate->candidate.provenance.faceId != faceId ||
                m_candidateFace) {
                return;
            }
            if (!got || !*got) {
                m_banner->showError(
                    tr("The candidate's photo %1 cannot be shown: %2; the chip stored at "
                       "enrollment cannot be read either (%3)")
                        .arg(QDir::toNativeSeparators(path), message,
                             got ? tr("none on record") : got.errorMessage()));
                return;
            }
            const StoredFaceImages& images = **got;
            m_showsStoredChip = true;
            m_candidatePhoto->setPhoto(images.thumbnail, {});
            const ChipOverlayView::Layer layer{
                images.chip, std::nullopt,
                tr("Candidate #%1 (stored at enrollment)").arg(rank), kCandidateColor};
            m_candidateChip->setFirst(layer);
            m_blendView->setSecond(layer);
            const QString note = tr("showing the chip stored at enrollment");
            m_provenance->setFileCheck(tr("%1 \u2014 %2").arg(message, note), false);
            // "Original unreachable at PATH: … — showing the chip stored at enrollment (…)."
            QString sentence = message;
            if (!sentence.isEmpty()) sentence[0] = sentence[0].toUpper();
            m_banner->showMessage(
                MessageBanner::Kind::Info,
                tr("%1 \u2014 %2 (the aligned face the search compared, and a thumbnail of the "
                   "face in its photo).")
                    .arg(sentence, note));
            updateHeader();
            emit storedChipShown();
        });
}

void CompareView::updateSyncAnchors() {
    const QRectF probe = m_probeFace ? m_probeFace->box.rect : QRectF();
    const QRectF candidate = m_candidateFace ? m_candidateFace->face.box.rect : QRectF();
    m_sync->setAnchors(probe, candidate);
    // Start both at the same face size: fitting each photo on its own would show a face twice
    // as large in the tighter crop and defeat a side-by-side reading.
    if (m_probePhoto->hasPhoto() && m_candidatePhoto->hasPhoto() && m_link->isChecked()) {
        const double faceOnScreen =
            std::min(m_probePhoto->height(), m_candidatePhoto->height()) * 0.55;
        if (!probe.isEmpty())
            m_probePhoto->setViewport(faceOnScreen / probe.width(), probe.center());
        if (!candidate.isEmpty())
            m_candidatePhoto->setViewport(faceOnScreen / candidate.width(), candidate.center());
    }
}

void CompareView::updateHeader() {
    const QString probe = m_probeName.isEmpty() ? tr("no probe") : m_probeName;
    m_probeCaption->setText(tr("Probe \u2014 %1").arg(probe));
    if (!m_candidate) {
        m_title->setText(tr("Compare"));
        m_candidateCaption->setText(tr("Candidate"));
        return;
    }
    const SearchCandidate& c = m_candidate->candidate;
    const CandidateProvenance& p = c.provenance;
    const QString subject = !p.subjectName.isEmpty()         ? p.subjectName
                            : !p.subjectExternalId.isEmpty() ? p.subjectExternalId
                                                             : tr("unknown subject");
    // As short as the file name it replaces: the caption's width shares the photo row.
    const QString shown = m_showsStoredChip ? tr("stored thumbnail")
                                            : QFileInfo(p.imagePath).fileName();
    m_candidateCaption->setText(
        tr("Candidate #%1 \u2014 %2 \u2014 %3").arg(c.rank).arg(subject, shown));
    m_title->setText(
        tr("%1 vs candidate #%2 (%3): distance %4 \u00B7 %5")
            .arg(probe)
            .arg(c.rank)
            .arg(subject, QString::number(c.distance, 'f', 3), FmrWording::rate(c.fmr)));
    m_title->setToolTip(FmrWording::expected(c.expectedFalseCandidates, m_candidate->gallerySize,
                                             c.fmr && c.fmr->beyondData));
}

}  // namespace facecase::ui
