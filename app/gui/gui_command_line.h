#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>
#include <optional>

class QCoreApplication;

namespace facecase::gui {

// facecase's command line: one list of options, read in two steps. A QApplication without a
// display aborts (no platform plugin) before anyone reads argv, so endsWithoutWindow() checks the
// raw arguments before any application object exists, and what it finds (--help, --version, a
// mistake) is answered by process() under a plain QCoreApplication, which needs no display. A run
// that opens the window reads the very same options with process() once QApplication has taken
// out its own (-platform, -style, …), so the two readings cannot disagree.
class GuiCommandLine {
public:
    GuiCommandLine();

    // True when the arguments only ask for text (usage, version) or are wrong: no window opens.
    // Needs no application object.
    bool endsWithoutWindow(const QStringList& arguments);
    // Reads `app`'s arguments. Prints the usage or version and exits with 0 when asked for them;
    // returns 2 after printing the mistake (an unknown option, a missing value) to stderr;
    // otherwise nothing, and the options below hold what was given.
    std::optional<int> process(const QCoreApplication& app);

    bool hasWorkspace() const { return m_parser.isSet(m_workspace); }
    QString workspace() const { return m_parser.value(m_workspace); }
    bool hasCase() const { return m_parser.isSet(m_case); }
    QString caseNumber() const { return m_parser.value(m_case); }
    QStringList photos() const { return m_parser.positionalArguments(); }
    bool showLandmarks() const { return m_parser.isSet(m_landmarks); }

private:
    void addQtOptions();
    bool asksForText() const;

    QCommandLineParser m_parser;
    QCommandLineOption m_workspace;
    QCommandLineOption m_case;
    QCommandLineOption m_landmarks;
};

}  // namespace facecase::gui
