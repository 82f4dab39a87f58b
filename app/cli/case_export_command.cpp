// `facecase-cli case export NUMBER --out DIR|FILE.zip` and `case verify-export PATH`: the case
// file of issue 5. Export runs the review gate, writes the bundle (manifest, evidence copies,
// audit excerpt, report.pdf) and records `case_exported` in the same transaction as reading
// the case; verify-export rechecks every hash of a bundle without the workspace.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "casefile/case_exporter.h"
#include "casefile/export_verifier.h"
#include "report/case_report_renderer.h"
#include "services/casework/landmark_chip_source.h"
#include "services/pipeline/model_paths.h"
#include "services/casework/case_catalog.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

namespace facecase::cli {

namespace {
int fail(const Error& error) {
    printError(error.message);
    return exitCodeFor(error);
}

// Aligned faces on compare pages need the probe's landmarks re-fitted (~1 s to load the model).
// Without the model the export still runs: probes fall back to crops, gallery faces (landmarks on
// record) are still aligned.
std::shared_ptr<const LandmarkModel> loadLandmarkModelForExport() {
    auto path = ModelPaths::locateLandmarkModel();
    auto model = path ? LandmarkModel::load(*path) : Result<std::shared_ptr<const LandmarkModel>>(path.error());
    if (model) return *model;
    printError(QStringLiteral("warning: %1; probe faces are shown as crops").arg(model.errorMessage()));
    return nullptr;
}
}  // namespace

int runCaseExport(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Export a case as a bundle (docs/casefile.md): manifest.json, SHA256SUMS, evidence/ "
        "(probe originals and candidate source images, or their aligned chips when the agency "
        "policy export.candidate_images says so, by SHA-256), audit.jsonl and "
        "audit-chain.json, and report.pdf. A folder, or a ZIP file when --out ends in .zip. "
        "Refused when a possible-match verdict lacks a reason (the review gate). Recorded as "
        "a case_exported audit record."));
    parser.addPositionalArgument(QStringLiteral("number"), QStringLiteral("Case number."), QStringLiteral("N"));
    parser.addOption({QStringLiteral("out"), QStringLiteral("A new (or empty) folder, or a new FILE.zip."), QStringLiteral("path")});
    parser.addOption({QStringLiteral("page-size"), QStringLiteral("Report paper: a4 (default) or letter."),
                      QStringLiteral("size"), QStringLiteral("a4")});
    parser.addOption({QStringLiteral("no-report"), QStringLiteral("Leave report.pdf out (bundle only).")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const QStringList numbers = parser.positionalArguments();
    if (numbers.size() != 1 || numbers[0].trimmed().isEmpty() || parser.value(QStringLiteral("out")).isEmpty()) {
        printError(QStringLiteral("case export needs exactly one case NUMBER and --out DIR|FILE.zip"));
        return kExitUsage;
    }
    const QString pageSize = parser.value(QStringLiteral("page-size")).toLower();
    if (pageSize != QLatin1String("a4") && pageSize != QLatin1String("letter")) {
        printError(QStringLiteral("--page-size takes a4 or letter, not \"%1\"").arg(pageSize));
        return kExitUsage;
    }
    OpenedWorkspace opened;
    if (auto exit = openWorkspaceConnection(parser, opened)) return *exit;
    auto& workspace = opened.workspace;
    auto& connection = opened.connection;
    auto theCase = CaseCatalog(*connection, workspace->actor()).findByNumber(numbers[0]);
    if (!theCase) return fail(theCase.error());

    CaseReportRenderer report(pageSize == QLatin1String("letter") ? QPageSize::Letter : QPageSize::A4);
    LandmarkChipSource chips(loadLandmarkModelForExport());
    CaseExporter::Options options;
    options.chips = &chips;
    options.output = parser.value(QStringLiteral("out"));
    options.actor = workspace->actor().name();
    options.report = parser.isSet(QStringLiteral("no-report")) ? nullptr : &report;
    options.software = QStringLiteral("FaceCase " FACECASE_VERSION);
    QElapsedTimer timer;
    timer.start();
    auto exported = CaseExporter(*workspace, *connection).exportCase(theCase->id, options);
    if (!exported) return fail(exported.error());
    const qint64 elapsedMs = timer.elapsed();
    const CaseExporter::Summary& s = *exported;

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray notCopied;
        for (const ExportedEvidence& e : s.notCopied) {
            notCopied.append(QJsonObject{{QStringLiteral("sha256"), e.sha256},
                                         {QStringLiteral("status"), ExportedEvidence::statusName(e.status)},
                                         {QStringLiteral("detail"), e.detail}});
        }
        printJson(QJsonObject{
            {QStringLiteral("case"), theCase->caseNumber},
            {QStringLiteral("output"), s.output},
            {QStringLiteral("format"), s.zip ? QStringLiteral("zip") : QStringLiteral("folder")},
            {QStringLiteral("manifest_sha256"), s.manifestSha256},
            {QStringLiteral("sums_sha256"), s.sumsSha256},
            {QStringLiteral("zip_sha256"), s.zip ? QJsonValue(s.zipSha256) : QJsonValue()},
            {QStringLiteral("files"), s.fileCount},
            {QStringLiteral("bytes"), s.bytes},
            {QStringLiteral("searches"), s.searches},
            {QStringLiteral("candidates"), s.candidates},
            {QStringLiteral("possible_matches"), s.review.possibleMatches},
            {QStringLiteral("not_assessed"), s.review.notAssessed},
            {QStringLiteral("audit_records"), s.auditRecords},
            {QStringLiteral("head_seq"), s.headSeq},
            {QStringLiteral("head_hash"), s.headHash},
            {QStringLiteral("audit_seq"), s.auditSeq},
            {QStringLiteral("evidence_not_copied"), notCopied},
            {QStringLiteral("elapsed_ms"), elapsedMs},
        });
        return kExitOk;
    }
    printLine(QStringLiteral("Exported case %1 to %2 (%3 files, %4 bytes) in %5 ms.")
                  .arg(theCase->caseNumber, s.output)
                  .arg(s.fileCount)
                  .arg(s.bytes)
                  .arg(elapsedMs));
    printLine(QStringLiteral("  %1 searches, %2 candidates: %3 possible match(es), %4 no match, %5 inconclusive, %6 not assessed")
                  .arg(s.searches).arg(s.candidates).arg(s.review.possibleMatches).arg(s.review.noMatches)
                  .arg(s.review.inconclusive).arg(s.review.notAssessed));
    printLine(QStringLiteral("  manifest.json SHA-256 %1, SHA256SUMS SHA-256 %2%3").arg(s.manifestSha256, s.sumsSha256,
                  s.zip ? QStringLiteral("; ZIP SHA-256 %1").arg(s.zipSha256) : QString()));
    printLine(QStringLiteral("  audit excerpt: %1 records, chain head seq %2 hash %3; this export is audit record %4")
                  .arg(s.auditRecords).arg(s.headSeq).arg(s.headHash).arg(s.auditSeq));
    for (const ExportedEvidence& e : s.notCopied) {
        printLine(QStringLiteral("  ! evidence %1… %2: %3").arg(e.sha256.left(16), ExportedEvidence::statusName(e.status), e.detail));
    }
    return kExitOk;
}

int runCaseVerifyExport(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Recheck a case bundle (folder or ZIP): every file against its SHA-256 in manifest.json "
        "and SHA256SUMS, no file missing or extra, and the audit excerpt's records and chain. "
        "Names each bad, missing or extra file; exit code 1 on any problem. Needs no workspace."));
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("Bundle folder or ZIP file."), QStringLiteral("PATH"));
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("case verify-export needs exactly one PATH (a bundle folder or ZIP file)"));
        return kExitUsage;
    }
    const QString path = parser.positionalArguments().front();
    const bool json = parser.isSet(QStringLiteral("json"));
    auto verified = ExportVerifier::verify(path);
    if (!verified && json) {
        // A script reading --json gets its object for a path that is no bundle at all, too.
        printJson(QJsonObject{{QStringLiteral("path"), path},
                              {QStringLiteral("ok"), false},
                              {QStringLiteral("error"), verified.errorMessage()},
                              {QStringLiteral("problems"), QJsonArray{QJsonObject{
                                                               {QStringLiteral("path"), QFileInfo(path).fileName()},
                                                               {QStringLiteral("kind"), QStringLiteral("malformed")},
                                                               {QStringLiteral("detail"), verified.errorMessage()}}}}});
    }
    if (!verified) return fail(verified.error());
    const ExportVerification& v = *verified;
    if (json) {
        QJsonArray problems;
        for (const ExportVerification::Problem& p : v.problems) {
            problems.append(QJsonObject{{QStringLiteral("path"), p.path},
                                        {QStringLiteral("kind"), ExportVerification::kindName(p.kind)},
                                        {QStringLiteral("detail"), p.detail}});
        }
        printJson(QJsonObject{{QStringLiteral("path"), path},
                              {QStringLiteral("ok"), v.ok()},
                              {QStringLiteral("case"), v.caseNumber},
                              {QStringLiteral("files_checked"), v.filesChecked},
                              {QStringLiteral("audit_records"), v.auditRecords},
                              {QStringLiteral("head_seq"), v.headSeq},
                              {QStringLiteral("head_hash"), v.headHash},
                              {QStringLiteral("manifest_sha256"), v.manifestSha256},
                              {QStringLiteral("sums_sha256"), v.sumsSha256},
                              {QStringLiteral("problems"), problems}});
    } else if (v.ok()) {
        printLine(QStringLiteral("Bundle intact: case %1, %2 files match their SHA-256, %3 audit records verify.")
                      .arg(v.caseNumber).arg(v.filesChecked).arg(v.auditRecords));
        printLine(QStringLiteral("  chain head seq %1 hash %2").arg(v.headSeq).arg(v.headHash));
        printLine(QStringLiteral("  manifest.json SHA-256 %1, SHA256SUMS SHA-256 %2 (compare with the workspace's "
                                 "case_exported record)").arg(v.manifestSha256, v.sumsSha256));
    } else {
        printLine(QStringLiteral("Bundle NOT intact: %1 problem(s).").arg(v.problems.size()));
        for (const ExportVerification::Problem& p : v.problems) {
            printLine(QStringLiteral("  %1: %2 — %3").arg(p.path, ExportVerification::kindName(p.kind), p.detail));
        }
    }
    if (!v.ok()) {
        printError(QStringLiteral("%1: %2 problem(s), first: %3 (%4)")
                       .arg(path).arg(v.problems.size())
                       .arg(v.problems.front().path, ExportVerification::kindName(v.problems.front().kind)));
        return kExitInputProblem;
    }
    return kExitOk;
}

}  // namespace facecase::cli
