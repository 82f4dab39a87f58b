#include "mainwindow/main_window.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

#include "detection/detection_view.h"
#include "jobs/engine_host.h"
#include "photo/photo_view.h"

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

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_engine(new EngineHost(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("FaceCase"));
    m_detectionView = new DetectionView(m_engine, this);
    setCentralWidget(m_detectionView);
    createActions();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_detectionView, &DetectionView::photoChanged, this, &MainWindow::setPhotoTitle);
    connect(m_detectionView, &DetectionView::statusChanged, m_statusText, &QLabel::setText);
    connect(m_detectionView, &DetectionView::busyChanged, m_busy, &QWidget::setVisible);
    m_statusText->setText(m_detectionView->statusText());
    m_busy->setVisible(m_detectionView->isBusy());

    const QScreen* screen = QGuiApplication::primaryScreen();
    resize(screen ? QSize(1280, 800).boundedTo(screen->availableSize()) : QSize(1280, 800));
    m_lastFolder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    m_engine->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::openPhoto(const QString& path) {
    m_detectionView->openFile(path);
}

void MainWindow::createActions() {
    m_open = new QAction(icon("document-open"), tr("&Open\u2026"), this);
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

    // Zoom needs a photo.
    const auto updateZoomActions = [this, photo] {
        for (QAction* action : {m_fit, m_actualPixels, m_zoomIn, m_zoomOut})
            action->setEnabled(photo->hasPhoto());
    };
    updateZoomActions();
    connect(m_detectionView, &DetectionView::photoChanged, this, updateZoomActions);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_open);
    file->addAction(m_paste);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
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
    QToolBar* bar = addToolBar(tr("Main"));
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

    auto* leads = new QLabel(tr("Results are investigative leads, not identifications."), this);
    leads->setObjectName(QStringLiteral("leadsNote"));
    leads->setForegroundRole(QPalette::PlaceholderText);
    leads->setToolTip(
        tr("Automatic face comparison can be wrong. Every result must be reviewed "
           "by a trained examiner before it is acted on."));
    statusBar()->addPermanentWidget(leads);
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
    m_detectionView->openMimeData(QGuiApplication::clipboard()->mimeData());
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
    setWindowTitle(displayName.isEmpty() ? tr("FaceCase")
                                         : tr("FaceCase \u2014 %1").arg(displayName));
}

}  // namespace facecase::ui
