// facecase-cli: the scripting and batch face of FaceCase. Every subcommand calls the same core
// services as the GUI; this file only dispatches.
#include "cli/cli_support.h"
#include "cli/commands.h"

#include <QCoreApplication>

#include <functional>
#include <map>

using namespace facecase::cli;

namespace {
const char* const kUsage = R"(Usage: facecase-cli <command> [options]   (facecase-cli <command> --help for details)

Commands:
  detect IMAGE...                      faces, boxes, landmarks and quality of each photo
  compare A B                          distance between a face in A and a face in B, and its meaning
  evaluate-pairs --pairs F --images D  LFW-style verification accuracy of the whole pipeline
  bench pipeline IMAGE...              per-stage timings and photos/s on 1 and N threads
  bench descriptor IMAGE...            the descriptor network alone, ms per chip on one thread
  bench enroll --folder DIR            enrollment images/s, time per stage, memory
  enroll --gallery NAME --folder DIR | --manifest FILE.csv
                                       enroll booking photos (resumable; Ctrl-C stops cleanly)
  gallery list | stats NAME | remove NAME --yes
                                       the workspace's galleries
  job list | report ID                 enrollment jobs and their per-file problem reports

Exit codes:
  0  success
  1  an input could not be used (unreadable or corrupt photo, no face where one was needed)
  2  wrong arguments
  3  models missing or unusable (run installer/setup.sh)
  4  internal error
  5  cancelled

Commands that use the workspace take --workspace DIR (default: ~/.local/share/FaceCase/workspace).

Models are looked up in $FACECASE_MODEL_DIR, next to the program, and in the build tree;
the landmark model in $FACECASE_LANDMARK_MODEL or Debian's libdlib-data path.
)";
}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("facecase-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FACECASE_VERSION));
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args[0] == QLatin1String("--help") || args[0] == QLatin1String("-h") ||
        args[0] == QLatin1String("help")) {
        printLine(QString::fromUtf8(kUsage));
        return args.isEmpty() ? kExitUsage : kExitOk;
    }
    if (args[0] == QLatin1String("--version")) {
        printLine(QStringLiteral("facecase-cli ") + QCoreApplication::applicationVersion());
        return kExitOk;
    }
    const std::map<QString, std::function<int(const QStringList&)>> commands{
        {QStringLiteral("detect"), runDetect},
        {QStringLiteral("compare"), runCompare},
        {QStringLiteral("evaluate-pairs"), runEvaluatePairs},
        {QStringLiteral("bench"), runBench},
        {QStringLiteral("enroll"), runEnroll},
        {QStringLiteral("gallery"), runGallery},
        {QStringLiteral("job"), runJob},
    };
    const auto command = commands.find(args[0]);
    if (command == commands.end()) {
        printError(QStringLiteral("unknown command \"%1\"").arg(args[0]));
        std::fputs(kUsage, stderr);
        return kExitUsage;
    }
    return command->second(args);
}
