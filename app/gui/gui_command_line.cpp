#include "gui_command_line.h"

#include <QCoreApplication>
#include <cstdio>

namespace facecase::gui {

GuiCommandLine::GuiCommandLine()
    : m_workspace(QStringLiteral("workspace"),
                  QStringLiteral("Work in the workspace folder DIR this time (default: the folder "
                                 "chosen in Settings, else the per-user data folder). Created if "
                                 "missing."),
                  QStringLiteral("DIR")),
      m_case(QStringLiteral("case"), QStringLiteral("Open the case numbered NUMBER at start."),
             QStringLiteral("NUMBER")),
      m_landmarks(QStringLiteral("landmarks"),
                  QStringLiteral("Start with the facial landmarks shown.")) {
    m_parser.setApplicationDescription(
        QStringLiteral("Face comparison workbench for investigators: cases, probe photos, and "
                       "how fit each face is for comparison."));
    // Qt's own options are single-dash words (-platform, -reverse): read them as such, not as
    // bundles of one-letter options.
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOption(m_workspace);
    m_parser.addOption(m_case);
    m_parser.addPositionalArgument(
        QStringLiteral("photo"),
        QStringLiteral("A photo to open at start in the case given with --case (JPEG, PNG, BMP, "
                       "TIFF, WebP)."),
        QStringLiteral("[PHOTO]"));
    m_parser.addOption(m_landmarks);
    addQtOptions();
}

void GuiCommandLine::addQtOptions() {
    // The options QGuiApplication and QApplication document. The check before the QApplication
    // sees them still in argv and must neither call them mistakes nor take their values for
    // photos; after it, they are gone. Hidden from --help (--help-all lists Qt's), never read.
    const QStringList withValue{
        QStringLiteral("platform"),        QStringLiteral("platformpluginpath"),
        QStringLiteral("platformtheme"),   QStringLiteral("plugin"),
        QStringLiteral("qwindowgeometry"), QStringLiteral("qwindowicon"),
        QStringLiteral("qwindowtitle"),    QStringLiteral("geometry"),
        QStringLiteral("title"),           QStringLiteral("icon"),
        QStringLiteral("display"),         QStringLiteral("session"),
        QStringLiteral("style"),           QStringLiteral("stylesheet"),
        QStringLiteral("qmljsdebugger")};
    const QStringList flags{QStringLiteral("reverse"), QStringLiteral("widgetcount"),
                            QStringLiteral("nograb"), QStringLiteral("dograb"),
                            QStringLiteral("testability")};
    for (const QString& name : withValue) {
        QCommandLineOption option(name, QString(), QStringLiteral("value"));
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        m_parser.addOption(option);
    }
    for (const QString& name : flags) {
        QCommandLineOption option(name);
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        m_parser.addOption(option);
    }
}

bool GuiCommandLine::asksForText() const {
    return m_parser.isSet(QStringLiteral("help")) || m_parser.isSet(QStringLiteral("help-all")) ||
           m_parser.isSet(QStringLiteral("version"));
}

bool GuiCommandLine::endsWithoutWindow(const QStringList& arguments) {
    return !m_parser.parse(arguments) || asksForText();
}

std::optional<int> GuiCommandLine::process(const QCoreApplication& app) {
    if (!m_parser.parse(QCoreApplication::arguments())) {
        const QString message = QStringLiteral("facecase: %1\nRun \"facecase --help\" for the options.\n")
                                    .arg(m_parser.errorText());
        std::fputs(message.toLocal8Bit().constData(), stderr);
        return 2;
    }
    // QCommandLineParser's own answer: the usage or version on stdout, then exit(0).
    if (asksForText()) m_parser.process(app);
    return std::nullopt;
}

}  // namespace facecase::gui
