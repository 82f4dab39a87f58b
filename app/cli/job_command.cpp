#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/enrollment_report.h"
#include "cli/workspace_args.h"
#include "services/enrollment/enrollment_jobs.h"
#include "types/display_time.h"

#include <QJsonArray>

namespace facecase::cli {

namespace {
std::optional<int> openDatabase(const QCommandLineParser& parser, std::optional<Workspace>& workspace,
                                std::optional<DatabaseConnection>& connection) {
    auto opened = openWorkspace(parser);
    if (!opened) return exitCodeFor(opened.error());
    workspace.emplace(std::move(opened).value());
    auto c = workspace->openConnection();
    if (!c) {
        printError(c.errorMessage());
        return exitCodeFor(c.error());
    }
    connection.emplace(std::move(c).value());
    return std::nullopt;
}

int runList(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Enrollment jobs, newest first, with their item counts."));
    parser.addOption({QStringLiteral("gallery"), QStringLiteral("Only this gallery's jobs."), QStringLiteral("name")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    std::optional<Workspace> workspace;
    std::optional<DatabaseConnection> connection;
    if (auto exit = openDatabase(parser, workspace, connection)) return *exit;

    std::optional<QString> gallery;
    if (parser.isSet(QStringLiteral("gallery"))) gallery = parser.value(QStringLiteral("gallery"));
    auto jobs = EnrollmentJobs(*connection).list(gallery);
    if (!jobs) {
        printError(jobs.errorMessage());
        return exitCodeFor(jobs.error());
    }
    const auto active = [&](const EnrollmentJob& job) { return EnrollmentJobs::isActive(*workspace, job); };
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const EnrollmentJob& job : *jobs) array.append(EnrollmentReport::jobJson(job, active(job)));
        printJson(QJsonObject{{QStringLiteral("jobs"), array}});
        return kExitOk;
    }
    if (jobs->empty()) {
        printLine(QStringLiteral("No enrollment jobs yet."));
        return kExitOk;
    }
    for (const EnrollmentJob& job : *jobs) {
        printLine(QStringLiteral("%1  %2  gallery \"%3\"  %4  started %5 by %6")
                      .arg(job.id)
                      .arg(EnrollmentReport::statusText(job, active(job)), job.galleryName, job.source,
                           displayTime(job.startedAt), job.actor));
        printLine(QStringLiteral("    %1 files: %2").arg(job.itemCount()).arg(EnrollmentReport::countsText(job)));
    }
    return kExitOk;
}

int runReport(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The per-file report of an enrollment job: every file that was not enrolled cleanly "
        "(no_face, several_faces, unreadable, failed), grouped by status, with its reason."));
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("Job id (facecase-cli job list)."), QStringLiteral("ID"));
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    parser.addOption({QStringLiteral("include-duplicates"), QStringLiteral("List duplicates too.")});
    parser.addOption({QStringLiteral("all"), QStringLiteral("List every file, enrolled ones included.")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const QStringList ids = parser.positionalArguments();
    bool ok = false;
    const qint64 id = ids.size() == 1 ? ids[0].toLongLong(&ok) : 0;
    if (!ok || id < 1) {
        printError(QStringLiteral("job report needs one job ID (a number; facecase-cli job list shows them)"));
        return kExitUsage;
    }
    std::optional<Workspace> workspace;
    std::optional<DatabaseConnection> connection;
    if (auto exit = openDatabase(parser, workspace, connection)) return *exit;
    const EnrollmentJobs jobs(*connection);
    auto job = jobs.find(id);
    if (!job) {
        printError(job.errorMessage());
        return exitCodeFor(job.error());
    }
    const auto which = parser.isSet(QStringLiteral("all"))                  ? EnrollmentJobs::Items::All
                       : parser.isSet(QStringLiteral("include-duplicates")) ? EnrollmentJobs::Items::ProblemsAndDuplicates
                                                                            : EnrollmentJobs::Items::Problems;
    auto items = jobs.items(id, which);
    if (!items) {
        printError(items.errorMessage());
        return exitCodeFor(items.error());
    }
    const bool active = EnrollmentJobs::isActive(*workspace, *job);
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("job"), EnrollmentReport::jobJson(*job, active)},
                              {QStringLiteral("items"), EnrollmentReport::groupedJson(*items)}});
        return kExitOk;
    }
    printLine(QStringLiteral("Job %1 (%2): %3 files from %4 into gallery \"%5\"")
                  .arg(job->id)
                  .arg(EnrollmentReport::statusText(*job, active))
                  .arg(job->itemCount())
                  .arg(job->source, job->galleryName));
    printLine(QStringLiteral("  %1").arg(EnrollmentReport::countsText(*job)));
    if (items->empty()) {
        printLine(QStringLiteral("No problems."));
    } else {
        EnrollmentReport::printProblems(*items, 0, job->id);
    }
    return kExitOk;
}
}  // namespace

int runJob(const QStringList& args) {
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QLatin1String("list")) return runList(args.mid(1));
    if (what == QLatin1String("report")) return runReport(args.mid(1));
    printError(QStringLiteral("job what? list, or report ID"));
    return kExitUsage;
}

}  // namespace facecase::cli
