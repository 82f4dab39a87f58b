// facecase: the investigator's window. Everything lives in facecase_ui; this file only sets up
// the application and reads the command line.
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include "mainwindow/main_window.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("FaceCase"));
    QApplication::setOrganizationName(QStringLiteral("FaceCase"));
    QApplication::setApplicationVersion(QStringLiteral(FACECASE_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("facecase"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/facecase.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Face comparison workbench for investigators: finds the faces in a photo "
                       "and tells how fit each one is for comparison."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("photo"),
        QStringLiteral("A photo to open at start (JPEG, PNG, BMP, TIFF, WebP)."),
        QStringLiteral("[PHOTO]"));
    const QCommandLineOption landmarks(QStringLiteral("landmarks"),
                                       QStringLiteral("Start with the facial landmarks shown."));
    parser.addOption(landmarks);
    parser.process(app);

    facecase::ui::MainWindow window;
    window.landmarksAction()->setChecked(parser.isSet(landmarks));
    window.show();
    const QStringList photos = parser.positionalArguments();
    if (photos.size() > 1)
        qWarning("facecase: opening %s only; FaceCase analyses one photo at a time.",
                 qPrintable(photos.first()));
    if (!photos.isEmpty()) window.openPhoto(photos.first());  // opens once the models are loaded
    return QApplication::exec();
}
