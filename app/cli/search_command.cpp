// `facecase-cli search`: probe photos -> faces -> ranked candidates from an enrolled gallery.
#include "cli/calibration_args.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/interrupt_handler.h"
#include "cli/pipeline_options_args.h"
#include "cli/workspace_args.h"
#include "matching/fmr_wording.h"
#include "services/pipeline/batch_analyzer.h"
#include "services/casework/original_check.h"
#include "services/pipeline/face_json.h"
#include "services/search/batch_case_search.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>


namespace facecase::cli {

namespace {

// PROBE arguments plus the lines of --probes-from (blank lines and # comments skipped; relative
// paths resolve against the list's folder, as in enrollment manifests).
Result<QStringList> probePaths(const QCommandLineParser& parser) {
    QStringList paths = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("probes-from"))) {
        const QString listPath = parser.value(QStringLiteral("probes-from"));
        QFile file(listPath);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return Error::invalidInput(QStringLiteral("%1: cannot read the probe list (%2)")
                                           .arg(listPath, file.errorString()));
        const QDir base = QFileInfo(listPath).absoluteDir();
        while (!file.atEnd()) {
            const QString line = QString::fromUtf8(file.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
            paths << (QDir::isAbsolutePath(line) ? line : base.filePath(line));
        }
    }
    return paths;
}

QJsonObject candidateJson(const SearchCandidate& c) {
    const CandidateProvenance& p = c.provenance;
    QJsonObject out{
        {QStringLiteral("rank"), c.rank},
        {QStringLiteral("distance"), c.distance},
        {QStringLiteral("fmr"), c.fmr ? QJsonValue(c.fmr->fmr) : QJsonValue()},
        {QStringLiteral("fmr_upper_bound"), c.fmr ? QJsonValue(c.fmr->beyondData) : QJsonValue()},
        {QStringLiteral("expected_false_candidates"),
         c.expectedFalseCandidates >= 0 ? QJsonValue(c.expectedFalseCandidates) : QJsonValue()},
        {QStringLiteral("face_id"), p.faceId},
        {QStringLiteral("face_index"), p.faceIndex},
        {QStringLiteral("box"), FaceJson::box(p.box)},
        {QStringLiteral("quality"), p.qualityLevel},
        {QStringLiteral("subject_id"), p.subjectExternalId.isEmpty() ? QJsonValue() : QJsonValue(p.subjectExternalId)},
        {QStringLiteral("subject_name"), p.subjectName},
        {QStringLiteral("subject_attributes"), p.subjectAttributes},
        {QStringLiteral("image_id"), p.imageId},
        {QStringLiteral("image_path"), p.imagePath},
        {QStringLiteral("image_sha256"), p.imageSha256},
        {QStringLiteral("image_source"), p.source},
        {QStringLiteral("imported_at"), p.importedAt},
        {QStringLiteral("job_id"), p.jobId ? QJsonValue(*p.jobId) : QJsonValue()},
        // Checked now, on this machine: whether the analyst can see the enrolled photo itself,
        // and whether the workspace keeps the chip to fall back on when not (schema 6).
        {QStringLiteral("original"), OriginalCheck::of(p.imagePath, p.imageSha256).toJson()},
        {QStringLiteral("stored_chip"), p.storedChip},
    };
    return out;
}

QJsonObject resultJson(const BatchCaseSearch::SearchedFace& face) {
    const GallerySearchOutcome& outcome = face.recorded.search;
    QJsonArray candidates;
    for (const SearchCandidate& c : outcome.candidates) candidates.append(candidateJson(c));
    return QJsonObject{
        {QStringLiteral("probe"), face.probe.path},
        {QStringLiteral("probe_sha256"), face.probe.sha256},
        {QStringLiteral("face"), face.faceNumber},
        {QStringLiteral("faces_in_probe"), face.probe.facesInPhoto},
        {QStringLiteral("box"), FaceJson::box(face.box)},
        {QStringLiteral("quality"), FaceJson::quality(face.quality)},
        {QStringLiteral("gallery"), outcome.galleryName},
        {QStringLiteral("gallery_id"), outcome.galleryId},
        {QStringLiteral("gallery_revision"), outcome.galleryRevision},
        {QStringLiteral("gallery_size"), qint64(outcome.gallerySize)},
        {QStringLiteral("model"), outcome.modelKey},
        {QStringLiteral("method"), GalleryIndex::methodName(outcome.method)},
        {QStringLiteral("k"), outcome.k},
        {QStringLiteral("search_ms"), outcome.searchMilliseconds},
        {QStringLiteral("candidates"), candidates},
    };
}

// With --case: the line also says where the search was recorded, and each candidate its
// candidates.id (what `verdict set` and the GUI refer to).
QJsonObject withRecord(QJsonObject line, const QString& caseNumber,
                       const BatchCaseSearch::SearchedFace& face) {
    const CaseSearch::Outcome& recorded = face.recorded;
    line.insert(QStringLiteral("case"), caseNumber);
    line.insert(QStringLiteral("probe_id"), face.probe.probeId);
    line.insert(QStringLiteral("search_id"), recorded.searchId);
    QJsonArray candidates = line.value(QStringLiteral("candidates")).toArray();
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        QJsonObject c = candidates[i].toObject();
        c.insert(QStringLiteral("candidate_id"), recorded.candidateIds[std::size_t(i)]);
        candidates[i] = c;
    }
    line.insert(QStringLiteral("candidates"), candidates);
    return line;
}

void printResultText(const BatchCaseSearch::SearchedFace& face) {
    const GallerySearchOutcome& outcome = face.recorded.search;
    const QLocale c = QLocale::c();
    printLine(QStringLiteral("Probe %1 (SHA-256 %2…), face %3 of %4, box %5,%6 %7x%8, quality %9")
                  .arg(face.probe.path, face.probe.sha256.left(12)).arg(face.faceNumber)
                  .arg(face.probe.facesInPhoto)
                  .arg(face.box.x(), 0, 'f', 0).arg(face.box.y(), 0, 'f', 0)
                  .arg(face.box.width(), 0, 'f', 0).arg(face.box.height(), 0, 'f', 0)
                  .arg(FaceQuality::levelName(face.quality.overall())));
    for (const QString& warning : face.quality.warnings) printLine(QStringLiteral("  ! ") + warning);
    printLine(QStringLiteral("Gallery \"%1\": N = %2 faces, %3 search in %4 ms")
                  .arg(outcome.galleryName, c.toString(qint64(outcome.gallerySize)),
                       GalleryIndex::methodName(outcome.method))
                  .arg(outcome.searchMilliseconds, 0, 'f', 1));
    printLine(QStringLiteral("%1  %2  %3  %4  %5  %6")
                  .arg(QStringLiteral("rank"), 4).arg(QStringLiteral("distance"), 8)
                  .arg(QStringLiteral("false-match rate"), -22).arg(QStringLiteral("exp. false"), 10)
                  .arg(QStringLiteral("subject"), -28).arg(QStringLiteral("image (SHA-256)")));
    for (const SearchCandidate& cand : outcome.candidates) {
        const CandidateProvenance& p = cand.provenance;
        QString subject = p.subjectExternalId;
        if (!p.subjectName.isEmpty() && p.subjectName != subject)
            subject += subject.isEmpty() ? p.subjectName : QStringLiteral(" (%1)").arg(p.subjectName);
        const QString expected = cand.expectedFalseCandidates < 0
                                     ? QStringLiteral("-")
                                     : c.toString(cand.expectedFalseCandidates, 'g', 2);
        printLine(QStringLiteral("%1  %2  %3  %4  %5  %6 (%7…)")
                      .arg(cand.rank, 4).arg(cand.distance, 8, 'f', 4).arg(FmrWording::shortRate(cand.fmr), -22)
                      .arg(expected, 10).arg(subject.isEmpty() ? QStringLiteral("-") : subject, -28)
                      .arg(p.imagePath, p.imageSha256.left(12)));
        const OriginalCheck original = OriginalCheck::of(p.imagePath, p.imageSha256);
        if (!original.verified()) {
            printLine(QStringLiteral("        ! original %1; %2")
                          .arg(original.describe(),
                               p.storedChip ? QStringLiteral("the chip stored at enrollment is kept")
                                            : QStringLiteral("no chip stored at enrollment")));
        }
    }
    printLine(QString());
}

}  // namespace

int runSearch(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Search an enrolled gallery with every face of each probe photo (or the chosen one) and "
        "list ranked candidates with their distance, calibrated false-match rate, subject and "
        "image provenance. Candidates are investigative leads, never identifications."));
    parser.addPositionalArgument(QStringLiteral("probes"), QStringLiteral("Probe photos."),
                                 QStringLiteral("PROBE..."));
    parser.addOption({QStringLiteral("gallery"), QStringLiteral("Gallery to search (required)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("probes-from"),
                      QStringLiteral("A text file with one probe path per line (relative to the "
                                     "file; blank lines and # comments skipped)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("face"),
                      QStringLiteral("Which faces of each probe: all (default), a face number as "
                                     "`detect` prints it, largest, or central."),
                      QStringLiteral("which"), QStringLiteral("all")});
    parser.addOption({QStringLiteral("k"),
                      QStringLiteral("Candidates per probe face (default: the policy's "
                                     "search.default_candidates, 20 unless a supervisor changed it)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("exact"),
                      QStringLiteral("Always compare against every face, even where an HNSW index "
                                     "would be used.")});
    parser.addOption({QStringLiteral("threads"),
                      QStringLiteral("Threads analysing probe photos (default: all cores)."),
                      QStringLiteral("n"), QString::number(BatchAnalyzer::defaultThreadCount())});
    parser.addOption({QStringLiteral("json"),
                      QStringLiteral("One JSON line per probe face (or per failed probe) on stdout "
                                     "(docs/cli.md).")});
    parser.addOption({QStringLiteral("case"),
                      QStringLiteral("The open case searched for (required: no search without a "
                                     "case and its stated purpose). Each probe is copied into the "
                                     "workspace as evidence of the case, and each search, its "
                                     "candidates and its audit record are recorded there."),
                      QStringLiteral("number")});
    parser.addOption({QStringLiteral("probe-kind"),
                      QStringLiteral("What the probes are (%1; default unknown). "
                                     "Sketches and drawings are not searched.")
                          .arg(ProbeRecord::kindNames()),
                      QStringLiteral("kind"), QStringLiteral("unknown")});
    parser.addOption({QStringLiteral("edit-note"),
                      QStringLiteral("With --probe-kind edited_image: what was edited."),
                      QStringLiteral("text")});
    addCalibrationOption(parser);
    addPipelineOptions(parser);
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;

    const QString galleryName = parser.value(QStringLiteral("gallery"));
    if (galleryName.isEmpty()) {
        printError(QStringLiteral("search needs --gallery NAME (see `facecase-cli gallery list`)"));
        return kExitUsage;
    }
    const auto choice = ProbeFaceChoice::parse(parser.value(QStringLiteral("face")));
    if (!choice) {
        printError(QStringLiteral("--face is all, largest, central or a face number (1, 2, …), not \"%1\"")
                       .arg(parser.value(QStringLiteral("face"))));
        return kExitUsage;
    }
    const auto threads = positiveIntOption(parser, QStringLiteral("threads"));
    auto options = pipelineOptionsFrom(parser);
    if (!threads || !options) return kExitUsage;
    std::optional<int> k;
    if (parser.isSet(QStringLiteral("k"))) {
        k = positiveIntOption(parser, QStringLiteral("k"));
        if (!k) return kExitUsage;
    }
    const auto probeKind = ProbeRecord::kindFromName(parser.value(QStringLiteral("probe-kind")));
    if (!probeKind) {
        printError(QStringLiteral("--probe-kind is one of %1, not \"%2\"")
                       .arg(ProbeRecord::kindNames(), parser.value(QStringLiteral("probe-kind"))));
        return kExitUsage;
    }
    auto paths = probePaths(parser);
    if (!paths) {
        printError(paths.errorMessage());
        return kExitNotDone;
    }
    if (paths->isEmpty()) {
        printError(QStringLiteral("search needs at least one PROBE photo or --probes-from LIST"));
        return kExitUsage;
    }
    const bool json = parser.isSet(QStringLiteral("json"));

    OpenedWorkspace opened;
    if (auto exit = openWorkspaceConnection(parser, opened)) return *exit;
    BatchCaseSearch::Request request;
    request.caseNumber = parser.value(QStringLiteral("case")).trimmed();
    request.galleryName = galleryName;
    request.probePaths = *paths;
    request.faces = *choice;
    request.k = k;
    request.mode = parser.isSet(QStringLiteral("exact")) ? SearchMode::ExactOnly : SearchMode::Automatic;
    request.probeKind = *probeKind;
    request.editNote = parser.value(QStringLiteral("edit-note"));
    request.pipeline = *options;
    request.descriptorModeChosen = parser.isSet(QStringLiteral("descriptor-mode"));
    request.calibrationFile = parser.value(QStringLiteral("calibration"));
    request.threads = *threads;

    BatchCaseSearch::Listener listener;
    listener.indexProgress = [&](std::size_t done, std::size_t total) {
        if (!json && (done % 100000 == 0 || done == total))
            printError(QStringLiteral("building the HNSW index: %1 of %2 faces").arg(done).arg(total));
    };
    listener.prepared = [&](const BatchCaseSearch::Prepared& prepared) {
        if (!prepared.calibrationNote.isEmpty()) printError(prepared.calibrationNote);
        if (json) return;
        printError(QStringLiteral("gallery \"%1\": %2 faces of %3 %4 in %5 s%6")
                       .arg(prepared.galleryName, QLocale::c().toString(qint64(prepared.gallerySize)),
                            prepared.modelKey, prepared.indexHow)
                       .arg(prepared.loadSeconds, 0, 'f', 2)
                       .arg(prepared.indexNote.isEmpty() ? QString()
                                                         : QStringLiteral(" (%1)").arg(prepared.indexNote)));
    };
    listener.problem = [&](const BatchCaseSearch::Problem& problem) {
        if (json) {
            printJson(FaceJson::probeError(problem.path, problem.faceNumber, problem.error));
        } else if (problem.faceNumber) {
            printError(QStringLiteral("%1: face %2 not searched: %3")
                           .arg(problem.path).arg(*problem.faceNumber).arg(problem.error.message));
        } else {
            printError(problem.error.message);
        }
    };
    listener.searched = [&](const BatchCaseSearch::SearchedFace& face) {
        if (json) {
            printJson(withRecord(resultJson(face), request.caseNumber, face));
            return;
        }
        printResultText(face);
        printLine(QStringLiteral("Recorded as search %1 of case %2 (candidate ids %3-%4).\n")
                      .arg(face.recorded.searchId).arg(request.caseNumber)
                      .arg(face.recorded.candidateIds.empty() ? 0 : face.recorded.candidateIds.front())
                      .arg(face.recorded.candidateIds.empty() ? 0 : face.recorded.candidateIds.back()));
    };

    const BatchCaseSearch search(*opened.workspace, *opened.connection, opened.workspace->actor());
    auto summary = search.run(request, listener, InterruptHandler::install());
    if (!summary) {
        if (request.caseNumber.isEmpty()) {
            printError(QStringLiteral("search needs --case NUMBER: every search belongs to an open case "
                                      "with a stated purpose (facecase-cli case create --number N "
                                      "--purpose TEXT); the refused attempt is in the audit log"));
            return kExitUsage;
        }
        printError(summary.errorMessage());
        return batchExitCodeFor(summary.error());
    }
    if (!json) {
        printLine(QStringLiteral("%1 probe photo(s), %2 face(s) searched, %3 probe(s) with a face "
                                 "not searched or no usable face. Candidates are investigative "
                                 "leads only — not identifications; false-match rates: %4.")
                      .arg(summary->probes).arg(summary->searchedFaces).arg(summary->probesWithProblems)
                      .arg(summary->calibrationSource.isEmpty() ? QStringLiteral("no calibration loaded")
                                                                : summary->calibrationSource));
    }
    return summary->allDone() ? kExitOk : kExitInputProblem;
}

}  // namespace facecase::cli
