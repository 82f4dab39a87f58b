// `facecase-cli case create | list | close | reopen | retention`: cases from scripts. Each
// change writes its audit record (case_created, case_closed, case_reopened,
// case_retention_changed) in the same transaction; the actor is the OS user running the command.
#include "cli/case_retention_text.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/casework/case_catalog.h"
#include "types/display_time.h"

#include <QJsonArray>

namespace facecase::cli {

namespace {
// The app's convention (displayTime: "2026-12-07 11:13:22 UTC"), "-" for none.
QString shortTime(const QDateTime& time) {
    return time.isValid() ? displayTime(time) : QStringLiteral("-");
}

using CaseArgs = WorkspaceCommandArgs;

void prepare(CaseArgs& a, const QString& description) { a.prepare(description); }
std::optional<int> open(CaseArgs& a) { return a.open(); }

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
    a.parser.addOption({QStringLiteral("retention-days"),
                        QStringLiteral("Keep the case's data N days after closing (default: the agency policy's period)."),
                        QStringLiteral("N")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    std::optional<int> retentionDays;
    if (a.parser.isSet(QStringLiteral("retention-days"))) {
        retentionDays = positiveIntOption(a.parser, QStringLiteral("retention-days"));
        if (!retentionDays) return kExitUsage;
    }
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
    draft.retentionDays = retentionDays;
    auto policyDays = policyRetentionDays(*a.connection);
    if (!policyDays) return fail(policyDays.error());
    auto created = CaseCatalog(*a.connection, a.workspace->actor()).create(draft);
    if (!created) return fail(created.error());
    if (a.parser.isSet(QStringLiteral("json"))) {
        printJson(caseJson(*created, *policyDays));
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
    auto policyDays = policyRetentionDays(*a.connection);
    if (!policyDays) return fail(policyDays.error());
    auto cases = CaseCatalog(*a.connection, a.workspace->actor()).list();
    if (!cases) return fail(cases.error());
    std::vector<CaseRecord> shown;
    for (const CaseRecord& c : *cases) {
        if (!status || c.status == *status) shown.push_back(c);
    }
    if (a.parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const CaseRecord& c : shown) array.append(caseJson(c, *policyDays));
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
        printLine(QStringLiteral("      retention: %1").arg(retentionText(c, *policyDays)));
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
    auto policyDays = policyRetentionDays(*a.connection);
    if (!policyDays) return fail(policyDays.error());
    const CaseCatalog cases(*a.connection, a.workspace->actor());
    auto found = cases.findByNumber(numbers[0]);
    if (!found) return fail(found.error());
    const QString reason = a.parser.value(QStringLiteral("reason"));
    auto changed = closing ? cases.close(found->id, reason) : cases.reopen(found->id, reason);
    if (!changed) return fail(changed.error());
    if (a.parser.isSet(QStringLiteral("json"))) {
        printJson(caseJson(*changed, *policyDays));
    } else {
        printLine(QStringLiteral("%1 case %2.").arg(closing ? QStringLiteral("Closed") : QStringLiteral("Reopened"), changed->caseNumber));
    }
    return kExitOk;
}

int runRetention(const QStringList& args) {
    CaseArgs a;
    prepare(a, QStringLiteral("Change how long a case's probes, evidence copies, searches and verdicts are kept "
                              "after it closes (recorded in the audit log with the reason)."));
    a.parser.addPositionalArgument(QStringLiteral("number"), QStringLiteral("Case number."), QStringLiteral("N"));
    a.parser.addOption({QStringLiteral("days"), QStringLiteral("Keep the data N days after closing."), QStringLiteral("N")});
    a.parser.addOption({QStringLiteral("policy-default"), QStringLiteral("Use the agency policy's period again.")});
    a.parser.addOption({QStringLiteral("reason"), QStringLiteral("Why (required, recorded)."), QStringLiteral("text")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    const QStringList numbers = a.parser.positionalArguments();
    if (numbers.size() != 1 || numbers[0].trimmed().isEmpty()) {
        printError(QStringLiteral("case retention needs exactly one case NUMBER"));
        return kExitUsage;
    }
    const bool days = a.parser.isSet(QStringLiteral("days"));
    if (days == a.parser.isSet(QStringLiteral("policy-default"))) {
        printError(QStringLiteral("case retention needs either --days N or --policy-default"));
        return kExitUsage;
    }
    if (a.parser.value(QStringLiteral("reason")).trimmed().isEmpty()) {
        printError(QStringLiteral("case retention needs --reason: the change is recorded with it"));
        return kExitUsage;
    }
    std::optional<int> period;
    if (days) {
        period = positiveIntOption(a.parser, QStringLiteral("days"));
        if (!period) return kExitUsage;
    }
    if (auto exit = open(a)) return *exit;
    auto policyDays = policyRetentionDays(*a.connection);
    if (!policyDays) return fail(policyDays.error());
    const CaseCatalog cases(*a.connection, a.workspace->actor());
    auto found = cases.findByNumber(numbers[0]);
    if (!found) return fail(found.error());
    auto changed = cases.setRetention(found->id, period, a.parser.value(QStringLiteral("reason")));
    if (!changed) return fail(changed.error());
    if (a.parser.isSet(QStringLiteral("json"))) {
        printJson(caseJson(*changed, *policyDays));
    } else {
        printLine(QStringLiteral("Case %1: %2.").arg(changed->caseNumber, retentionText(*changed, *policyDays)));
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
    if (what == QLatin1String("retention")) return runRetention(args.mid(1));
    if (what == QLatin1String("export")) return runCaseExport(args.mid(1));
    if (what == QLatin1String("verify-export")) return runCaseVerifyExport(args.mid(1));
    printError(QStringLiteral("case what? create --number N --purpose P, list, show N, close N, reopen N, "
                              "retention N --days D|--policy-default --reason R, export N --out DIR|FILE.zip or verify-export PATH"));
    return kExitUsage;
}

}  // namespace facecase::cli
