#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/enrollment_progress_printer.h"
#include "cli/enrollment_report.h"
#include "cli/interrupt_handler.h"
#include "cli/process_stats.h"
#include "cli/workspace_args.h"
#include "services/pipeline/batch_analyzer.h"
#include "services/enrollment/enrollment.h"
#include "services/enrollment/enrollment_jobs.h"
#include "services/enrollment/gallery_catalog.h"
#include "services/pipeline/face_json.h"
#include "services/enrollment/folder_enrollment_source.h"
#include "services/enrollment/manifest_enrollment_source.h"

#include <QJsonArray>

namespace facecase::cli {

namespace {
void addEnrollOptions(QCommandLineParser& parser) {
    const EnrollmentOptions defaults;
    parser.addOption({QStringLiteral("gallery"),
                      QStringLiteral("Gallery to enroll into (created if it does not exist)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("folder"),
                      QStringLiteral("Enroll every file under this folder, recursively."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("manifest"),
                      QStringLiteral("Enroll the photos a CSV manifest lists (columns: path, "
                                     "subject_id, name, any others as subject attributes)."),
                      QStringLiteral("file.csv")});
    parser.addOption({QStringLiteral("subject-from"),
                      QStringLiteral("Folder mode: the subject of a photo is its first-level "
                                     "sub-folder (folder, the default), a capture group of a "
                                     "pattern on the file name (filename-pattern REGEX), or none."),
                      QStringLiteral("rule"), QStringLiteral("folder")});
    parser.addOption({QStringLiteral("subject-pattern"),
                      QStringLiteral("The REGEX of --subject-from filename-pattern; its first "
                                     "capture group names the subject, e.g. \"^([0-9]+)_\"."),
                      QStringLiteral("regex")});
    parser.addOption({QStringLiteral("several-faces"),
                      QStringLiteral("When a photo shows several faces: enroll-largest (default; "
                                     "the item is flagged several_faces) or skip."),
                      QStringLiteral("policy"), EnrollmentOptions::policyName(defaults.severalFaces)});
    parser.addOption({QStringLiteral("threads"),
                      QStringLiteral("Detect/align/embed workers (default: one per core, %1).")
                          .arg(BatchAnalyzer::defaultThreadCount()),
                      QStringLiteral("n"), QString::number(BatchAnalyzer::defaultThreadCount())});
    parser.addOption({QStringLiteral("min-face"),
                      QStringLiteral("Smallest face to find, in pixels (default %1 for booking "
                                     "photos; 40 finds smaller faces ~4x slower).")
                          .arg(defaults.pipeline.detection.minFaceSize),
                      QStringLiteral("px"), QString::number(defaults.pipeline.detection.minFaceSize)});
    parser.addOption({QStringLiteral("descriptor-mode"),
                      QStringLiteral("flip (default: mean of the face and its mirror image) or "
                                     "plain (half the network time). A gallery holds one mode."),
                      QStringLiteral("mode"), QStringLiteral("flip")});
    parser.addOption({QStringLiteral("batch-size"),
                      QStringLiteral("Items per database commit (default %1; a crash loses at "
                                     "most one batch).")
                          .arg(defaults.batchSize),
                      QStringLiteral("n"), QString::number(defaults.batchSize)});
    addWorkspaceOption(parser);
}

// Fills `options` and makes the source from the parsed arguments; prints what is wrong.
std::optional<int> readEnrollArguments(const QCommandLineParser& parser, EnrollmentOptions& options,
                                       std::unique_ptr<EnrollmentSource>& source) {
    options.gallery = parser.value(QStringLiteral("gallery")).trimmed();
    if (options.gallery.isEmpty()) {
        printError(QStringLiteral("enroll needs --gallery NAME"));
        return kExitUsage;
    }
    const bool folderMode = parser.isSet(QStringLiteral("folder"));
    if (folderMode == parser.isSet(QStringLiteral("manifest"))) {
        printError(QStringLiteral("enroll needs exactly one of --folder DIR or --manifest FILE.csv"));
        return kExitUsage;
    }
    const auto threads = positiveIntOption(parser, QStringLiteral("threads"));
    const auto minFace = positiveIntOption(parser, QStringLiteral("min-face"));
    const auto batchSize = positiveIntOption(parser, QStringLiteral("batch-size"));
    if (!threads || !minFace || !batchSize) return kExitUsage;
    options.threads = *threads;
    options.pipeline.detection.minFaceSize = *minFace;
    options.batchSize = *batchSize;
    const QString mode = parser.value(QStringLiteral("descriptor-mode"));
    if (mode == QLatin1String("plain")) {
        options.pipeline.descriptorMode = DescriptorMode::Plain;
    } else if (mode == QLatin1String("flip")) {
        options.pipeline.descriptorMode = DescriptorMode::FlipAveraged;
    } else {
        printError(QStringLiteral("--descriptor-mode is plain or flip, not \"%1\"").arg(mode));
        return kExitUsage;
    }
    const auto policy = EnrollmentOptions::policyFromName(parser.value(QStringLiteral("several-faces")));
    if (!policy) {
        printError(QStringLiteral("--several-faces is enroll-largest or skip, not \"%1\"")
                       .arg(parser.value(QStringLiteral("several-faces"))));
        return kExitUsage;
    }
    options.severalFaces = *policy;

    QStringList positional = parser.positionalArguments();
    if (!folderMode) {
        if (!positional.isEmpty() || parser.isSet(QStringLiteral("subject-pattern"))) {
            printError(QStringLiteral("--manifest takes its subjects from the manifest's subject_id "
                                      "and name columns; unexpected \"%1\"")
                           .arg(positional.isEmpty() ? QStringLiteral("--subject-pattern") : positional.first()));
            return kExitUsage;
        }
        auto manifest = ManifestEnrollmentSource::create(parser.value(QStringLiteral("manifest")));
        if (!manifest) {
            printError(manifest.errorMessage());
            return batchExitCodeFor(manifest.error());
        }
        source = std::move(manifest).value();
        return std::nullopt;
    }

    const QString rule = parser.value(QStringLiteral("subject-from"));
    auto subjectRule = FolderEnrollmentSource::SubjectRule::Folder;
    QString pattern = parser.value(QStringLiteral("subject-pattern"));
    if (rule == QLatin1String("folder")) {
        subjectRule = FolderEnrollmentSource::SubjectRule::Folder;
    } else if (rule == QLatin1String("none")) {
        subjectRule = FolderEnrollmentSource::SubjectRule::None;
    } else if (rule == QLatin1String("filename-pattern")) {
        subjectRule = FolderEnrollmentSource::SubjectRule::FileNamePattern;
        // "--subject-from filename-pattern REGEX": the REGEX arrives as the one positional.
        if (pattern.isEmpty() && positional.size() == 1) pattern = positional.takeFirst();
        if (pattern.isEmpty()) {
            printError(QStringLiteral("--subject-from filename-pattern needs a REGEX with a capture "
                                      "group, e.g. --subject-from filename-pattern '^([0-9]+)_'"));
            return kExitUsage;
        }
    } else {
        printError(QStringLiteral("--subject-from is folder, filename-pattern REGEX or none, not \"%1\"").arg(rule));
        return kExitUsage;
    }
    if (!positional.isEmpty()) {
        printError(QStringLiteral("unexpected argument \"%1\"").arg(positional.first()));
        return kExitUsage;
    }
    if (subjectRule != FolderEnrollmentSource::SubjectRule::FileNamePattern && !pattern.isEmpty()) {
        printError(QStringLiteral("--subject-pattern needs --subject-from filename-pattern"));
        return kExitUsage;
    }
    auto folder = FolderEnrollmentSource::create(parser.value(QStringLiteral("folder")), subjectRule, pattern);
    if (!folder) {
        printError(folder.errorMessage());
        return batchExitCodeFor(folder.error());
    }
    source = std::move(folder).value();
    return std::nullopt;
}

QJsonObject runJson(const EnrollmentSummary& s) {
    QJsonObject byStatus;
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        const auto status = static_cast<EnrollmentItem::Status>(i);
        byStatus.insert(EnrollmentItem::statusName(status), s.progress.count(status));
    }
    return QJsonObject{
        {QStringLiteral("processed"), s.progress.processed},
        {QStringLiteral("resumed"), s.progress.resumed},
        {QStringLiteral("by_status"), byStatus},
        {QStringLiteral("wall_seconds"), s.wallSeconds},
        {QStringLiteral("pipeline_seconds"), s.progress.elapsedSeconds},
        {QStringLiteral("images_per_second"), s.progress.imagesPerSecond},
        {QStringLiteral("peak_rss_mb"), ProcessStats::peakResidentMb()},
    };
}

void printSummary(const EnrollmentSummary& s, const Gallery* gallery) {
    const EnrollmentJob& job = s.job;
    printLine(QStringLiteral("Gallery \"%1\"%2, job %3 %4 (%5): %6 files from %7")
                  .arg(job.galleryName,
                       s.galleryCreated ? QStringLiteral(" (new)") : QString())
                  .arg(job.id)
                  .arg(EnrollmentJob::statusName(job.status),
                       s.resumed ? QStringLiteral("resumed") : QStringLiteral("new job"))
                  .arg(job.itemCount())
                  .arg(job.source));
    printLine(QStringLiteral("  %1").arg(EnrollmentReport::countsText(job)));
    printLine(QStringLiteral("  this run: %1 files in %2 s (%3 images/s)%4")
                  .arg(s.progress.processed)
                  .arg(s.wallSeconds, 0, 'f', 1)
                  .arg(s.progress.imagesPerSecond, 0, 'f', 1)
                  .arg(s.progress.resumed > 0
                           ? QStringLiteral(", %1 already done by an earlier run").arg(s.progress.resumed)
                           : QString()));
    if (gallery) {
        printLine(QStringLiteral("  gallery now holds %1 images, %2 faces")
                      .arg(gallery->imageCount)
                      .arg(gallery->faceCount));
    }
}
}  // namespace

int runEnroll(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Enroll booking photos into a gallery: one face per photo (the largest when there are "
        "several), keyed by SHA-256 so re-runs add only what is new. Interrupted runs (Ctrl-C, "
        "crash, kill) resume when the same command is run again."));
    parser.addPositionalArgument(QStringLiteral("regex"),
                                 QStringLiteral("With --subject-from filename-pattern."),
                                 QStringLiteral("[REGEX]"));
    addEnrollOptions(parser);
    parser.addOption({QStringLiteral("json-progress"),
                      QStringLiteral("JSON lines on stdout: progress ~5 times a second, then a "
                                     "final report (docs/cli.md).")});
    if (auto exit = parseOrExit(parser, args)) return *exit;

    EnrollmentOptions options;
    std::unique_ptr<EnrollmentSource> source;
    if (auto exit = readEnrollArguments(parser, options, source)) return *exit;
    const bool json = parser.isSet(QStringLiteral("json-progress"));

    auto workspace = openWorkspace(parser);
    if (!workspace) return batchExitCodeFor(workspace.error());
    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());

    const std::stop_token cancel = InterruptHandler::stopToken();
    EnrollmentProgressPrinter printer(EnrollmentProgressPrinter::chooseMode(json));
    bool announced = false;
    Enrollment enrollment(std::make_shared<PipelinePool>(*models), *workspace, options);
    auto summary = enrollment.run(*source, cancel, [&](const EnrollmentProgress& p) {
        if (!announced && p.resumedJob && !json) {
            printer.finish();
            printError(QStringLiteral("resuming job %1: files it already recorded are skipped").arg(p.jobId));
            announced = true;
        }
        printer.update(p);
    });
    printer.finish();
    if (!summary) {
        printError(summary.errorMessage());
        if (json) {
            QJsonObject error = FaceJson::error(source->location(), summary.error());
            error.insert(QStringLiteral("event"), QStringLiteral("error"));
            printJson(error);
        }
        return batchExitCodeFor(summary.error());
    }

    auto connection = workspace->openConnection();
    if (!connection) {
        printError(connection.errorMessage());
        return exitCodeFor(connection.error());
    }
    auto problems = EnrollmentJobs(*connection).problems(summary->job.id);
    if (!problems) {
        printError(problems.errorMessage());
        return exitCodeFor(problems.error());
    }
    auto gallery = GalleryCatalog(*connection).findById(summary->job.galleryId);

    const QString resumeHint =
        summary->progress.total < 0
            ? QStringLiteral("cancelled while counting the files; run the same command again to "
                             "resume job %1")
                  .arg(summary->job.id)
            : QStringLiteral("cancelled: %1 of %2 files done; run the same command again to resume job %3")
                  .arg(summary->progress.done)
                  .arg(summary->progress.total)
                  .arg(summary->job.id);
    if (json) {
        printJson(QJsonObject{
            {QStringLiteral("event"), QStringLiteral("finished")},
            {QStringLiteral("job"), EnrollmentReport::jobJson(summary->job, false)},
            {QStringLiteral("gallery_created"), summary->galleryCreated},
            {QStringLiteral("resumed"), summary->resumed},
            {QStringLiteral("cancelled"), summary->cancelled},
            {QStringLiteral("run"), runJson(*summary)},
            {QStringLiteral("gallery_images"), gallery ? gallery->imageCount : -1},
            {QStringLiteral("gallery_faces"), gallery ? gallery->faceCount : -1},
            {QStringLiteral("problems"), EnrollmentReport::groupedJson(*problems)},
        });
    } else {
        printSummary(*summary, gallery ? &gallery.value() : nullptr);
        if (!problems->empty()) {
            printLine(QStringLiteral("Problems (%1):").arg(problems->size()));
            EnrollmentReport::printProblems(*problems, 20, summary->job.id);
        }
    }
    if (summary->cancelled) {
        printError(resumeHint);
        return kExitCancelled;
    }
    return problems->empty() ? kExitOk : kExitInputProblem;
}

}  // namespace facecase::cli
