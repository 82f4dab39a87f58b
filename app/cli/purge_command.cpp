// `facecase-cli purge --expired [--dry-run]`: the retention purge from scripts (a nightly cron
// job). Lists or purges every closed case past its retention period; each purge is one
// transaction with its `case_purged` audit record, evidence files follow after the commit, and
// orphaned evidence files are swept at the end. The actor is the OS user running the command.
#include "cli/case_retention_text.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/retention/case_purger.h"

#include <QJsonArray>

namespace facecase::cli {

namespace {
QJsonObject countsJson(const PurgeCounts& n) { return n.toJson(); }

QJsonObject expiredJson(const ExpiredCase& e) {
    return QJsonObject{
        {QStringLiteral("id"), e.record.id},
        {QStringLiteral("number"), e.record.caseNumber},
        {QStringLiteral("closed_at"), e.record.closedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("retention_days"), e.retentionDays},
        {QStringLiteral("retention_source"),
         e.policyDefault ? QStringLiteral("policy") : QStringLiteral("case")},
        {QStringLiteral("expired_at"), e.expiredAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("counts"), countsJson(e.counts)},
    };
}

QString plural(qint64 n, const char* one, const char* many) {
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

QString countsText(const PurgeCounts& n) {
    QString text = QStringList{plural(n.probes, "probe", "probes"),
                               plural(n.searches, "search", "searches"),
                               plural(n.candidates, "candidate", "candidates"),
                               plural(n.verdicts, "verdict", "verdicts"),
                               plural(n.notes, "note", "notes"),
                               plural(n.evidenceFiles, "evidence file", "evidence files")}
                       .join(QStringLiteral(", "));
    if (n.sharedEvidenceFiles > 0)
        text += QStringLiteral(" (%1 also used by another case, kept)").arg(n.sharedEvidenceFiles);
    return text;
}

QString caseLine(const ExpiredCase& e) {
    return QStringLiteral("%1  closed %2, kept %3 (%4), expired %5: %6")
        .arg(e.record.caseNumber, dayText(e.record.closedAt), daysText(e.retentionDays),
             e.policyDefault ? QStringLiteral("policy default") : QStringLiteral("own period"),
             dayText(e.expiredAt), countsText(e.counts));
}

QJsonArray failedJson(const QStringList& failed) {
    QJsonArray array;
    for (const QString& f : failed) array.append(f);
    return array;
}
}  // namespace

int runPurge(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Purge the cases whose retention period has run out: their probes, evidence copies, "
        "searches, candidates and verdicts are deleted; the case and its audit records stay, "
        "with a case_purged record. Only closed cases past their period are touched."));
    parser.addOption({QStringLiteral("expired"), QStringLiteral("Purge every expired case (required).")});
    parser.addOption({QStringLiteral("dry-run"), QStringLiteral("Only list what would be purged.")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("purge takes options only: purge --expired [--dry-run]"));
        return kExitUsage;
    }
    if (!parser.isSet(QStringLiteral("expired"))) {
        printError(QStringLiteral("purge needs --expired: only cases past their retention period are purged "
                                  "(add --dry-run to see which)"));
        return kExitUsage;
    }
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    const bool json = parser.isSet(QStringLiteral("json"));
    auto workspace = openWorkspace(parser);
    if (!workspace) return exitCodeFor(workspace.error());
    auto connection = workspace->openConnection();
    const auto fail = [](const Error& error) {
        printError(error.message);
        return exitCodeFor(error);
    };
    if (!connection) return fail(connection.error());
    auto policyDays = policyRetentionDays(*connection);
    if (!policyDays) return fail(policyDays.error());

    CasePurger purger(*workspace, *connection);
    auto expired = purger.expired(QDateTime::currentDateTimeUtc());
    if (!expired) return fail(expired.error());

    QJsonObject report{{QStringLiteral("workspace"), workspace->folder()},
                       {QStringLiteral("dry_run"), dryRun},
                       {QStringLiteral("policy_retention_days"), *policyDays}};
    if (dryRun) {
        QJsonArray cases;
        for (const ExpiredCase& e : *expired) cases.append(expiredJson(e));
        report.insert(QStringLiteral("cases"), cases);
        if (json) {
            printJson(report);
        } else if (expired->empty()) {
            printLine(QStringLiteral("No case in %1 has passed its retention period; nothing would be purged.")
                          .arg(workspace->folder()));
        } else {
            printLine(QStringLiteral("Would purge %1 (dry run, nothing changed):")
                          .arg(plural(qint64(expired->size()), "expired case", "expired cases")));
            for (const ExpiredCase& e : *expired) printLine(QStringLiteral("  ") + caseLine(e));
        }
        return kExitOk;
    }

    std::vector<qint64> ids;
    for (const ExpiredCase& e : *expired) ids.push_back(e.record.id);
    auto run = purger.purgeAll(ids, workspace->actor().name());
    if (!run) return fail(run.error());

    QJsonArray cases;
    EvidenceSweeper::Outcome files;
    for (const CasePurger::Outcome& o : run->purged) {
        QJsonObject object = expiredJson(o.purged);
        object.insert(QStringLiteral("purged_at"), o.purgedAt.toUTC().toString(Qt::ISODateWithMs));
        object.insert(QStringLiteral("audit_seq"), o.audit.seq);
        cases.append(object);
        files.merge(o.files);
    }
    files.merge(run->orphans);
    report.insert(QStringLiteral("cases"), cases);
    report.insert(QStringLiteral("failures"), failedJson(run->failures));
    report.insert(QStringLiteral("evidence_files_deleted"), qint64(files.deleted.size()));
    report.insert(QStringLiteral("orphans_deleted"), qint64(run->orphans.deleted.size()));
    report.insert(QStringLiteral("evidence_files_not_deleted"), failedJson(files.failed));
    for (const QString& failure : run->failures) printError(failure);
    if (json) {
        printJson(report);
    } else {
        if (run->purged.empty() && run->failures.isEmpty()) {
            printLine(QStringLiteral("No case in %1 has passed its retention period; nothing to purge.")
                          .arg(workspace->folder()));
        }
        for (const CasePurger::Outcome& o : run->purged) {
            printLine(QStringLiteral("Purged %1 (audit record %2)").arg(caseLine(o.purged)).arg(o.audit.seq));
        }
        if (!files.deleted.isEmpty() || !run->orphans.deleted.isEmpty()) {
            printLine(QStringLiteral("Deleted %1 (%2 left over from earlier purges).")
                          .arg(plural(files.deleted.size(), "evidence file", "evidence files"))
                          .arg(run->orphans.deleted.size()));
        }
        for (const QString& f : files.failed)
            printLine(QStringLiteral("Could not delete %1; the next purge run tries again.").arg(f));
    }
    // Files that could not be deleted are not a failure (the next run sweeps them); a case that
    // could not be purged is.
    return run->failures.isEmpty() ? kExitOk : kExitInputProblem;
}

}  // namespace facecase::cli
