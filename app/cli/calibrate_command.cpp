#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QTemporaryFile>
#include <cmath>
#include <cstdio>
#include <optional>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/pipeline_options_args.h"
#include "services/pipeline/batch_analyzer.h"
#include "services/search/built_in_calibration.h"
#include "services/evaluation/calibration_builder.h"

namespace facecase::cli {

namespace {

// The FMR targets ScoreCalibration reports, listed even where the data does not reach them.
constexpr double kTargets[] = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};

QString grouped(qint64 value) {
    return QLocale(QLocale::English).toString(value);
}

// The command line as typed, recorded in the file's provenance; arguments with spaces quoted so
// that it can be pasted back into a shell.
QString commandLine(const QStringList& args) {
    QStringList words{QStringLiteral("facecase-cli")};
    for (const QString& arg : args)
        words << (arg.contains(QLatin1Char(' ')) || arg.isEmpty()
                      ? QLatin1Char('\'') + arg + QLatin1Char('\'')
                      : arg);
    return words.join(QLatin1Char(' '));
}

// Checked before the minutes of photo analysis, not after: a typo in --out must not cost a run.
Result<void> checkWritable(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir())
        return Error::invalidInput(QStringLiteral("--out %1: is a folder, not a file").arg(path));
    const QDir folder = info.absoluteDir();
    if (!folder.exists())
        return Error::invalidInput(
            QStringLiteral("--out %1: folder %2 does not exist").arg(path, folder.path()));
    // A real write where the result will go (QSaveFile writes a temporary file beside it),
    // because permission bits do not tell about read-only mounts or ACLs.
    QTemporaryFile probe(folder.filePath(QStringLiteral(".facecase-calibrate-XXXXXX")));
    if (!probe.open())
        return Error::invalidInput(QStringLiteral("--out %1: cannot write in %2: %3")
                                       .arg(path, folder.path(), probe.errorString()));
    if (info.exists() && !info.isWritable())
        return Error::invalidInput(QStringLiteral("--out %1: file is read-only").arg(path));
    return {};
}

QString fmrName(double fmr) {
    return QStringLiteral("1e-%1").arg(std::lround(-std::log10(fmr)));
}

QJsonArray thresholdsJson(const ScoreCalibration& c) {
    QJsonArray thresholds;
    for (const CalibrationThreshold& t : c.thresholds()) {
        QJsonObject o{{QStringLiteral("fmr"), t.fmr}, {QStringLiteral("distance"), t.distance}};
        if (t.genuineMatchRate >= 0)
            o.insert(QStringLiteral("genuine_match_rate"), t.genuineMatchRate);
        thresholds.append(o);
    }
    return thresholds;
}

// The shipped table of the same model, for comparison: a set whose thresholds differ much from
// it has other photos (or other people) than LFW, which is worth knowing before using it.
QJsonValue builtInJson(const std::optional<ScoreCalibration>& builtIn) {
    if (!builtIn) return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("dataset"), builtIn->source().dataset},
                       {QStringLiteral("impostor_pairs"), double(builtIn->impostorPairs())},
                       {QStringLiteral("thresholds"), thresholdsJson(*builtIn)}};
}

QJsonObject reportJson(const CalibrationReport& r, const QString& out,
                       const std::optional<ScoreCalibration>& builtIn) {
    const QJsonArray thresholds = thresholdsJson(r.calibration);
    const CalibrationSource& source = r.calibration.source();
    return QJsonObject{
        {QStringLiteral("out"), out},
        {QStringLiteral("model"), source.modelId},
        {QStringLiteral("dataset"), source.dataset},
        {QStringLiteral("descriptor_mode"), r.descriptorMode},
        {QStringLiteral("identities"), r.identities},
        {QStringLiteral("identities_used"), r.identitiesUsed},
        {QStringLiteral("photos"), r.photos},
        {QStringLiteral("photos_used"), r.photosUsed},
        {QStringLiteral("photos_without_descriptor"),
         QJsonArray::fromStringList(r.photosWithoutDescriptor)},
        {QStringLiteral("impostor_pairs"), double(r.calibration.impostorPairs())},
        {QStringLiteral("genuine_pairs"), double(r.calibration.genuinePairs())},
        {QStringLiteral("thresholds"), thresholds},
        {QStringLiteral("threads"), r.threads},
        {QStringLiteral("analysis_seconds"), r.analysisSeconds},
        {QStringLiteral("pair_seconds"), r.pairSeconds},
        {QStringLiteral("calibration_seconds"), r.calibrationSeconds},
        {QStringLiteral("seconds"), r.totalSeconds},
        {QStringLiteral("built_in"), builtInJson(builtIn)},
    };
}

void printReport(const CalibrationReport& r, const QString& out,
                 const std::optional<ScoreCalibration>& builtIn) {
    const ScoreCalibration& c = r.calibration;
    printLine(
        QStringLiteral("Calibration of %1 on %2").arg(c.source().modelId, c.source().dataset));
    printLine(QStringLiteral("Photos used: %1 of %2 (%3 of %4 identities)")
                  .arg(grouped(r.photosUsed), grouped(r.photos), grouped(r.identitiesUsed),
                       grouped(r.identities)));
    if (!r.photosWithoutDescriptor.isEmpty()) {
        printLine(QStringLiteral("Photos without a face (%1), left out:")
                      .arg(r.photosWithoutDescriptor.size()));
        for (const QString& p : r.photosWithoutDescriptor) printLine(QStringLiteral("  ! ") + p);
    }
    printLine(QStringLiteral("Pairs: %1 different-person (impostor), %2 same-person (genuine)")
                  .arg(grouped(c.impostorPairs()), grouped(c.genuinePairs())));
    printLine(QStringLiteral("  FMR    distance  genuine match rate"));
    for (double target : kTargets) {
        const auto t = c.thresholdFor(target);
        if (!t) {
            printLine(QStringLiteral("  %1   -         (needs at least %2 impostor pairs)")
                          .arg(fmrName(target), grouped(std::llround(1.0 / target))));
            continue;
        }
        printLine(QStringLiteral("  %1   %2    %3")
                      .arg(fmrName(target))
                      .arg(t->distance, 0, 'f', 4)
                      .arg(t->genuineMatchRate < 0
                               ? QStringLiteral("n/a (no same-person pairs)")
                               : QStringLiteral("%1%").arg(100 * t->genuineMatchRate, 0, 'f', 2)));
    }
    if (builtIn) {
        QStringList points;
        for (double target : {1e-3, 1e-4})
            if (const auto t = builtIn->thresholdFor(target))
                points << QStringLiteral("FMR %1 at %2")
                              .arg(fmrName(target))
                              .arg(t->distance, 0, 'f', 4);
        printLine(QStringLiteral("Built-in table of this model (%1): %2")
                      .arg(builtIn->source().dataset, points.join(QStringLiteral(", "))));
    } else {
        printLine(QStringLiteral("No built-in table for this model to compare with."));
    }
    printLine(QStringLiteral("Wrote %1").arg(out));
    printLine(QStringLiteral("Elapsed: %1 s (photos %2 s on %3 thread(s), pairs %4 s, table %5 s)")
                  .arg(r.totalSeconds, 0, 'f', 1)
                  .arg(r.analysisSeconds, 0, 'f', 1)
                  .arg(r.threads)
                  .arg(r.pairSeconds, 0, 'f', 2)
                  .arg(r.calibrationSeconds, 0, 'f', 2));
}

}  // namespace

int runCalibrate(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Score calibration of the descriptor model from a labeled photo set (one sub-folder per "
        "identity): the distance of every different-person pair gives the false-match rate (FMR) "
        "at each distance, every same-person pair the genuine match rate. Writes a table that "
        "`search --calibration FILE` reads (docs/cli.md)."));
    parser.addOption({QStringLiteral("labeled"),
                      QStringLiteral("Folder with <identity>/<photo> sub-folders."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("out"),
                      QStringLiteral("The calibration file to write (JSON)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("dataset"),
                      QStringLiteral("What the photos are, recorded in the file (default: the "
                                     "--labeled folder as given)."),
                      QStringLiteral("text")});
    addBatchOptions(parser, QStringLiteral("One JSON object on stdout (docs/cli.md)."));
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const auto batch = labeledBatchFrom(parser, "calibrate", "FILE");
    if (!batch) return kExitUsage;

    CalibrationBuildOptions options;
    options.labeledRoot = parser.value(QStringLiteral("labeled"));
    options.pipeline = batch->pipeline;
    options.threads = batch->threads;
    options.dataset = parser.value(QStringLiteral("dataset"));
    options.command = commandLine(args);
    const QString out = parser.value(QStringLiteral("out"));
    if (auto writable = checkWritable(out); !writable) {
        printError(writable.errorMessage());
        return exitCodeFor(writable.error());
    }

    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());
    // Progress on a terminal only: a log file gets the summary, not carriage returns.
    const bool tty = isatty(fileno(stderr));
    auto report = CalibrationBuilder::run(
        *models, options, [tty](CalibrationBuilder::Stage stage, qint64 done, qint64 total) {
            if (!tty) return;
            if (stage == CalibrationBuilder::Stage::AnalysingPhotos) {
                if (done % 20 == 0 || done == total)
                    std::fprintf(stderr, "\r  analysed %lld / %lld photos", qlonglong(done),
                                 qlonglong(total));
                if (done == total) std::fputc('\n', stderr);
            } else if (done == total) {
                std::fprintf(stderr, "  measured %lld pairs\n", qlonglong(total));
            }
        });
    if (!report) {
        printError(report.errorMessage());
        return exitCodeFor(report.error());
    }
    if (auto saved = report->save(out); !saved) {
        printError(saved.errorMessage());
        return exitCodeFor(saved.error());
    }
    std::optional<ScoreCalibration> builtIn;
    if (auto shipped = BuiltInCalibration::forModel(report->calibration.source().modelId))
        builtIn = std::move(shipped).value();
    else if (shipped.error().kind != Error::Kind::NotFound)
        printError(shipped.errorMessage());  // a broken build, but the new table is written
    if (parser.isSet(QStringLiteral("json")))
        printJson(reportJson(*report, out, builtIn));
    else
        printReport(*report, out, builtIn);
    return kExitOk;
}

}  // namespace facecase::cli
