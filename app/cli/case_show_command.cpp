// `facecase-cli case show NUMBER`: everything recorded in a case — its probes (evidence copies
// with their SHA-256), each search with N, k and the model, and each candidate with the
// analyst's current verdict. Read-only: writes nothing, not even an audit record.
#include "cli/case_retention_text.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/casework/case_overview.h"
#include "types/display_time.h"

#include <QJsonArray>
#include <QLocale>
#include <map>
#include <optional>

namespace facecase::cli {

namespace {

// The app's convention (displayTime: "2026-12-07 11:13:22 UTC"), "-" for none.
QString shortTime(const QDateTime& time) {
    return time.isValid() ? displayTime(time) : QStringLiteral("-");
}

QJsonObject probeJson(const ProbeRecord& p) {
    return QJsonObject{
        {QStringLiteral("id"), p.id},
        {QStringLiteral("sha256"), p.sha256},
        {QStringLiteral("evidence_path"), p.evidencePath},
        {QStringLiteral("original_path"), p.originalPath},
        {QStringLiteral("file_bytes"), p.fileBytes},
        {QStringLiteral("width"), p.width},
        {QStringLiteral("height"), p.height},
        {QStringLiteral("format"), p.format},
        {QStringLiteral("declared_kind"), ProbeRecord::kindName(p.declaredKind)},
        {QStringLiteral("edit_note"), p.editNote},
        {QStringLiteral("imported_at"), timeJson(p.importedAt)},
        {QStringLiteral("actor"), p.actor},
    };
}

QJsonObject verdictJson(const VerdictRecord& v) {
    QJsonArray marks;
    for (const VerdictRecord::Mark& m : v.marks) {
        marks.append(QJsonObject{{QStringLiteral("side"), VerdictRecord::sideName(m.side)},
                                 {QStringLiteral("x"), m.position.x()},
                                 {QStringLiteral("y"), m.position.y()},
                                 {QStringLiteral("label"), m.label}});
    }
    return QJsonObject{
        {QStringLiteral("verdict"), VerdictRecord::verdictName(v.verdict)},
        {QStringLiteral("reason"), v.reason},
        {QStringLiteral("notes"), v.notes},
        {QStringLiteral("analyst"), v.analyst},
        {QStringLiteral("at"), timeJson(v.createdAt)},
        {QStringLiteral("marks"), marks},
    };
}

QJsonObject candidateJson(const CaseOverview::Candidate& c, const std::optional<VerdictRecord>& verdict) {
    return QJsonObject{
        {QStringLiteral("candidate_id"), c.id},
        {QStringLiteral("rank"), c.rank},
        {QStringLiteral("distance"), c.distance},
        {QStringLiteral("fmr"), c.score ? QJsonValue(*c.score) : QJsonValue()},
        {QStringLiteral("face_id"), c.faceId ? QJsonValue(*c.faceId) : QJsonValue()},
        {QStringLiteral("image_sha256"), c.imageSha256},
        {QStringLiteral("subject_id"),
         c.subjectExternalId.isEmpty() ? QJsonValue() : QJsonValue(c.subjectExternalId)},
        {QStringLiteral("subject_name"), c.subjectName},
        {QStringLiteral("verdict"), verdict ? QJsonValue(verdictJson(*verdict)) : QJsonValue()},
    };
}

QJsonObject searchJson(const CaseOverview::Search& s) {
    return QJsonObject{
        {QStringLiteral("search_id"), s.id},
        {QStringLiteral("probe_id"), s.probeId ? QJsonValue(*s.probeId) : QJsonValue()},
        {QStringLiteral("probe_sha256"), s.probeSha256},
        {QStringLiteral("face"), s.faceIndex},
        {QStringLiteral("box"), QJsonObject{{QStringLiteral("x"), s.box.x()},
                                            {QStringLiteral("y"), s.box.y()},
                                            {QStringLiteral("width"), s.box.width()},
                                            {QStringLiteral("height"), s.box.height()}}},
        {QStringLiteral("manual_face"), s.manualFace},
        {QStringLiteral("gallery"), s.galleryName},
        {QStringLiteral("gallery_id"), s.galleryId ? QJsonValue(*s.galleryId) : QJsonValue()},
        {QStringLiteral("gallery_revision"), s.galleryRevision},
        {QStringLiteral("gallery_size"), s.gallerySize()},
        {QStringLiteral("k"), s.k()},
        {QStringLiteral("model"), s.modelKey},
        {QStringLiteral("parameters"), s.parameters},
        {QStringLiteral("actor"), s.actor},
        {QStringLiteral("started_at"), timeJson(s.startedAt)},
        {QStringLiteral("finished_at"), timeJson(s.finishedAt)},
    };
}

int fail(const Error& error) {
    printError(error.message);
    return exitCodeFor(error);
}
}  // namespace

int runCaseShow(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Show a case: its probes (evidence copies and their SHA-256), its recorded searches "
        "(gallery, N, k, model) and every candidate with the analyst's current verdict."));
    parser.addPositionalArgument(QStringLiteral("number"), QStringLiteral("Case number."),
                                 QStringLiteral("N"));
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const QStringList numbers = parser.positionalArguments();
    if (numbers.size() != 1 || numbers[0].trimmed().isEmpty()) {
        printError(QStringLiteral("case show needs exactly one case NUMBER"));
        return kExitUsage;
    }
    OpenedWorkspace opened;
    if (auto exit = openWorkspaceConnection(parser, opened)) return *exit;
    auto& connection = opened.connection;

    auto overview = CaseOverview(*connection).read(numbers[0]);
    if (!overview) return fail(overview.error());
    auto policyDays = policyRetentionDays(*connection);
    if (!policyDays) return fail(policyDays.error());
    const CaseRecord& theCase = overview->theCase;
    const std::vector<ProbeRecord>& probes = overview->probes;

    std::map<qint64, int> probeNumber;  // probe id -> 1-based position in the case
    for (std::size_t i = 0; i < probes.size(); ++i) probeNumber[probes[i].id] = int(i) + 1;

    const bool json = parser.isSet(QStringLiteral("json"));
    QJsonArray searchesJson;
    if (!json) {
        const CaseRecord& c = theCase;
        printLine(QStringLiteral("Case %1 (%2)%3, analyst %4, opened %5%6")
                      .arg(c.caseNumber, CaseRecord::statusName(c.status),
                           c.title.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(c.title),
                           c.analyst, shortTime(c.openedAt),
                           c.closedAt.isValid() ? QStringLiteral(", closed %1").arg(shortTime(c.closedAt))
                                                : QString()));
        printLine(QStringLiteral("  purpose: %1").arg(c.purpose.simplified()));
        printLine(QStringLiteral("  retention: %1").arg(retentionText(c, *policyDays)));
        if (c.isPurged())
            printLine(QStringLiteral("  Its probes, searches and verdicts were purged; the audit log keeps "
                                     "what was done (facecase-cli audit export --case %1).").arg(c.caseNumber));
        printLine(QStringLiteral("Probes (%1):").arg(probes.size()));
        for (const ProbeRecord& p : probes) {
            printLine(QStringLiteral("  #%1  %2  %3 %4x%5  %6%7  added %8 by %9")
                          .arg(probeNumber[p.id])
                          .arg(p.sha256, p.format)
                          .arg(p.width)
                          .arg(p.height)
                          .arg(ProbeRecord::kindName(p.declaredKind),
                               p.editNote.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(p.editNote),
                               shortTime(p.importedAt), p.actor));
            printLine(QStringLiteral("      from %1, evidence %2").arg(p.originalPath, p.evidencePath));
        }
        printLine(QStringLiteral("Searches (%1):").arg(overview->searches.size()));
    }
    const QLocale locale = QLocale::c();
    for (const CaseOverview::SearchRows& rows : overview->searches) {
        const CaseOverview::Search& s = rows.search;
        if (json) {
            QJsonArray list;
            for (const CaseOverview::CandidateRow& row : rows.candidates)
                list.append(candidateJson(row.candidate, row.verdict));
            QJsonObject object = searchJson(s);
            object.insert(QStringLiteral("candidates"), list);
            searchesJson.append(object);
            continue;
        }
        const QString probe = s.probeId && probeNumber.count(*s.probeId)
                                  ? QStringLiteral("probe #%1").arg(probeNumber[*s.probeId])
                                  : QStringLiteral("probe %1…").arg(s.probeSha256.left(12));
        printLine(QStringLiteral("  Search %1: %2 face %3%4, box %5,%6 %7x%8; gallery \"%9\"")
                      .arg(s.id)
                      .arg(probe)
                      .arg(s.faceIndex)
                      .arg(s.manualFace ? QStringLiteral(" (marked by hand)") : QString())
                      .arg(s.box.x(), 0, 'f', 0)
                      .arg(s.box.y(), 0, 'f', 0)
                      .arg(s.box.width(), 0, 'f', 0)
                      .arg(s.box.height(), 0, 'f', 0)
                      .arg(s.galleryName));
        printLine(QStringLiteral("      N = %1 faces, k = %2, %3, model %4; %5 by %6")
                      .arg(locale.toString(s.gallerySize()))
                      .arg(s.k())
                      .arg(s.parameters.value(QStringLiteral("method")).toString(), s.modelKey,
                           shortTime(s.finishedAt), s.actor));
        for (const QJsonValue& w : s.parameters.value(QStringLiteral("quality_warnings")).toArray())
            printLine(QStringLiteral("      ! %1").arg(w.toString()));
        printLine(QStringLiteral("      %1  %2  %3  %4  %5")
                      .arg(QStringLiteral("rank"), 4)
                      .arg(QStringLiteral("distance"), 8)
                      .arg(QStringLiteral("candidate"), 9)
                      .arg(QStringLiteral("subject"), -28)
                      .arg(QStringLiteral("verdict")));
        for (const CaseOverview::CandidateRow& row : rows.candidates) {
            const CaseOverview::Candidate& c = row.candidate;
            QString subject = c.subjectExternalId;
            if (!c.subjectName.isEmpty() && c.subjectName != subject)
                subject += subject.isEmpty() ? c.subjectName : QStringLiteral(" (%1)").arg(c.subjectName);
            const std::optional<VerdictRecord>& v = row.verdict;
            printLine(QStringLiteral("      %1  %2  %3  %4  %5")
                          .arg(c.rank, 4)
                          .arg(c.distance, 8, 'f', 4)
                          .arg(c.id, 9)
                          .arg(subject.isEmpty() ? QStringLiteral("-") : subject, -28)
                          .arg(v ? QStringLiteral("%1 — %2 (%3)")
                                       .arg(VerdictRecord::verdictName(v->verdict),
                                            v->reason.simplified(), v->analyst)
                                 : QStringLiteral("-")));
        }
    }
    if (json) {
        QJsonArray probesJson;
        for (const ProbeRecord& p : probes) probesJson.append(probeJson(p));
        printJson(QJsonObject{
            {QStringLiteral("case"), caseJson(theCase, *policyDays)},
            {QStringLiteral("probes"), probesJson},
            {QStringLiteral("searches"), searchesJson},
        });
    }
    return kExitOk;
}

}  // namespace facecase::cli
