// `facecase-cli case create | list | close | reopen`: cases from scripts. Each change writes its
// audit record (case_created, case_closed, case_reopened) in the same transaction; the actor is
// the OS user running the command.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/enrollment_options.h"
#include "store/case_repository.h"

#include <QJsonArray>

namespace facecase::cli {

namespace {
QJsonValue timeJson(const QDateTime& time) {
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject caseJson(const CaseRecord& c) {
    return QJsonObject{
        {QStringLiteral("id"), c.id},
        {QStringLiteral("number"), c.caseNumber},
        {QStringLiteral("title"), c.title},
        {QStringLiteral("purpose"), c.purpose},
        {QStringLiteral("analyst"), c.analyst},
        {QStringLiteral("status"), CaseRecord::statusName(c.status)},
        {QStringLiteral("opened_at"), timeJson(c.openedAt)},
        {QStringLiteral("closed_at"), timeJson(c.closedAt)},
        {QStringLiteral("last_activity"), timeJson(c.lastActivity)},
    };
}

QString shortTime(const QDateTime& time) {
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                          : QStringLiteral("-");
}

struct CaseArgs {
    QCommandLineParser parser;
    std::optional<Workspace> workspace;
    std::optional<DatabaseConnection> connection;
};

void prepare(CaseArgs& a, const QString& description) {
    a.parser.setApplicationDescription(description);
    a.parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(a.parser);
}

std::optional<int> open(CaseArgs& a) {
    auto workspace = openWorkspace(a.parser);
    if (!workspace) return exitCodeFor(workspace.error());
    a.workspace.emplace(std::move(workspace).value());
    auto connection = a.workspace->openConnection();
    if (!connection) {
        printError(connection.errorMessage());
        return exitCodeFor(connection.error());
    }
    a.connection.emplace(std::move(connection).value());
    return std::nullopt;
}

int fail(const Error& error) {
    printError(error.message);
    return exitCodeFor(error);
}

int runCreate(const QStringList& args) {
    CaseArgs a;
    prepare(a, QStringLiteral("Open a case. The number must be new (ignoring ASCII case); the "
                              "purpose / legal basis is required and recorded in the audit log."));
    a.parser.addOption({QStringLiteral("number"), QStringLiteral("Case number (required)."), QStringLiteral("N")});
    a.parser.addOption({QStringLiteral("purpose"), QStringLiteral("Purpose / legal basis (required)."), QStringLiteral("text")});
    a.parser.addOption({QStringLiteral("title"), QStringLiteral("Title."), QStringLiteral("text")});
    a.parser.addOption({QStringLiteral("analyst"), QStringLiteral("Analyst responsible (default: the OS user)."),
                        QStringLiteral("name")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (!a.parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("case create takes options only, e.g. --number 2024-17 --purpose \"...\""));
        return kExitUsage;
    }
    for (const char* required : {"number", "purpose"}) {
        if (a.parser.value(QLatin1String(required)).trimmed().isEmpty()) {
            printError(QStringLiteral("case create needs --%1").arg(QLatin1String(required)));
            return kExitUsage;
        }
    }
    if (auto exit = open(a)) return *exit;
    CaseRecord draft;
    draft.caseNumber = a.parser.value(QStringLiteral("number"));
    draft.purpose = a.parser.value(QStringLiteral("purpose"));
    draft.title = a.parser.value(QStringLiteral("title"));
    draft.analyst = a.parser.value(QStringLiteral("analyst"));
    auto created = CaseRepository(*a.connection).create(draft, EnrollmentOptions::currentUser());
    if (!created) return fail(created.error());
    if (a.parser.isSet(QStringLiteral("json"))) {
        printJson(caseJson(*created));
    } else {
        printLine(QStringLiteral("Opened case %1 (id %2) for %3.").arg(created->caseNumber).arg(created->id).arg(created->analyst));
    }
    return kExitOk;
}

int runList(const QStringList& args) {
    CaseArgs a;
    prepare(a, QStringLiteral("List the workspace's cases, most recent activity first."));
    a.parser.addOption({QStringLiteral("status"), QStringLiteral("Only cases with this status: open, closed or archived."),
                        QStringLiteral("status")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (!a.parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("case list takes no arguments"));
        return kExitUsage;
    }
    std::optional<CaseRecord::Status> status;
    if (a.parser.isSet(QStringLiteral("status"))) {
        status = CaseRecord::statusFromName(a.parser.value(QStringLiteral("status")));
        if (!status) {
            printError(QStringLiteral("--status takes open, closed or archived, not \"%1\"")
                           .arg(a.parser.value(QStringLiteral("status"))));
            return kExitUsage;
        }
    }
    if (auto exit = open(a)) return *exit;
    auto cases = CaseRepository(*a.connection).list();
    if (!cases) return fail(cases.error());
    std::vector<CaseRecord> shown;
    for (const CaseRecord& c : *cases) {
        if (!status || c.status == *status) shown.push_back(c);
    }
    if (a.parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const CaseRecord& c : shown) array.append(caseJson(c));
        printJson(QJsonObject{{QStringLiteral("workspace"), a.workspace->folder()},
                              {QStringLiteral("cases"), array}});
        return kExitOk;
    }
    if (shown.empty()) {
        printLine(cases->empty()
                      ? QStringLiteral("No cases in %1 yet (facecase-cli case create --number N --purpose P opens one).")
                            .arg(a.workspace->folder())
                      : QStringLiteral("No %1 cases in %2.").arg(a.parser.value(QStringLiteral("status")), a.workspace->folder()));
        return kExitOk;
    }
    printLine(QStringLiteral("Cases in %1:").arg(a.workspace->folder()));
    for (const CaseRecord& c : shown) {
        printLine(QStringLiteral("  %1  %2  %3  analyst %4  opened %5  last activity %6")
                      .arg(c.caseNumber, CaseRecord::statusName(c.status),
                           c.title.isEmpty() ? QStringLiteral("(no title)") : QStringLiteral("\"%1\"").arg(c.title),
                           c.analyst, shortTime(c.openedAt), shortTime(c.lastActivity)));
        printLine(QStringLiteral("      purpose: %1").arg(c.purpose.simplified()));
    }
    return kExitOk;
}

int runChange(const QStringList& args, bool closing) {
    CaseArgs a;
    prepare(a, closing ? QStringLiteral("Close an open case (recorded in the audit log).")
                       : QStringLiteral("Reopen a closed case (recorded in the audit log)."));
    a.parser.addPositionalArgument(QStringLiteral("number"), QStringLiteral("Case number."), QStringLiteral("N"));
    a.parser.addOption({QStringLiteral("reason"), QStringLiteral("Why, for the audit record."), QStringLiteral("text")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    const QStringList numbers = a.parser.positionalArguments();
    if (numbers.size() != 1 || numbers[0].trimmed().isEmpty()) {
        printError(QStringLiteral("case %1 needs exactly one case NUMBER").arg(closing ? QStringLiteral("close") : QStringLiteral("reopen")));
        return kExitUsage;
    }
    if (auto exit = open(a)) return *exit;
    CaseRepository cases(*a.connection);
    auto found = cases.findByNumber(numbers[0]);
    if (!found) return fail(found.error());
    const QString actor = EnrollmentOptions::currentUser();
    const QString reason = a.parser.value(QStringLiteral("reason"));
    auto changed = closing ? cases.close(found->id, actor, reason) : cases.reopen(found->id, actor, reason);
    if (!changed) return fail(changed.error());
    if (a.parser.isSet(QStringLiteral("json"))) {
        printJson(caseJson(*changed));
    } else {
        printLine(QStringLiteral("%1 case %2.").arg(closing ? QStringLiteral("Closed") : QStringLiteral("Reopened"), changed->caseNumber));
    }
    return kExitOk;
}
}  // namespace

int runCase(const QStringList& args) {
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QLatin1String("create")) return runCreate(args.mid(1));
    if (what == QLatin1String("list")) return runList(args.mid(1));
    if (what == QLatin1String("close")) return runChange(args.mid(1), true);
    if (what == QLatin1String("reopen")) return runChange(args.mid(1), false);
    if (what == QLatin1String("show")) return runCaseShow(args.mid(1));
    if (what == QLatin1String("export")) return runCaseExport(args.mid(1));
    if (what == QLatin1String("verify-export")) return runCaseVerifyExport(args.mid(1));
    printError(QStringLiteral("case what? create --number N --purpose P, list, show N, close N, reopen N, "
                              "export N --out DIR|FILE.zip or verify-export PATH"));
    return kExitUsage;
}

}  // namespace facecase::cli
