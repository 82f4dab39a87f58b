// facecase-cli: the scripting and batch face of FaceCase. Every subcommand calls the same core
// services as the GUI; this file only dispatches.
#include "cli/cli_support.h"
#include "cli/commands.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <cstring>
#include <functional>
#include <map>
#include <memory>

using namespace facecase::cli;

namespace {
const char* const kUsage = R"(Usage: facecase-cli <command> [options]   (facecase-cli <command> --help for details)

Commands:
  detect IMAGE...                      faces, boxes, landmarks and quality of each photo
  compare A B                          distance between a face in A and a face in B, and its meaning
  evaluate-pairs --pairs F --images D  LFW-style verification accuracy of the whole pipeline
  calibrate --labeled DIR --out FILE   false-match-rate table from every pair of a labeled photo set
  evaluate --labeled DIR --out DIR     evaluation report (ROC/DET, CMC, FNIR at FPIR, subgroups)
  bench pipeline IMAGE...              per-stage timings and photos/s on 1 and N threads
  bench descriptor IMAGE...            the descriptor network alone, ms per chip on one thread
  bench enroll --folder DIR            enrollment images/s, time per stage, memory
  bench search [--faces N] [--hnsw]    1:N search latency p50/p99, recall, memory (synthetic)
  bench index-update --gallery NAME [--add N]
                                       index update after N faces were added vs a full reload
  enroll --gallery NAME --folder DIR | --manifest FILE.csv
                                       enroll booking photos (resumable; Ctrl-C stops cleanly)
  gallery list | stats NAME | remove NAME --yes --reason TEXT
                                       the workspace's galleries
  gallery remove-image NAME --image-id ID | --sha256 HEX --reason TEXT
                                       delete one enrolled photo and its faces (audited)
  gallery synth --gallery NAME --count N
                                       a synthetic benchmark gallery (marked: not people)
  gallery backfill-chips NAME          store chips of faces enrolled before schema 6, from
                                       their verified originals
  job list | report ID                 enrollment jobs and their per-file problem reports
  case create --number N --purpose P [--title T] [--analyst A] | list | close N | reopen N
                                       cases; every change is recorded in the audit log
  case create … --retention-days N | case retention N --days D|--policy-default --reason R
                                       how long a case's data is kept after it closes
  purge --expired [--dry-run]          delete expired cases' probes, evidence, searches, verdicts
                                       (the cases and their audit records stay)
  audit verify | export --case N --format jsonl|csv [--out FILE]
                                       check the audit log's hash chain; export a case's records
  search --gallery NAME PROBE...       ranked candidates for each probe face, with provenance
  search --case N --gallery NAME PROBE...
                                       the same, recorded in case N (probes kept as evidence)
  case show N                          a case's probes, searches, candidates and verdicts
  case export N --out DIR|FILE.zip     the case file: manifest, evidence, audit excerpt, report.pdf
  case verify-export PATH              recheck every hash of an exported case bundle
  verdict set --case N --search ID --rank R --verdict V --reason TEXT | history ...
                                       an analyst's verdict on a recorded candidate
  verdict review --case N --search ID --rank R --confirm|--dispute --reason TEXT
                                       a second analyst's review of a possible match
  policy show | set KEY=VALUE... --reason TEXT | set-passphrase
                                       the agency's guardrails (changes need the supervisor passphrase)
  admin user add NAME --role analyst|enroller|supervisor|auditor | list | disable NAME
        --workspace postgresql://[USER@]HOST[:PORT]/DB
                                       an agency database's logins (run by its administrator)
  workspace copy --from DIR --to postgresql://[USER@]HOST[:PORT]/DB
                                       move a workspace folder into an empty agency database

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
    // `case export` draws report.pdf, and Qt finds fonts only through a QGuiApplication. The
    // offscreen platform needs no display, so the CLI stays headless (a cron job, ssh); only
    // this command pays the Gui start-up, and a platform the user chose is left alone.
    const bool drawsReport = argc > 2 && std::strcmp(argv[1], "case") == 0 && std::strcmp(argv[2], "export") == 0;
    if (drawsReport && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    const std::unique_ptr<QCoreApplication> app =
        drawsReport ? std::make_unique<QGuiApplication>(argc, argv) : std::make_unique<QCoreApplication>(argc, argv);
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
        {QStringLiteral("calibrate"), runCalibrate},
        {QStringLiteral("evaluate"), runEvaluate},
        {QStringLiteral("bench"), runBench},
        {QStringLiteral("enroll"), runEnroll},
        {QStringLiteral("gallery"), runGallery},
        {QStringLiteral("job"), runJob},
        {QStringLiteral("case"), runCase},
        {QStringLiteral("audit"), runAudit},
        {QStringLiteral("search"), runSearch},
        {QStringLiteral("verdict"), runVerdict},
        {QStringLiteral("purge"), runPurge},
        {QStringLiteral("policy"), runPolicy},
        {QStringLiteral("admin"), runAdmin},
        {QStringLiteral("workspace"), runWorkspace},
    };
    const auto command = commands.find(args[0]);
    if (command == commands.end()) {
        printError(QStringLiteral("unknown command \"%1\"").arg(args[0]));
        std::fputs(kUsage, stderr);
        return kExitUsage;
    }
    return command->second(args);
}
