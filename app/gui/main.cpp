// facecase: the investigator's window. Everything lives in facecase_ui; this file only sets up
// the application and reads the command line.
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include "mainwindow/main_window.h"
#include "settings/app_settings.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("FaceCase"));
    QApplication::setOrganizationName(QStringLiteral("FaceCase"));
    QApplication::setApplicationVersion(QStringLiteral(FACECASE_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("facecase"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/facecase.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Face comparison workbench for investigators: cases, probe photos, and "
                       "how fit each face is for comparison."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QStringLiteral("Work in the workspace folder DIR this time (default: the folder chosen in "
                       "Settings, else the per-user data folder). Created if missing."),
        QStringLiteral("DIR"));
    parser.addOption(workspace);
    const QCommandLineOption openCase(QStringLiteral("case"),
                                      QStringLiteral("Open the case numbered NUMBER at start."),
                                      QStringLiteral("NUMBER"));
    parser.addOption(openCase);
    parser.addPositionalArgument(
        QStringLiteral("photo"),
        QStringLiteral("A photo to open at start in the case given with --case (JPEG, PNG, BMP, "
                       "TIFF, WebP)."),
        QStringLiteral("[PHOTO]"));
    const QCommandLineOption landmarks(QStringLiteral("landmarks"),
                                       QStringLiteral("Start with the facial landmarks shown."));
    parser.addOption(landmarks);
    parser.process(app);

    const QStringList photos = parser.positionalArguments();
    if (!photos.isEmpty() && !parser.isSet(openCase)) {
        qWarning("facecase: a photo belongs to a case; give --case NUMBER to open %s in it.",
                 qPrintable(photos.first()));
    }

    facecase::ui::MainWindow window;
    window.restoreWindowSettings();
    window.landmarksAction()->setChecked(parser.isSet(landmarks));
    // Opened in the background: the window shows at once and says what happened.
    window.openWorkspace(parser.isSet(workspace) ? parser.value(workspace)
                                                 : window.settings().workspaceLocation());
    if (parser.isSet(openCase)) window.openCaseWhenLoaded(parser.value(openCase));
    window.show();
    if (photos.size() > 1)
        qWarning("facecase: opening %s only; FaceCase analyses one photo at a time.",
                 qPrintable(photos.first()));
    if (!photos.isEmpty() && parser.isSet(openCase))
        window.openPhoto(photos.first());  // opens once the models are loaded
    const int status = QApplication::exec();
    window.saveWindowSettings();
    return status;
}
