#include "detection/detection_view.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLocale>
#include <QShortcut>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "jobs/detection_job.h"
#include "jobs/engine_host.h"
#include "photo/photo_view.h"
#include "quality/quality_panel.h"
#include "widgets/message_banner.h"

namespace facecase::ui {

DetectionView::DetectionView(EngineHost* engine, QWidget* parent)
    : QWidget(parent),
      m_engine(engine),
      m_job(new DetectionJob(engine->threadPool(), this)),
      m_manualJob(new ManualFaceJob(engine->threadPool(), this)) {
    setObjectName(QStringLiteral("detectionView"));

    PipelineOptions options;
    // This window finds and assesses faces; descriptors are computed by the search jobs that
    // need them, which keeps a crowded photo quick here.
    options.computeDescriptors = false;
    m_job->setOptions(options);

    m_banner = new MessageBanner(this);
    m_photoView = new PhotoView(this);
    m_panel = new QualityPanel(this);
    m_panel->setMinimumWidth(380);

    // Mark face: its own tool row over the photo, where the analyst is looking when a face
    // has no box.
    m_markFace = new QAction(QIcon(QStringLiteral(":/icons/mark-face.svg")), tr("&Mark face"), this);
    m_markFace->setObjectName(QStringLiteral("markFaceAction"));
    m_markFace->setCheckable(true);
    m_markFace->setShortcut(QKeySequence(Qt::Key_M));
    m_markFace->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_markFace->setToolTip(
        tr("Mark a face the detector missed (M): drag a box around it on the photo and its "
           "landmarks are fitted inside the box. Esc cancels."));
    addAction(m_markFace);
    connect(m_markFace, &QAction::toggled, this, [this](bool on) {
        m_photoView->setTool(on ? PhotoView::Tool::MarkFace : PhotoView::Tool::Navigate);
        if (on) m_photoView->setFocus(Qt::ShortcutFocusReason);  // so Esc reaches it
    });
    m_markFaceButton = new QToolButton(this);
    m_markFaceButton->setObjectName(QStringLiteral("markFaceButton"));
    m_markFaceButton->setDefaultAction(m_markFace);
    m_markFaceButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_markFaceButton->setAutoRaise(true);
    m_markFaceButton->setIconSize(QSize(20, 20));
    auto* photoPane = new QWidget(this);
    auto* tools = new QHBoxLayout;
    tools->setContentsMargins(6, 2, 6, 2);
    tools->addWidget(m_markFaceButton);
    tools->addStretch(1);
    auto* photoLayout = new QVBoxLayout(photoPane);
    photoLayout->setContentsMargins(0, 0, 0, 0);
    photoLayout->setSpacing(0);
    photoLayout->addLayout(tools);
    photoLayout->addWidget(m_photoView, 1);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(photoPane);
    m_splitter->addWidget(m_panel);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setCollapsible(0, false);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({860, 420});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);

    auto* dismiss = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    dismiss->setContext(Qt::WidgetWithChildrenShortcut);
    connect(dismiss, &QShortcut::activated, this, [this] {
        if (m_photoView->tool() != PhotoView::Tool::Navigate)
            m_photoView->setTool(PhotoView::Tool::Navigate);  // Esc leaves the tool first
        else
            m_banner->dismiss();
    });
    connect(m_photoView, &PhotoView::toolChanged, this, [this](PhotoView::Tool tool) {
        m_markFace->setChecked(tool == PhotoView::Tool::MarkFace);
    });
    connect(m_photoView, &PhotoView::faceBoxDrawn, this, &DetectionView::onFaceBoxDrawn);
    connect(m_manualJob, &ManualFaceJob::finished, this, &DetectionView::onFaceFitted);
    connect(m_manualJob, &ManualFaceJob::failed, this, &DetectionView::onFaceFitFailed);

    connect(m_photoView, &PhotoView::faceClicked, m_panel, &QualityPanel::selectFace);
    connect(m_panel, &QualityPanel::selectedFaceChanged, m_photoView, &PhotoView::setSelectedFace);

    connect(m_job, &DetectionJob::started, this, &DetectionView::onStarted);
    connect(m_job, &DetectionJob::finished, this, &DetectionView::onFinished);
    connect(m_job, &DetectionJob::failed, this, &DetectionView::onFailed);

    connect(m_engine, &EngineHost::loadingStarted, this, &DetectionView::onEngineLoading);
    connect(m_engine, &EngineHost::ready, this, &DetectionView::onEngineReady);
    connect(m_engine, &EngineHost::failed, this, &DetectionView::onEngineFailed);
    switch (m_engine->state()) {
        case EngineHost::State::Ready:
            onEngineReady();
            break;
        case EngineHost::State::Failed:
            onEngineFailed(m_engine->errorMessage());
            break;
        default:
            onEngineLoading();
            break;
    }
    setFocusProxy(m_photoView);
    updateMarkFaceAction();
}

DetectionView::~DetectionView() = default;

void DetectionView::openFile(const QString& path, const QString& displayName) {
    Photo photo;
    photo.path = QDir::cleanPath(QDir::current().absoluteFilePath(path));
    photo.displayName = displayName.isEmpty() ? QFileInfo(photo.path).fileName() : displayName;
    if (photo.displayName.isEmpty()) photo.displayName = photo.path;
    open(photo);
}

void DetectionView::openDecoded(const LoadedImage& decoded, const QString& displayName) {
    Photo photo;
    photo.decoded = decoded;
    photo.path = decoded.sourcePath;  // for the record; the decoded photo is what is analysed
    photo.displayName = displayName;
    open(photo);
}

void DetectionView::open(const Photo& photo) {
    m_banner->dismiss();  // the previous photo's problem is no longer current
    m_banner->setToolTip({});
    switch (m_engine->state()) {
        case EngineHost::State::Ready:
            startRequest(photo);
            break;
        case EngineHost::State::Failed:
            m_banner->showError(tr("%1 cannot be analysed because the face models did not load: %2")
                                    .arg(photo.displayName, m_engine->errorMessage()));
            break;
        default:
            m_pending = photo;
            m_photoView->setBusyText(
                tr("%1 opens as soon as the face models are loaded\u2026").arg(photo.displayName));
            break;
    }
}

void DetectionView::startRequest(const Photo& photo) {
    if (photo.decoded)
        m_job->analyzeDecoded(*photo.decoded, photo.displayName);
    else
        m_job->analyzeFile(photo.path, photo.displayName);
}

void DetectionView::onEngineLoading() {
    setBusy(true);
    m_photoView->setPlaceholderText(
        tr("Loading face models\u2026\nYou can drop a photo already: "
           "it opens as soon as they are ready."));
    setStatus(tr("Loading face models\u2026"));
}

void DetectionView::onEngineReady() {
    m_job->setPipelinePool(m_engine->pipelinePool());
    m_manualJob->setPipelinePool(m_engine->pipelinePool());
    setBusy(false);
    m_photoView->setPlaceholderText(
        tr("Drop a photo here\nor choose File \u25B8 Open\u2026 (%1)")
            .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    setStatus(tr("Face models ready (loaded in %1 s).")
                  .arg(QLocale().toString(m_engine->loadMs() / 1000.0, 'f', 1)));
    if (m_pending) {
        const Photo pending = *m_pending;
        m_pending.reset();
        startRequest(pending);
    }
}

void DetectionView::onEngineFailed(const QString& message) {
    setBusy(false);
    m_photoView->setBusyText({});
    m_photoView->setPlaceholderText(
        tr("No face models\nPhotos cannot be analysed until the face "
           "models are installed (see the message above)."));
    m_banner->showError(tr("The face models could not be loaded: %1").arg(message));
    setStatus(tr("Face models could not be loaded."));
    m_pending.reset();
}

void DetectionView::onStarted(quint64, const QString& displayName) {
    m_manualJob->cancel();  // a box drawn on the previous photo
    m_photoView->setTool(PhotoView::Tool::Navigate);
    setBusy(true);
    const QString text = tr("Detecting faces in %1\u2026").arg(displayName);
    m_photoView->setBusyText(text);
    m_panel->setEnabled(false);
    setStatus(text);
}

void DetectionView::setComputeDescriptors(bool compute) {
    PipelineOptions options = m_job->options();
    options.computeDescriptors = compute;
    m_job->setOptions(options);
}

int DetectionView::selectedFace() const {
    return m_result && !m_result->analysis.faces.empty() ? m_panel->selectedRow() : -1;
}

void DetectionView::onFinished(const DetectionResult& result) {
    m_result = result;
    setBusy(false);
    m_photoView->setBusyText({});
    m_panel->setEnabled(true);
    m_banner->clearError();

    const PhotoAnalysis& analysis = result.analysis;
    const LoadedImage& source = analysis.source;
    m_photoName = result.displayName;
    m_photoView->setPhoto(result.photo, analysis.faces);
    m_panel->setPhotoInfo(tr("%1 \u00B7 %2 \u00D7 %3 px \u00B7 %4 \u00B7 SHA-256 %5\u2026")
                              .arg(m_photoName)
                              .arg(source.image.width())
                              .arg(source.image.height())
                              .arg(source.format, source.sha256.left(12)),
                          tr("%1\n%2 bytes\nSHA-256 %3")
                              .arg(source.sourcePath)
                              .arg(source.fileBytes)
                              .arg(source.sha256));

    const int count = int(analysis.faces.size());
    const qint64 ms = std::llround(result.elapsedMs);
    if (count == 0) {
        const QString notice =
            tr("No face found in %1. Faces smaller than %2 px are not searched for.")
                .arg(m_photoName)
                .arg(std::lround(analysis.effectiveMinFaceSize));
        m_photoView->setMessage(notice);
        m_panel->clear(notice);
        setStatus(notice);
    } else {
        m_panel->setFaces(analysis.faces, result.chips);
        m_panel->selectFace(0);
        setStatus(count == 1
                      ? tr("1 face found in %1 (%2 ms)").arg(m_photoName).arg(ms)
                      : tr("%1 faces found in %2 (%3 ms)").arg(count).arg(m_photoName).arg(ms));
    }
    emit photoChanged(m_photoName);
    updateMarkFaceAction();
    emit analysisChanged();
}

void DetectionView::onFailed(quint64, const QString& displayName, const QString& message) {
    setBusy(false);
    m_photoView->setBusyText({});
    m_panel->setEnabled(true);
    // The engine's message starts with the file ("/path/broken.jpg: truncated JPEG data"): say
    // the name once, keep the full text (with the path) in the tooltip.
    QString reason = message;
    const qsizetype colon = message.indexOf(QStringLiteral(": "));
    if (colon > 0 && message.left(colon).endsWith(displayName)) reason = message.mid(colon + 2);
    m_banner->showError(tr("Could not analyse %1: %2").arg(displayName, reason));
    m_banner->setToolTip(message);
    setStatus(tr("Could not analyse %1.").arg(displayName));
}

void DetectionView::onFaceBoxDrawn(const QRectF& box) {
    if (!m_result || m_busy) return;
    const QString text = tr("Fitting landmarks inside the box\u2026");
    setBusy(true);
    m_photoView->setBusyText(text);
    setStatus(text);
    // The job's options: descriptors exactly when detected faces get them, so a hand-drawn
    // face can be searched like any other.
    m_manualJob->fit(m_result->analysis.source.image, m_result->analysis.source.sha256, box,
                     m_job->options());
}

void DetectionView::onFaceFitted(const ManualFaceJob::Fitted& fitted) {
    setBusy(false);
    m_photoView->setBusyText({});
    if (!m_result || fitted.photoSha256 != m_result->analysis.source.sha256) return;
    DetectedFace face = fitted.face;
    face.box.manual = true;  // analyzeRegion sets it; the whole UI relies on it
    std::vector<DetectedFace>& faces = m_result->analysis.faces;
    face.index = int(faces.size()) + 1;  // numbered next: the detector's numbers stay put
    faces.push_back(face);
    m_result->chips.append(fitted.chip);
    const int row = int(faces.size()) - 1;
    m_photoView->setMessage({});  // "No face found" no longer holds
    m_photoView->addFace(face);
    m_panel->appendFace(face, fitted.chip);
    m_panel->selectFace(row);
    setStatus(tr("Face %1 marked by hand in %2: landmarks fitted inside the box (%3 ms).")
                  .arg(face.index)
                  .arg(m_photoName)
                  .arg(std::llround(fitted.elapsedMs)));
    m_banner->clearError();
    updateMarkFaceAction();
    emit faceMarkedByHand(row);
}

void DetectionView::onFaceFitFailed(quint64, const QString& message) {
    setBusy(false);
    m_photoView->setBusyText({});
    m_banner->showError(tr("No face could be fitted in the box drawn on %1: %2")
                            .arg(m_photoName, message));
    setStatus(tr("No face could be fitted in the box."));
}

void DetectionView::updateMarkFaceAction() {
    const bool can = m_result.has_value() && !m_busy;
    m_markFace->setEnabled(can);
    if (!can && m_markFace->isChecked()) m_markFace->setChecked(false);
}

void DetectionView::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    updateMarkFaceAction();
    emit busyChanged(busy);
}

void DetectionView::setStatus(const QString& text) {
    m_status = text;
    emit statusChanged(text);
}

}  // namespace facecase::ui
