// `facecase-cli workspace copy --from DIR --to postgresql://…`: moves a single analyst's
// workspace folder into an empty agency database (WorkspaceCopy), printing each table as it
// goes. Run by the agency database's owner; the folder is left as it was.
#include <QJsonArray>
#include <QJsonObject>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/admin/workspace_copy.h"

namespace facecase::cli {

namespace {
int fail(const Error& error) {
    printError(error.message);
    return exitCodeFor(error);
}

int runCopy(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Copy a workspace folder into an empty agency database: every row with its id, the audit "
        "chain verified and continued, the evidence checked into the database."));
    parser.addOption({QStringLiteral("from"), QStringLiteral("The workspace folder."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("to"),
                      QStringLiteral("The agency database, postgresql://[USER@]HOST[:PORT]/DB."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout.")});
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (!parser.isSet(QStringLiteral("from")) || !parser.isSet(QStringLiteral("to"))) {
        printError(QStringLiteral("workspace copy needs --from DIR and --to postgresql://…"));
        return kExitUsage;
    }
    auto from = WorkspaceLocation::parse(parser.value(QStringLiteral("from")));
    if (!from) return fail(from.error());
    if (from->isPostgres()) {
        printError(QStringLiteral("--from names a workspace folder, not a database"));
        return kExitUsage;
    }
    auto to = WorkspaceLocation::parse(parser.value(QStringLiteral("to")));
    if (!to) return fail(to.error());
    if (!to->isPostgres()) {
        printError(QStringLiteral("--to names an agency database, postgresql://…"));
        return kExitUsage;
    }
    auto source = openWorkspaceAt(*from);
    if (!source) return fail(source.error());
    auto target = openWorkspaceAt(*to);
    if (!target) return fail(target.error());
    const bool json = parser.isSet(QStringLiteral("json"));
    auto report = WorkspaceCopy::copy(*source, *target, [json](const QString& what, qint64 n) {
        if (!json && !what.contains(QLatin1Char('/'))) {
            printLine(QStringLiteral("copying %1 (%2 rows)").arg(what).arg(n));
        }
    });
    if (!report) return fail(report.error());
    if (json) {
        QJsonObject rows;
        for (const auto& [table, count] : report->tables) rows.insert(table, count);
        printJson(QJsonObject{{QStringLiteral("rows"), rows},
                              {QStringLiteral("evidence_files"), report->evidenceFiles},
                              {QStringLiteral("evidence_bytes"), report->evidenceBytes},
                              {QStringLiteral("source_head_seq"), report->sourceHeadSeq},
                              {QStringLiteral("audit_seq"), report->copied.seq}});
    } else {
        printLine(QStringLiteral("Copied %1 into %2: %3 evidence files; the audit chain continues "
                                 "with record %4 (workspace_copied).")
                      .arg(source->folder(), target->databasePath())
                      .arg(report->evidenceFiles)
                      .arg(report->copied.seq));
    }
    return kExitOk;
}
}  // namespace

int runWorkspace(const QStringList& args) {
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QLatin1String("copy")) return runCopy(args.mid(1));
    printError(QStringLiteral("workspace what? copy --from DIR --to postgresql://…"));
    return kExitUsage;
}

}  // namespace facecase::cli
