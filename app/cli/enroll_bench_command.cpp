#include "cli/cli_support.h"
#include "cli/workspace_args.h"
#include "cli/commands.h"
#include "cli/interrupt_handler.h"
#include "cli/process_stats.h"
#include "services/pipeline/batch_analyzer.h"
#include "services/enrollment/enrollment.h"
#include "services/enrollment/folder_enrollment_source.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <cmath>

namespace facecase::cli {

namespace {
struct Sample {
    double fraction;
    double rssMb;
};

// --cancel-after: how soon a run stops once cancelled, as the Cancel button of the Galleries
// dialog cancels it (a stop request, here made from the progress handler).
struct CancelMeasure {
    bool cancelled = false;   // false: the run ended before reaching the file count
    qint64 doneAtCancel = 0;  // files committed when the stop was requested
    qint64 doneAtStop = 0;    // files committed when the run returned
    double stopMs = 0;        // stop requested -> run() returned
};

QJsonObject timingsJson(const EnrollmentTimings& t, qint64 files) {
    const double n = double(std::max<qint64>(1, files));
    const double f = double(std::max(1, t.pipeline.faces));
    const auto r = [](double v) { return std::round(v * 1000) / 1000; };
    return QJsonObject{
        {QStringLiteral("reader_ms_per_file"), QJsonObject{{QStringLiteral("read"), r(t.readMs / n)},
                                                           {QStringLiteral("hash"), r(t.hashMs / n)},
                                                           {QStringLiteral("lookup"), r(t.lookupMs / n)},
                                                           {QStringLiteral("blocked"), r(t.readerBlockedMs / n)}}},
        {QStringLiteral("worker_ms_per_file"), QJsonObject{{QStringLiteral("decode"), r(t.pipeline.decodeMs / n)},
                                                           {QStringLiteral("detect"), r(t.pipeline.detectMs / n)},
                                                           {QStringLiteral("waiting_for_input"), r(t.workerWaitMs / n)},
                                                           {QStringLiteral("blocked_on_writer"), r(t.workerBlockedMs / n)}}},
        {QStringLiteral("worker_ms_per_face"), QJsonObject{{QStringLiteral("landmarks"), r(t.pipeline.landmarksMs / f)},
                                                           {QStringLiteral("align"), r(t.pipeline.alignMs / f)},
                                                           {QStringLiteral("quality"), r(t.pipeline.qualityMs / f)},
                                                           {QStringLiteral("descriptor"), r(t.pipeline.descriptorMs / f)}}},
        {QStringLiteral("writer_ms_per_file"), QJsonObject{{QStringLiteral("subjects"), r(t.subjectsMs / n)},
                                                           {QStringLiteral("images"), r(t.imagesMs / n)},
                                                           {QStringLiteral("items"), r(t.itemsMs / n)},
                                                           {QStringLiteral("idle"), r(t.writerWaitMs / n)}}},
        {QStringLiteral("faces"), t.pipeline.faces},
        {QStringLiteral("batches"), t.batches},
        {QStringLiteral("workers"), t.workers},
    };
}

void printTimings(const EnrollmentTimings& t, qint64 files) {
    const double n = double(std::max<qint64>(1, files));
    const double f = double(std::max(1, t.pipeline.faces));
    printLine(QStringLiteral("  reader, ms/file:  read %1, hash %2, db lookups %3, blocked on full queue %4")
                  .arg(t.readMs / n, 0, 'f', 3).arg(t.hashMs / n, 0, 'f', 3)
                  .arg(t.lookupMs / n, 0, 'f', 3).arg(t.readerBlockedMs / n, 0, 'f', 2));
    printLine(QStringLiteral("  workers, ms/file (summed over %1 threads): decode %2, detect %3; waiting for input %4, blocked on writer %5")
                  .arg(t.workers).arg(t.pipeline.decodeMs / n, 0, 'f', 2).arg(t.pipeline.detectMs / n, 0, 'f', 2)
                  .arg(t.workerWaitMs / n, 0, 'f', 2).arg(t.workerBlockedMs / n, 0, 'f', 2));
    printLine(QStringLiteral("  workers, ms/face (%1 faces): landmarks %2, align %3, quality %4, descriptor %5")
                  .arg(t.pipeline.faces).arg(t.pipeline.landmarksMs / f, 0, 'f', 2).arg(t.pipeline.alignMs / f, 0, 'f', 2)
                  .arg(t.pipeline.qualityMs / f, 0, 'f', 2).arg(t.pipeline.descriptorMs / f, 0, 'f', 2));
    printLine(QStringLiteral("  writer, ms/file (%1 batches): subjects %2, images+faces %3, items %4; idle %5")
                  .arg(t.batches).arg(t.subjectsMs / n, 0, 'f', 3).arg(t.imagesMs / n, 0, 'f', 3)
                  .arg(t.itemsMs / n, 0, 'f', 3).arg(t.writerWaitMs / n, 0, 'f', 2));
}

// The first `limit` files of `folder`, as symbolic links in `into` (same sub-folders).
Result<void> linkFirstFiles(const QString& folder, int limit, const QString& into) {
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext()) paths << it.next();
    paths.sort();
    const QDir root(folder);
    for (const QString& path : paths.mid(0, limit)) {
        const QString link = QDir(into).filePath(root.relativeFilePath(path));
        QDir().mkpath(QFileInfo(link).absolutePath());
        if (!QFile::link(path, link)) {
            return Error::invalidInput(QStringLiteral("%1: cannot create a link for the benchmark").arg(link));
        }
    }
    return {};
}
}  // namespace

int runBenchEnroll(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Time a real enrollment of a folder (subjects from sub-folders) into a fresh temporary "
        "workspace: images/s, time per stage, memory; then a re-run, where every photo is a "
        "duplicate."));
    parser.addOption({QStringLiteral("folder"), QStringLiteral("Photos to enroll."), QStringLiteral("dir")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("Only the first N files (sorted by path)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("Workers (default: one per core)."),
                      QStringLiteral("n"), QString::number(BatchAnalyzer::defaultThreadCount())});
    parser.addOption({QStringLiteral("min-face"), QStringLiteral("Smallest face, px (default 80)."),
                      QStringLiteral("px"), QStringLiteral("80")});
    parser.addOption({QStringLiteral("descriptor-mode"), QStringLiteral("flip (default) or plain."),
                      QStringLiteral("mode"), QStringLiteral("flip")});
    parser.addOption({QStringLiteral("workspace"), QStringLiteral("Use this workspace instead of a temporary one."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("cancel-after"),
                      QStringLiteral("Then enroll the photos once more into a new gallery, cancel once N files are "
                                     "committed, and time how soon the run stops."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout.")});
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const QString folder = parser.value(QStringLiteral("folder"));
    if (folder.isEmpty()) {
        printError(QStringLiteral("bench enroll needs --folder DIR"));
        return kExitUsage;
    }
    const auto threads = positiveIntOption(parser, QStringLiteral("threads"));
    const auto minFace = positiveIntOption(parser, QStringLiteral("min-face"));
    std::optional<int> limit;
    if (parser.isSet(QStringLiteral("limit"))) {
        limit = positiveIntOption(parser, QStringLiteral("limit"));
        if (!limit) return kExitUsage;
    }
    std::optional<int> cancelAfter;
    if (parser.isSet(QStringLiteral("cancel-after"))) {
        cancelAfter = positiveIntOption(parser, QStringLiteral("cancel-after"));
        if (!cancelAfter) return kExitUsage;
    }
    const QString mode = parser.value(QStringLiteral("descriptor-mode"));
    if (!threads || !minFace || (mode != QLatin1String("flip") && mode != QLatin1String("plain"))) {
        if (threads && minFace) printError(QStringLiteral("--descriptor-mode is plain or flip"));
        return kExitUsage;
    }

    QTemporaryDir temporary;
    if (!temporary.isValid()) {
        printError(QStringLiteral("cannot create a temporary folder: %1").arg(temporary.errorString()));
        return kExitInternal;
    }
    QString photos = folder;
    if (limit) {
        photos = QDir(temporary.path()).filePath(QStringLiteral("photos"));
        if (auto linked = linkFirstFiles(folder, *limit, photos); !linked) {
            printError(linked.errorMessage());
            return exitCodeFor(linked.error());
        }
    }
    const QString workspacePath = parser.isSet(QStringLiteral("workspace"))
                                      ? parser.value(QStringLiteral("workspace"))
                                      : QDir(temporary.path()).filePath(QStringLiteral("workspace"));
    auto location = WorkspaceLocation::parse(workspacePath);
    if (!location) {
        printError(location.errorMessage());
        return exitCodeFor(location.error());
    }
    auto workspace = openWorkspaceAt(*location);
    if (!workspace) {
        printError(workspace.errorMessage());
        return exitCodeFor(workspace.error());
    }
    auto source = FolderEnrollmentSource::create(photos, FolderEnrollmentSource::SubjectRule::Folder);
    if (!source) {
        printError(source.errorMessage());
        return exitCodeFor(source.error());
    }
    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());

    EnrollmentOptions options;
    options.gallery = QStringLiteral("bench");
    options.threads = *threads;
    options.pipeline.detection.minFaceSize = *minFace;
    options.pipeline.descriptorMode = mode == QLatin1String("plain") ? DescriptorMode::Plain : DescriptorMode::FlipAveraged;
    const double rssBefore = ProcessStats::residentMb();
    const std::stop_token cancel = InterruptHandler::stopToken();
    Enrollment enrollment(std::make_shared<PipelinePool>(*models), *workspace, options);

    std::vector<Sample> samples;
    int nextDecile = 1;
    const double cpuBefore = ProcessStats::cpuSeconds();
    auto first = enrollment.run(**source, cancel, [&](const EnrollmentProgress& p) {
        if (p.total <= 0) return;
        while (nextDecile <= 10 && p.done * 10 >= p.total * nextDecile) {
            samples.push_back({nextDecile / 10.0, ProcessStats::residentMb()});
            ++nextDecile;
        }
    });
    if (!first) {
        printError(first.errorMessage());
        return exitCodeFor(first.error());
    }
    const double cpuSeconds = ProcessStats::cpuSeconds() - cpuBefore;
    // Re-run: a completed job, so a new one in which every file is a known SHA-256.
    auto again = enrollment.run(**source, cancel);
    if (!again) {
        printError(again.errorMessage());
        return exitCodeFor(again.error());
    }
    const qint64 files = first->progress.processed;
    const double peak = ProcessStats::peakResidentMb();
    std::optional<CancelMeasure> cancelMeasure;
    if (cancelAfter) {
        EnrollmentOptions cancelOptions = options;
        cancelOptions.gallery = QStringLiteral("bench-cancel");
        Enrollment cancelling(std::make_shared<PipelinePool>(*models), *workspace, cancelOptions);
        std::stop_source stop;
        CancelMeasure m;
        QElapsedTimer sinceCancel;
        auto run = cancelling.run(**source, stop.get_token(), [&](const EnrollmentProgress& p) {
            if (stop.stop_requested()) return;
            if (p.done >= *cancelAfter || cancel.stop_requested()) {
                m.cancelled = true;
                m.doneAtCancel = p.done;
                sinceCancel.start();
                stop.request_stop();
            }
        });
        if (!run) {
            printError(run.errorMessage());
            return exitCodeFor(run.error());
        }
        m.stopMs = sinceCancel.isValid() ? double(sinceCancel.nsecsElapsed()) / 1e6 : 0;
        m.doneAtStop = run->progress.done;
        cancelMeasure = m;
    }
    // What the run would reach with the cores to itself: on a shared machine the wall-clock
    // rate only says how busy the neighbours were.
    const double cpuMsPerImage = 1000.0 * cpuSeconds / double(std::max<qint64>(1, files));
    const double cpuBoundRate = cpuMsPerImage > 0 ? 1000.0 * *threads / cpuMsPerImage : 0;

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray rss;
        for (const Sample& s : samples) {
            rss.append(QJsonObject{{QStringLiteral("done_fraction"), s.fraction}, {QStringLiteral("rss_mb"), s.rssMb}});
        }
        printJson(QJsonObject{
            {QStringLiteral("files"), files},
            {QStringLiteral("threads"), *threads},
            {QStringLiteral("min_face_px"), *minFace},
            {QStringLiteral("descriptor_mode"), mode},
            {QStringLiteral("images_per_second"), first->progress.imagesPerSecond},
            {QStringLiteral("pipeline_seconds"), first->progress.elapsedSeconds},
            {QStringLiteral("wall_seconds"), first->wallSeconds},
            {QStringLiteral("cpu_ms_per_image"), cpuMsPerImage},
            {QStringLiteral("cpu_bound_images_per_second"), cpuBoundRate},
            {QStringLiteral("enrolled"), first->job.count(EnrollmentItem::Status::Ok) +
                                             first->job.count(EnrollmentItem::Status::SeveralFaces)},
            {QStringLiteral("problems"), first->job.problemCount()},
            {QStringLiteral("timings"), timingsJson(first->timings, files)},
            {QStringLiteral("rerun_files_per_second"), again->progress.imagesPerSecond},
            {QStringLiteral("rerun_seconds"), again->progress.elapsedSeconds},
            {QStringLiteral("rerun_duplicates"), again->job.count(EnrollmentItem::Status::Duplicate)},
            {QStringLiteral("rss_mb_before"), rssBefore},
            {QStringLiteral("rss_mb"), rss},
            {QStringLiteral("peak_rss_mb"), peak},
            {QStringLiteral("cancel"), cancelMeasure ? QJsonValue(QJsonObject{
                                           {QStringLiteral("after_files"), *cancelAfter},
                                           {QStringLiteral("cancelled"), cancelMeasure->cancelled},
                                           {QStringLiteral("done_at_cancel"), cancelMeasure->doneAtCancel},
                                           {QStringLiteral("done_at_stop"), cancelMeasure->doneAtStop},
                                           {QStringLiteral("cancel_to_stopped_ms"), cancelMeasure->stopMs}})
                                     : QJsonValue()},
        });
        return kExitOk;
    }
    printLine(QStringLiteral("Enrolled %1 files (%2 enrolled, %3 problems) with %4 workers in %5 s: %6 images/s "
                             "(min face %7 px, %8 descriptors)")
                  .arg(files)
                  .arg(first->job.count(EnrollmentItem::Status::Ok) + first->job.count(EnrollmentItem::Status::SeveralFaces))
                  .arg(first->job.problemCount())
                  .arg(*threads)
                  .arg(first->progress.elapsedSeconds, 0, 'f', 2)
                  .arg(first->progress.imagesPerSecond, 0, 'f', 1)
                  .arg(*minFace)
                  .arg(mode));
    printLine(QStringLiteral("  CPU: %1 ms per image (all threads, model set-up included) -> %2 images/s if the %3 "
                             "workers had %3 cores to themselves")
                  .arg(cpuMsPerImage, 0, 'f', 1).arg(cpuBoundRate, 0, 'f', 1).arg(*threads));
    printTimings(first->timings, files);
    QStringList rss;
    for (const Sample& s : samples) rss << QStringLiteral("%1%: %2").arg(int(s.fraction * 100)).arg(s.rssMb, 0, 'f', 0);
    printLine(QStringLiteral("  RSS MB: before %1; %2; peak %3").arg(rssBefore, 0, 'f', 0).arg(rss.join(QStringLiteral(", "))).arg(peak, 0, 'f', 0));
    printLine(QStringLiteral("Re-run (every file already enrolled): %1 files in %2 s = %3 files/s, %4 duplicates")
                  .arg(again->progress.processed)
                  .arg(again->progress.elapsedSeconds, 0, 'f', 2)
                  .arg(again->progress.imagesPerSecond, 0, 'f', 0)
                  .arg(again->job.count(EnrollmentItem::Status::Duplicate)));
    if (cancelMeasure && cancelMeasure->cancelled) {
        printLine(QStringLiteral("Cancel after %1 files committed: stopped %2 ms later, with %3 files committed "
                                 "(%4 more, the photos in flight)")
                      .arg(cancelMeasure->doneAtCancel)
                      .arg(cancelMeasure->stopMs, 0, 'f', 0)
                      .arg(cancelMeasure->doneAtStop)
                      .arg(cancelMeasure->doneAtStop - cancelMeasure->doneAtCancel));
    } else if (cancelMeasure) {
        printLine(QStringLiteral("Cancel: the run ended with %1 files, before reaching --cancel-after %2")
                      .arg(cancelMeasure->doneAtStop)
                      .arg(*cancelAfter));
    }
    return kExitOk;
}

}  // namespace facecase::cli
