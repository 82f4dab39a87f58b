#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/enrollment_progress_printer.h"
#include "cli/gallery_json.h"
#include "cli/interrupt_handler.h"
#include "cli/process_stats.h"
#include "cli/workspace_args.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/bench/synthetic_gallery.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace facecase::cli {

namespace {
QString number(qint64 n) { return QLocale(QLocale::English).toString(n); }

qint64 databaseBytes(const Workspace& workspace) {
    qint64 bytes = QFileInfo(workspace.databasePath()).size();
    const QFileInfo wal(workspace.databasePath() + QStringLiteral("-wal"));
    if (wal.exists()) bytes += wal.size();
    return bytes;
}

// A one-line bar on stderr when it is a terminal, or JSON lines on stdout; at most ~5 a second.
class SynthProgress {
public:
    explicit SynthProgress(bool json) : m_json(json), m_bar(!json && ::isatty(STDERR_FILENO)) {}

    void update(const SyntheticGalleryProgress& p) {
        if (!p.finished && m_last.isValid() && m_last.elapsed() < 200) return;
        m_last.start();
        const double remaining = p.facesPerSecond > 0 ? double(p.total - p.done) / p.facesPerSecond : -1;
        if (m_json) {
            printJson(QJsonObject{
                {QStringLiteral("event"), QStringLiteral("progress")},
                {QStringLiteral("done"), p.done},
                {QStringLiteral("total"), p.total},
                {QStringLiteral("added"), p.added},
                {QStringLiteral("elapsed_seconds"), std::round(p.elapsedSeconds * 100) / 100},
                {QStringLiteral("faces_per_second"), std::round(p.facesPerSecond)},
                {QStringLiteral("eta_seconds"), remaining < 0 ? QJsonValue() : QJsonValue(std::round(remaining))},
                {QStringLiteral("rss_mb"), std::round(ProcessStats::residentMb() * 10) / 10},
                {QStringLiteral("finished"), p.finished},
            });
            return;
        }
        if (!m_bar) return;
        constexpr int kWidth = 28;
        const double fraction = p.total > 0 ? std::clamp(double(p.done) / double(p.total), 0.0, 1.0) : 1.0;
        const int filled = int(fraction * kWidth);
        const QString line = QStringLiteral("\r[%1%2] %3/%4 faces %5%  %6 faces/s  ETA %7 ")
                                 .arg(QString(filled, QLatin1Char('#')), QString(kWidth - filled, QLatin1Char('.')),
                                      number(p.done), number(p.total))
                                 .arg(int(fraction * 100))
                                 .arg(number(qint64(p.facesPerSecond)),
                                      EnrollmentProgressPrinter::duration(remaining));
        std::fputs(line.toUtf8().constData(), stderr);
        std::fflush(stderr);
        m_shown = true;
    }
    void finish() {
        if (m_shown) std::fputc('\n', stderr);
        m_shown = false;
    }

private:
    bool m_json;
    bool m_bar;
    bool m_shown = false;
    QElapsedTimer m_last;
};
}  // namespace

int runGallerySynth(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Fill a synthetic gallery with N generated descriptors spread like real ones: a "
        "benchmark fixture for search at scale, marked synthetic in the database so it can never "
        "be taken for people (no photos can be enrolled into it, and it is never mixed with real "
        "galleries). Re-running adds only what is missing; Ctrl-C stops after the current batch."));
    parser.addOption({QStringLiteral("gallery"), QStringLiteral("The synthetic gallery (created when missing)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("count"), QStringLiteral("Faces the gallery holds when done."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Synthetic population (default 1); fixed per gallery."),
                      QStringLiteral("s"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Faces per transaction (default 10000)."),
                      QStringLiteral("n"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("descriptor-mode"),
                      QStringLiteral("Model key to store them under, as enrollment would: flip (default) or plain."),
                      QStringLiteral("mode"), QStringLiteral("flip")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout at the end (docs/cli.md).")});
    parser.addOption({QStringLiteral("json-progress"),
                      QStringLiteral("JSON lines on stdout: progress after each batch, then the final object.")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("gallery synth takes no positional arguments (did you mean --gallery NAME?)"));
        return kExitUsage;
    }

    SyntheticGalleryOptions options;
    options.gallery = parser.value(QStringLiteral("gallery")).trimmed();
    if (options.gallery.isEmpty()) {
        printError(QStringLiteral("gallery synth needs --gallery NAME"));
        return kExitUsage;
    }
    if (!parser.isSet(QStringLiteral("count"))) {
        printError(QStringLiteral("gallery synth needs --count N"));
        return kExitUsage;
    }
    bool ok = false;
    options.count = parser.value(QStringLiteral("count")).toLongLong(&ok);
    if (!ok || options.count < 1 || options.count > SyntheticGallery::kMaxCount) {
        printError(QStringLiteral("--count must be a whole number from 1 to %1, not \"%2\"")
                       .arg(number(SyntheticGallery::kMaxCount), parser.value(QStringLiteral("count"))));
        return kExitUsage;
    }
    // At most 2^53 - 1, so that JSON readers (doubles) get the seed back exactly.
    constexpr qulonglong kMaxSeed = (qulonglong(1) << 53) - 1;
    options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok || options.seed > kMaxSeed) {
        printError(QStringLiteral("--seed must be a whole number from 0 to %1, not \"%2\"")
                       .arg(kMaxSeed)
                       .arg(parser.value(QStringLiteral("seed"))));
        return kExitUsage;
    }
    const auto batch = positiveIntOption(parser, QStringLiteral("batch"));
    if (!batch) return kExitUsage;
    options.batchSize = *batch;
    const QString mode = parser.value(QStringLiteral("descriptor-mode"));
    if (mode != QLatin1String("flip") && mode != QLatin1String("plain")) {
        printError(QStringLiteral("--descriptor-mode is plain or flip, not \"%1\"").arg(mode));
        return kExitUsage;
    }
    const bool jsonProgress = parser.isSet(QStringLiteral("json-progress"));
    const bool json = jsonProgress || parser.isSet(QStringLiteral("json"));

    auto workspace = openWorkspace(parser);
    if (!workspace) return exitCodeFor(workspace.error());
    // The key the gallery's searches will load it with: the installed network's id and the mode.
    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());
    options.modelId = DescriptorModelKey::of(**models, mode == QLatin1String("plain")
                                                          ? DescriptorMode::Plain
                                                          : DescriptorMode::FlipAveraged);

    const std::atomic_bool& cancel = InterruptHandler::install();
    SynthProgress progress(jsonProgress);
    auto summary = SyntheticGallery::run(*workspace, options, &cancel,
                                         [&](const SyntheticGalleryProgress& p) { progress.update(p); });
    progress.finish();
    if (!summary) {
        printError(summary.errorMessage());
        return exitCodeFor(summary.error());
    }
    const Gallery& g = summary->gallery;
    const double rate = summary->seconds > 0 ? double(summary->added) / summary->seconds : 0;
    const qint64 bytes = databaseBytes(*workspace);
    if (json) {
        printJson(QJsonObject{
            {QStringLiteral("event"), QStringLiteral("finished")},
            {QStringLiteral("gallery"), galleryJson(g)},
            {QStringLiteral("created"), summary->created},
            {QStringLiteral("faces_before"), summary->facesBefore},
            {QStringLiteral("added"), summary->added},
            {QStringLiteral("faces"), g.faceCount},
            {QStringLiteral("count"), options.count},
            {QStringLiteral("seed"), double(summary->seed)},
            {QStringLiteral("model"), summary->modelId},
            {QStringLiteral("seconds"), std::round(summary->seconds * 1000) / 1000},
            {QStringLiteral("faces_per_second"), std::round(rate)},
            {QStringLiteral("cancelled"), summary->cancelled},
            {QStringLiteral("database"), workspace->databasePath()},
            {QStringLiteral("database_bytes"), bytes},
        });
    } else {
        printLine(QStringLiteral("Synthetic gallery \"%1\"%2: %3 faces (%4 added in %5 s, %6 faces/s), seed %7")
                      .arg(g.name, summary->created ? QStringLiteral(" (new)") : QString(),
                           number(g.faceCount), number(summary->added))
                      .arg(summary->seconds, 0, 'f', 1)
                      .arg(number(qint64(rate)))
                      .arg(summary->seed));
        printLine(QStringLiteral("  generated descriptors, marked synthetic: not people, no photos"));
        printLine(QStringLiteral("  model     %1").arg(summary->modelId));
        printLine(QStringLiteral("  database  %1 (%2, the whole workspace)")
                      .arg(QLocale(QLocale::English).formattedDataSize(bytes), workspace->databasePath()));
    }
    if (summary->cancelled) {
        printError(QStringLiteral("cancelled: %1 of %2 faces stored; run the same command again to finish")
                       .arg(number(g.faceCount), number(options.count)));
        return kExitCancelled;
    }
    return kExitOk;
}

}  // namespace facecase::cli
