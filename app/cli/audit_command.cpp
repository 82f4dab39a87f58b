// `facecase-cli audit verify | export`: checks the hash chain of the workspace's audit log and
// exports a case's records. Both record themselves in the log (audit_verified, audit_exported)
// after doing their work, unless --read-only: an auditor examining a copy of a workspace must be
// able to check it without changing a byte of it.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "audit/audit_witness.h"
#include "casefile/export_verifier.h"
#include "services/casework/audit_export.h"
#include "services/casework/audit_inspection.h"

#include <QDir>
#include <QFile>

#include <cstdio>

namespace facecase::cli {

namespace {
struct AuditArgs {
    QCommandLineParser parser;
    std::optional<Workspace> workspace;
    std::optional<DatabaseConnection> connection;
    QString witnessPath;  // the workspace's audit witness file
    bool readOnly = false;
};

void prepare(AuditArgs& a, const QString& description) {
    a.parser.setApplicationDescription(description);
    a.parser.addOption({QStringLiteral("read-only"),
                        QStringLiteral("Open the database read-only: no upgrade, nothing recorded, "
                                       "not a byte changed (for examining a copy).")});
    addWorkspaceOption(a.parser);
}

int fail(const Error& error) {
    printError(error.message);
    return exitCodeFor(error);
}

// Who acts: the workspace's actor, or, read-only (no workspace opened, nothing recorded), the
// operating-system user the workspace would name.
Actor actorOf(const AuditArgs& a) {
    return a.workspace ? a.workspace->actor() : Actor::operatingSystemUser();
}

std::optional<int> open(AuditArgs& a) {
    a.readOnly = a.parser.isSet(QStringLiteral("read-only"));
    if (a.readOnly) {
        auto location = WorkspaceLocation::parse(a.parser.value(QStringLiteral("workspace")));
        if (!location) return fail(location.error());
        if (location->isPostgres()) {
            // --read-only opens a workspace folder's file as it is; a database server has no
            // such file (its read-only login is the auditor role's business).
            return fail(Error::invalidInput(
                QStringLiteral("%1: --read-only opens a workspace folder; on a database server, "
                               "log in as an auditor instead").arg(location->displayName())));
        }
        // Not Workspace::open: that creates a missing workspace and upgrades an older one.
        const QString path = QDir(location->folder()).absoluteFilePath(Workspace::databaseFileName());
        auto connection = DatabaseConnection::open(path, DatabaseConnection::Mode::ReadOnly);
        if (!connection) return fail(connection.error());
        a.connection.emplace(std::move(connection).value());
        a.witnessPath = QDir(location->folder()).absoluteFilePath(AuditWitness::fileName());
        return std::nullopt;
    }
    auto workspace = openWorkspace(a.parser);
    if (!workspace) return exitCodeFor(workspace.error());
    a.workspace.emplace(std::move(workspace).value());
    auto connection = a.workspace->openConnection();
    if (!connection) return fail(connection.error());
    a.connection.emplace(std::move(connection).value());
    a.witnessPath = a.workspace->auditWitnessPath();
    return std::nullopt;
}

// The heads given with --anchor SEQ:HASH and --bundle PATH (a case bundle's head, once the
// bundle itself verifies).
std::optional<int> namedHeads(const QCommandLineParser& parser, std::vector<AuditAnchor>& heads) {
    for (const QString& text : parser.values(QStringLiteral("anchor"))) {
        auto head = AuditAnchorCheck::parseNamedHead(text);
        if (!head) {
            printError(head.errorMessage());
            return kExitUsage;
        }
        heads.push_back(*head);
    }
    for (const QString& path : parser.values(QStringLiteral("bundle"))) {
        auto bundle = ExportVerifier::verify(path);
        if (!bundle) return fail(bundle.error());
        if (!bundle->ok() || bundle->headSeq <= 0) {
            printError(QStringLiteral("%1: the case bundle does not verify (case verify-export "
                                      "says why), so its chain head is no anchor").arg(path));
            return kExitInputProblem;
        }
        heads.push_back(AuditAnchor{bundle->headSeq, bundle->headHash,
                                    QStringLiteral("(bundle %1)").arg(path), QString()});
    }
    return std::nullopt;
}

int runVerify(const QStringList& args) {
    AuditArgs a;
    prepare(a, QStringLiteral(
                   "Recompute the audit log's hash chain (docs/audit.md) and compare it with the "
                   "chain heads anchored outside the database (the workspace's audit-witness.log, "
                   "and heads given with --anchor or --bundle). Prints the chain head, or the "
                   "first broken record and whether it was edited, deleted, reordered or "
                   "inserted, any missing tail or record that differs from its anchor, and every "
                   "case, probe, search, verdict or review that disagrees with its record (exit "
                   "code 1). Then records the check as an audit_verified record."));
    a.parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    a.parser.addOption({QStringLiteral("anchor"),
                        QStringLiteral("A chain head noted earlier (a report, an export, an earlier "
                                       "check), as SEQ:HASH; repeatable."),
                        QStringLiteral("seq:hash")});
    a.parser.addOption({QStringLiteral("bundle"),
                        QStringLiteral("A case bundle (folder or ZIP) whose chain head is an "
                                       "anchor; it must verify first. Repeatable."),
                        QStringLiteral("path")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (!a.parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("audit verify takes no arguments"));
        return kExitUsage;
    }
    AuditInspection::Options options;
    if (auto exit = namedHeads(a.parser, options.namedHeads)) return *exit;
    if (auto exit = open(a)) return *exit;
    options.record = !a.readOnly;
    options.witnessPath = a.witnessPath;
    auto check = AuditInspection::verify(*a.connection, actorOf(a), options);
    if (!check) return fail(check.error());
    const AuditVerification& v = check->verification;
    const AuditAnchorCheck& anchors = check->anchors;
    const std::optional<qint64>& recordedSeq = check->recordedSeq;
    const std::optional<Error>& recordError = check->recordError;

    if (a.parser.isSet(QStringLiteral("json"))) {
        QJsonObject object = AuditInspection::checkJson(*check);
        object.insert(QStringLiteral("database"), a.connection->databasePath());
        object.insert(QStringLiteral("recorded_seq"),
                      recordedSeq ? QJsonValue(*recordedSeq) : QJsonValue());
        printJson(object);
    } else if (v.intact()) {
        printLine(QStringLiteral("Audit chain intact: %1 records in %2.")
                      .arg(v.recordCount)
                      .arg(a.connection->databasePath()));
        printLine(QStringLiteral("Chain head: seq %1, hash %2").arg(v.headSeq).arg(v.headHash));
        if (recordedSeq) {
            printLine(QStringLiteral("This check is audit record %1 (audit_verified).").arg(*recordedSeq));
        }
    } else {
        printLine(QStringLiteral("Audit chain BROKEN at seq %1 (%2): %3.")
                      .arg(v.firstBreak->seq)
                      .arg(AuditVerification::kindName(v.firstBreak->kind), v.firstBreak->explanation));
        printLine(QStringLiteral("%1 records in %2.").arg(v.recordCount).arg(a.connection->databasePath()));
        if (recordedSeq) {
            printLine(QStringLiteral("This finding is audit record %1 (audit_verified).").arg(*recordedSeq));
        }
    }
    const bool json = a.parser.isSet(QStringLiteral("json"));
    if (!json) {
        if (!anchors.witnessError.isEmpty()) {
            printLine(QStringLiteral("Anchors: %1").arg(anchors.witnessError));
        } else if (anchors.anchors == 0) {
            printLine(QStringLiteral("Anchors: none to compare with (no audit witness at %1).")
                          .arg(anchors.witnessPath));
        } else if (anchors.agrees()) {
            printLine(QStringLiteral("Anchors: the log agrees with its %1 anchored head(s) (last: seq %2 at %3).")
                          .arg(anchors.anchors)
                          .arg(anchors.lastAnchor->seq)
                          .arg(anchors.lastAnchor->at));
        } else {
            printLine(QStringLiteral("Anchors: the log DISAGREES with its anchors (%1):")
                          .arg(anchors.witnessPath));
            for (const QString& finding : anchors.findings()) printLine(QStringLiteral("  ") + finding + QLatin1Char('.'));
        }
        if (anchors.unreadableLines > 0) {
            printLine(QStringLiteral("Anchors: %1 lines of %2 are not anchors (skipped).")
                          .arg(anchors.unreadableLines)
                          .arg(anchors.witnessPath));
        }
    }
    const AuditCrossCheck& cross = check->crossCheck;
    if (!json) {
        if (cross.agrees()) {
            printLine(QStringLiteral("Cross-check: the state agrees with the trail (%1 cases, probes, "
                                     "searches, verdicts and reviews).").arg(cross.objectsChecked));
        } else {
            printLine(QStringLiteral("Cross-check: %1 disagreements between the workspace and its "
                                     "trail:").arg(cross.disagreementCount));
            for (const QString& finding : cross.findings()) printLine(QStringLiteral("  ") + finding + QLatin1Char('.'));
        }
    }
    if (recordError) {
        printError(QStringLiteral("the check could not be recorded in the audit log: %1")
                       .arg(recordError->message));
    }
    if (!v.intact()) {
        printError(QStringLiteral("audit chain broken at seq %1 (%2)")
                       .arg(v.firstBreak->seq)
                       .arg(AuditVerification::kindName(v.firstBreak->kind)));
    }
    if (!anchors.agrees()) {
        for (const QString& finding : anchors.findings()) printError(finding);
    }
    if (!cross.agrees()) {
        printError(QStringLiteral("%1 disagreements between the workspace and its audit trail")
                       .arg(cross.disagreementCount));
    }
    if (!check->ok()) return kExitInputProblem;
    return recordError ? exitCodeFor(*recordError) : kExitOk;
}

int runExport(const QStringList& args) {
    AuditArgs a;
    prepare(a, QStringLiteral(
                   "Export a case's audit records, in seq order, as JSON Lines (one canonical "
                   "record with prev_hash and hash per line) or CSV. Then records the export as an "
                   "audit_exported record."));
    a.parser.addOption({QStringLiteral("case"), QStringLiteral("Case number (required)."), QStringLiteral("N")});
    a.parser.addOption({QStringLiteral("format"), QStringLiteral("jsonl (default) or csv."), QStringLiteral("format"),
                        QStringLiteral("jsonl")});
    a.parser.addOption({QStringLiteral("out"), QStringLiteral("Write to FILE instead of stdout."), QStringLiteral("file")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    const QString formatName = a.parser.value(QStringLiteral("format"));
    const auto format = AuditExport::formatFromName(formatName);
    if (!format) {
        printError(QStringLiteral("--format takes jsonl or csv, not \"%1\"").arg(formatName));
        return kExitUsage;
    }
    if (a.parser.value(QStringLiteral("case")).trimmed().isEmpty() || !a.parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("audit export needs --case NUMBER and no other arguments"));
        return kExitUsage;
    }
    if (auto exit = open(a)) return *exit;

    AuditExport::Request request;
    request.caseNumber = a.parser.value(QStringLiteral("case"));
    request.format = *format;
    request.outPath = a.parser.value(QStringLiteral("out"));
    request.record = !a.readOnly;
    // stdio's own handle, unbuffered: the records reach stdout in order with printLine's text.
    QFile standardOutput;
    if (!standardOutput.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        printError(QStringLiteral("cannot write to stdout (%1)").arg(standardOutput.errorString()));
        return kExitInternal;
    }
    auto exported = AuditExport(*a.connection, actorOf(a)).exportCase(request, &standardOutput);
    standardOutput.flush();
    if (!exported) return fail(exported.error());
    if (!request.outPath.isEmpty()) {
        printLine(QStringLiteral("Exported %1 audit records of case %2 to %3 (%4).")
                      .arg(exported->records)
                      .arg(exported->theCase.caseNumber, exported->destination, formatName));
    }
    return kExitOk;
}
}  // namespace

int runAudit(const QStringList& args) {
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QLatin1String("verify")) return runVerify(args.mid(1));
    if (what == QLatin1String("export")) return runExport(args.mid(1));
    printError(QStringLiteral("audit what? verify, or export --case N --format jsonl|csv"));
    return kExitUsage;
}

}  // namespace facecase::cli
