// `facecase-cli evaluate`: the evaluation report of the installed system on a labeled photo set
// (docs/evaluation.md).
#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryFile>
#include <cstdio>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/pipeline_options_args.h"
#include "services/pipeline/batch_analyzer.h"
#include "services/evaluation/evaluation_builder.h"
#include "services/evaluation/evaluation_report_writer.h"
#include "services/evaluation/identity_groups.h"

namespace facecase::cli {

namespace {

QString commandLine(const QStringList& args) {
    QStringList words{QStringLiteral("facecase-cli")};
    for (const QString& arg : args)
        words << (arg.contains(QLatin1Char(' ')) || arg.isEmpty()
                      ? QLatin1Char('\'') + arg + QLatin1Char('\'')
                      : arg);
    return words.join(QLatin1Char(' '));
}

// Checked before the minutes of photo analysis: a typo in --out must not cost a run.
Result<void> prepareOutFolder(const QString& path) {
    const QFileInfo info(path);
    if (info.exists() && !info.isDir())
        return Error::invalidInput(QStringLiteral("--out %1: is a file, not a folder").arg(path));
    if (!QDir().mkpath(path))
        return Error::invalidInput(QStringLiteral("--out %1: cannot create the folder").arg(path));
    QTemporaryFile probe(QDir(path).filePath(QStringLiteral(".facecase-evaluate-XXXXXX")));
    if (!probe.open())
        return Error::invalidInput(
            QStringLiteral("--out %1: cannot write there: %2").arg(path, probe.errorString()));
    return {};
}

QString pct(double v) {
    return QStringLiteral("%1%").arg(100 * v, 0, 'f', 2);
}

void printReport(const EvaluationReport& r, const QStringList& files) {
    const VerificationSummary& v = r.verification;
    const IdentificationReport& id = r.identification;
    printLine(QStringLiteral("Evaluation of %1 on %2").arg(r.modelKey, r.dataset));
    printLine(QStringLiteral("Photos: %1 of %2 usable (%3 identities); failure to acquire %4 "
                             "(%5 unreadable, %6 without a face)")
                  .arg(r.photosUsed)
                  .arg(r.photos)
                  .arg(r.identities)
                  .arg(r.photos - r.photosUsed)
                  .arg(r.unreadablePhotos)
                  .arg(r.photosWithoutFace));
    QStringList quality;
    for (const auto& [level, count] : r.qualityLevels) quality << QStringLiteral("%1 %2").arg(level).arg(count);
    printLine(QStringLiteral("Face quality: ") + quality.join(QStringLiteral(", ")));
    printLine(QStringLiteral("Verification: %1 genuine, %2 impostor pairs; AUC %3")
                  .arg(v.genuinePairs)
                  .arg(v.impostorPairs)
                  .arg(v.auc, 0, 'f', 5));
    printLine(QStringLiteral("  at threshold %1: FMR %2, FNMR %3")
                  .arg(r.threshold)
                  .arg(v.atThreshold.fmr, 0, 'g', 4)
                  .arg(v.atThreshold.fnmr, 0, 'g', 4));
    printLine(QStringLiteral("  best balanced accuracy %1 at threshold %2; EER %3")
                  .arg(pct(1 - (v.bestBalanced.fmr + v.bestBalanced.fnmr) / 2))
                  .arg(v.bestBalanced.threshold, 0, 'f', 4)
                  .arg(pct((v.equalError.fmr + v.equalError.fnmr) / 2)));
    printLine(QStringLiteral("Identification: N = %1, %2 mated and %3 non-mated searches")
                  .arg(id.gallerySize)
                  .arg(id.matedSearches)
                  .arg(id.nonMatedSearches));
    printLine(QStringLiteral("  rank-1 %1, rank-%2 %3").arg(pct(id.rank1)).arg(std::min(10, id.maxRank)).arg(pct(id.rank10)));
    for (const FnirAtFpir& f : id.fnirAtFpir)
        printLine(f.resolvable ? QStringLiteral("  FNIR at FPIR %1: %2 (threshold %3)")
                                     .arg(f.targetFpir)
                                     .arg(pct(f.fnir))
                                     .arg(f.threshold, 0, 'f', 4)
                               : QStringLiteral("  FNIR at FPIR %1: not resolvable with %2 "
                                                "non-mated searches")
                                     .arg(f.targetFpir)
                                     .arg(id.nonMatedSearches));
    for (const SubgroupSummary& g : r.groups)
        printLine(QStringLiteral("Group %1: %2 identities, FMR at threshold %3, rank-1 %4")
                      .arg(g.group)
                      .arg(g.identities)
                      .arg(g.verification ? QString::number(g.verification->atThreshold.fmr, 'g', 4)
                                          : QStringLiteral("n/a"))
                      .arg(g.identification ? pct(g.identification->rank1) : QStringLiteral("n/a")));
    if (!r.groupsFile.isEmpty())
        printLine(QStringLiteral("FMR ratio between groups: %1 (%2)")
                      .arg(r.fmrRatio ? QString::number(*r.fmrRatio, 'f', 2) : QStringLiteral("n/a"),
                           r.fmrRatioNote));
    for (const QString& f : files) printLine(QStringLiteral("Wrote ") + f);
}

}  // namespace

int runEvaluate(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Evaluation report of the installed system on a labeled photo set (one sub-folder per "
        "identity): verification ROC/DET, FMR and FNMR at the threshold, open-set "
        "identification (CMC, FNIR at FPIR), failures to acquire, face quality, optional "
        "subgroup breakdown. Writes evaluation.json, evaluation.html and SVG plots into --out "
        "(docs/evaluation.md)."));
    parser.addOption({QStringLiteral("labeled"),
                      QStringLiteral("Folder with <identity>/<photo> sub-folders."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("The report folder (created)."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("groups"),
                      QStringLiteral("CSV of identity,group rows for a subgroup breakdown."),
                      QStringLiteral("csv")});
    parser.addOption({QStringLiteral("threshold"),
                      QStringLiteral("Decision threshold (distance) to report FMR/FNMR at "
                                     "(default %1, the one searches and compare use).")
                          .arg(MatchInterpretation::kSamePersonThreshold),
                      QStringLiteral("d"), QString::number(MatchInterpretation::kSamePersonThreshold)});
    addBatchOptions(parser, QStringLiteral("Print the report as one JSON object on stdout."));
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const auto batch = labeledBatchFrom(parser, "evaluate", "DIR");
    if (!batch) return kExitUsage;
    bool numeric = false;
    const double threshold = parser.value(QStringLiteral("threshold")).toDouble(&numeric);
    if (!numeric || !(threshold > 0)) {
        printError(QStringLiteral("--threshold must be a positive distance, not \"%1\"")
                       .arg(parser.value(QStringLiteral("threshold"))));
        return kExitUsage;
    }

    EvaluationOptions options;
    options.labeledRoot = parser.value(QStringLiteral("labeled"));
    options.pipeline = batch->pipeline;
    options.threads = batch->threads;
    options.threshold = threshold;
    options.command = commandLine(args);
    if (!QFileInfo(options.labeledRoot).isDir()) {
        printError(QStringLiteral("--labeled %1: no such folder").arg(options.labeledRoot));
        return kExitInputProblem;
    }
    if (parser.isSet(QStringLiteral("groups"))) {
        options.groupsFile = parser.value(QStringLiteral("groups"));
        auto groups = IdentityGroups::read(options.groupsFile);
        if (!groups) {
            printError(groups.errorMessage());
            return exitCodeFor(groups.error());
        }
        options.groups = std::move(groups).value();
    }
    const QString out = parser.value(QStringLiteral("out"));
    if (auto ready = prepareOutFolder(out); !ready) {
        printError(ready.errorMessage());
        return exitCodeFor(ready.error());
    }

    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());
    const bool tty = isatty(fileno(stderr));
    auto report = EvaluationBuilder::run(*models, options, [tty](int done, int total) {
        if (!tty) return;
        if (done % 20 == 0 || done == total)
            std::fprintf(stderr, "\r  analysed %d / %d photos", done, total);
        if (done == total) std::fputc('\n', stderr);
    });
    if (!report) {
        printError(report.errorMessage());
        return exitCodeFor(report.error());
    }
    auto files = EvaluationReportWriter::write(*report, out);
    if (!files) {
        printError(files.errorMessage());
        return exitCodeFor(files.error());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o = report->toJson();
        o.insert(QStringLiteral("files"), QJsonArray::fromStringList(*files));
        printJson(o);
    } else {
        printReport(*report, *files);
    }
    return kExitOk;
}

}  // namespace facecase::cli
