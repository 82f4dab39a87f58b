// facecase: the investigator's window. Everything lives in facecase_ui; this file only sets up
// the application and reads the command line.
#include <QAction>
#include <QApplication>
#include <QIcon>

#include "gui_command_line.h"
#include "mainwindow/main_window.h"
#include "settings/app_settings.h"

namespace {
// What QCoreApplication::arguments() would say, read before any application object exists.
QStringList rawArguments(int argc, char* argv[]) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}
}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication::setApplicationName(QStringLiteral("FaceCase"));
    QCoreApplication::setOrganizationName(QStringLiteral("FaceCase"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FACECASE_VERSION));

    facecase::gui::GuiCommandLine commandLine;
    if (commandLine.endsWithoutWindow(rawArguments(argc, argv))) {
        // --help, --version or a mistake: answered without a display, where a QApplication
        // would abort before reading them.
        QCoreApplication app(argc, argv);
        return commandLine.process(app).value_or(0);
    }

    QApplication app(argc, argv);
    QGuiApplication::setDesktopFileName(QStringLiteral("facecase"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/facecase.svg")));
    if (const auto status = commandLine.process(app)) return *status;

    const QStringList photos = commandLine.photos();
    if (!photos.isEmpty() && !commandLine.hasCase()) {
        qWarning("facecase: a photo belongs to a case; give --case NUMBER to open %s in it.",
                 qPrintable(photos.first()));
    }

    facecase::ui::MainWindow window;
    window.restoreWindowSettings();
    window.landmarksAction()->setChecked(commandLine.showLandmarks());
    // Opened in the background: the window shows at once and says what happened.
    window.openWorkspace(commandLine.hasWorkspace() ? commandLine.workspace()
                                                    : window.settings().workspaceLocation());
    if (commandLine.hasCase()) window.openCaseWhenLoaded(commandLine.caseNumber());
    window.show();
    if (photos.size() > 1)
        qWarning("facecase: opening %s only; FaceCase analyses one photo at a time.",
                 qPrintable(photos.first()));
    // Waits for the case to open (the workspace and case list load in the background).
    if (!photos.isEmpty() && commandLine.hasCase()) window.openPhoto(photos.first());
    const int status = QApplication::exec();
    window.saveWindowSettings();
    return status;
}
