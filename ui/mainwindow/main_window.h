#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QProgressBar;

namespace facecase::ui {

class DetectionView;
class EngineHost;

// The application shell: menus, tool bar and status bar around the detection view, wired to
// it and to the engine. Owns the EngineHost and starts loading the models at construction.
// Holds no logic of its own beyond wiring.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a photo now, or as soon as the models are ready.
    void openPhoto(const QString& path);

    EngineHost* engineHost() const { return m_engine; }
    DetectionView* detectionView() const { return m_detectionView; }
    QAction* landmarksAction() const { return m_showLandmarks; }

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void chooseAndOpenPhoto();
    void pastePhoto();
    void showAbout();
    void setPhotoTitle(const QString& displayName);

    EngineHost* m_engine = nullptr;
    DetectionView* m_detectionView = nullptr;

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
    QProgressBar* m_busy = nullptr;
    QString m_lastFolder;
};

}  // namespace facecase::ui
