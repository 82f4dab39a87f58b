// `facecase-cli search`: probe photos -> faces -> ranked candidates from an enrolled gallery.
#include "cli/calibration_args.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/interrupt_handler.h"
#include "cli/pipeline_options_args.h"
#include "cli/workspace_args.h"
#include "policy/policy_store.h"
#include "services/batch_analyzer.h"
#include "services/case_search.h"
#include "services/enrollment_options.h"
#include "services/probe_importer.h"
#include "services/bounded_queue.h"
#include "services/descriptor_model_key.h"
#include "services/face_json.h"
#include "services/face_picker.h"
#include "services/gallery_search.h"
#include "store/case_repository.h"
#include "store/gallery_statistics.h"
#include "store/open_case_guard.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>

#include <cmath>
#include <map>
#include <thread>

namespace facecase::cli {

namespace {

// Which faces of a probe photo to search with.
struct FaceChoice {
    enum class Kind { All, Number, Largest, Central } kind = Kind::All;
    int number = 0;  // 1-based, for Kind::Number
};

std::optional<FaceChoice> parseFaceChoice(const QString& text) {
    if (text == QLatin1String("all")) return FaceChoice{};
    if (text == QLatin1String("largest")) return FaceChoice{FaceChoice::Kind::Largest, 0};
    if (text == QLatin1String("central")) return FaceChoice{FaceChoice::Kind::Central, 0};
    bool ok = false;
    const int n = text.toInt(&ok);
    if (ok && n >= 1) return FaceChoice{FaceChoice::Kind::Number, n};
    return std::nullopt;
}

// The probe face as far as the search and its printout need it (chips and landmarks dropped:
// thousands of probes stream through with flat memory).
struct ProbeFace {
    int number = 0;  // as `detect` numbers faces
    QRectF box;
    FaceQuality quality;
    Descriptor descriptor;
};

struct AnalyzedProbe {
    int index = 0;
    QString path;
    QString sha256;
    int facesInPhoto = 0;
    std::vector<ProbeFace> faces;  // the chosen ones
    std::optional<Error> error;    // unreadable, no face, no such face number
};

AnalyzedProbe toProbe(int index, const QString& path, Result<PhotoAnalysis>&& analysis,
                      const FaceChoice& choice) {
    AnalyzedProbe probe;
    probe.index = index;
    probe.path = path;
    if (!analysis) {
        probe.error = analysis.error();
        return probe;
    }
    const PhotoAnalysis& photo = *analysis;
    probe.sha256 = photo.source.sha256;
    probe.facesInPhoto = int(photo.faces.size());
    if (photo.faces.empty()) {
        probe.error = Error::invalidInput(
            QStringLiteral("%1: no face found (faces from %2 px; try --min-face)")
                .arg(path).arg(photo.effectiveMinFaceSize, 0, 'f', 0));
        return probe;
    }
    std::vector<int> chosen;
    switch (choice.kind) {
        case FaceChoice::Kind::All:
            for (int i = 0; i < probe.facesInPhoto; ++i) chosen.push_back(i);
            break;
        case FaceChoice::Kind::Largest: chosen.push_back(FacePicker::largest(photo.faces)); break;
        case FaceChoice::Kind::Central:
            chosen.push_back(FacePicker::nearestCenter(photo.faces, photo.source.image.width(),
                                                       photo.source.image.height()));
            break;
        case FaceChoice::Kind::Number:
            if (choice.number > probe.facesInPhoto) {
                probe.error = Error::invalidInput(QStringLiteral("%1: has %2 face(s), no face %3")
                                                      .arg(path).arg(probe.facesInPhoto).arg(choice.number));
                return probe;
            }
            chosen.push_back(choice.number - 1);
            break;
    }
    for (int i : chosen) {
        const DetectedFace& face = photo.faces[std::size_t(i)];
        if (!face.descriptor) continue;
        probe.faces.push_back(ProbeFace{face.index, face.box.rect, face.quality, *face.descriptor});
    }
    return probe;
}

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

QString formatFmr(const SearchCandidate& c) {
    if (!c.fmr) return QStringLiteral("-");
    // Two significant digits: the table is an estimate from a finite set of pairs.
    const double inverse = c.fmr->fmr > 0 ? 1.0 / c.fmr->fmr : 0;
    const double scale = inverse >= 100 ? std::pow(10.0, std::floor(std::log10(inverse)) - 1) : 1;
    const QString oneIn = QLocale(QLocale::English).toString(std::round(inverse / scale) * scale, 'f', 0);
    return c.fmr->beyondData ? QStringLiteral("< 1 in %1").arg(oneIn) : QStringLiteral("1 in %1").arg(oneIn);
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
    };
    return out;
}

QJsonObject resultJson(const AnalyzedProbe& probe, const ProbeFace& face,
                       const GallerySearchOutcome& outcome) {
    QJsonArray candidates;
    for (const SearchCandidate& c : outcome.candidates) candidates.append(candidateJson(c));
    return QJsonObject{
        {QStringLiteral("probe"), probe.path},
        {QStringLiteral("probe_sha256"), probe.sha256},
        {QStringLiteral("face"), face.number},
        {QStringLiteral("faces_in_probe"), probe.facesInPhoto},
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
QJsonObject withRecord(QJsonObject line, const CaseRecord& theCase, qint64 probeId,
                       const CaseSearch::Outcome& recorded) {
    line.insert(QStringLiteral("case"), theCase.caseNumber);
    line.insert(QStringLiteral("probe_id"), probeId);
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

void printResultText(const AnalyzedProbe& probe, const ProbeFace& face,
                     const GallerySearchOutcome& outcome) {
    const QLocale c = QLocale::c();
    printLine(QStringLiteral("Probe %1 (SHA-256 %2…), face %3 of %4, box %5,%6 %7x%8, quality %9")
                  .arg(probe.path, probe.sha256.left(12)).arg(face.number).arg(probe.facesInPhoto)
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
                      .arg(cand.rank, 4).arg(cand.distance, 8, 'f', 4).arg(formatFmr(cand), -22)
                      .arg(expected, 10).arg(subject.isEmpty() ? QStringLiteral("-") : subject, -28)
                      .arg(p.imagePath, p.imageSha256.left(12)));
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
    const auto choice = parseFaceChoice(parser.value(QStringLiteral("face")));
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
    auto paths = probePaths(parser);
    if (!paths) {
        printError(paths.errorMessage());
        return kExitInputProblem;
    }
    if (paths->isEmpty()) {
        printError(QStringLiteral("search needs at least one PROBE photo or --probes-from LIST"));
        return kExitUsage;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    const QString caseNumber = parser.value(QStringLiteral("case")).trimmed();
    const auto probeKind = ProbeRecord::kindFromName(parser.value(QStringLiteral("probe-kind")));
    if (!probeKind) {
        printError(QStringLiteral("--probe-kind is one of %1, not \"%2\"")
                       .arg(ProbeRecord::kindNames(), parser.value(QStringLiteral("probe-kind"))));
        return kExitUsage;
    }

    OpenedWorkspace opened;
    if (auto exit = openWorkspaceConnection(parser, opened)) return *exit;
    auto& workspace = opened.workspace;
    auto& connection = opened.connection;
    const QString actor = EnrollmentOptions::currentUser();
    // No search without an open case (issue 6's first guardrail). The attempt is recorded even
    // when no case can carry it: a refused search is still an action on biometric data.
    const auto refuse = [&](const CaseRecord* theCase, Error why) {
        const Error recorded = CaseSearch::recordRefusal(*connection, theCase, galleryName,
                                                         int(paths->size()), actor, std::move(why));
        printError(recorded.message);
        return exitCodeFor(recorded);
    };
    if (caseNumber.isEmpty()) {
        printError(QStringLiteral("search needs --case NUMBER: every search belongs to an open case "
                                  "with a stated purpose (facecase-cli case create --number N "
                                  "--purpose TEXT); the refused attempt is in the audit log"));
        refuse(nullptr, Error::invalidInput(QStringLiteral("no case given")));
        return kExitUsage;
    }
    auto found = CaseRepository(*connection).findByNumber(caseNumber);
    if (!found) return refuse(nullptr, found.error());
    if (auto open = OpenCaseGuard::require(*connection, found->id, QStringLiteral("search")); !open) {
        return refuse(&*found, open.error());
    }
    const CaseRecord theCase = *found;
    auto agencyPolicy = PolicyStore(*connection).load();
    if (!agencyPolicy) return refuse(&theCase, agencyPolicy.error());
    if (!k) k = agencyPolicy->defaultCandidates;

    auto gallery = GalleryRepository(*connection).findByName(galleryName);
    if (!gallery) {
        printError(gallery.errorMessage());
        return exitCodeFor(gallery.error());
    }

    // Every probe becomes evidence of the case before anything is searched, and the evidence
    // copy (whose SHA-256 was proved) is what gets analysed: the original may change.
    int failedProbes = 0;
    QStringList displayPaths;
    QStringList analysisPaths;
    std::vector<qint64> probeIds;  // per analysed path
    {
        const ProbeImporter importer(*workspace);
        for (const QString& path : *paths) {
            auto imported = importer.import(
                *connection,
                ProbeImporter::Request{theCase.id, path, *probeKind,
                                       parser.value(QStringLiteral("edit-note"))},
                actor);
            if (!imported) {
                if (imported.error().kind == Error::Kind::Internal) {
                    printError(imported.errorMessage());
                    return exitCodeFor(imported.error());
                }
                ++failedProbes;
                if (json) printJson(FaceJson::error(path, imported.error()));
                else printError(imported.errorMessage());
                continue;
            }
            displayPaths << path;
            analysisPaths << QDir(workspace->folder()).filePath(imported->probe.evidencePath);
            probeIds.push_back(imported->probe.id);
        }
        if (analysisPaths.isEmpty()) return kExitInputProblem;
    }

    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());

    // Without --descriptor-mode, search the way the gallery was enrolled.
    if (!parser.isSet(QStringLiteral("descriptor-mode"))) {
        auto enrolled = GalleryStatistics::descriptorModelsOf(*connection, gallery->id);
        if (!enrolled) {
            printError(enrolled.errorMessage());
            return exitCodeFor(enrolled.error());
        }
        if (enrolled->size() == 1)
            if (auto mode = DescriptorModelKey::modeOf(**models, enrolled->front().first))
                options->descriptorMode = *mode;
    }
    const QString modelKey = DescriptorModelKey::of(**models, options->descriptorMode);
    auto calibration = calibrationFor(parser, modelKey);
    if (!calibration) return exitCodeFor(calibration.error());

    const std::atomic_bool& interrupted = InterruptHandler::install();
    auto cache = std::make_shared<GalleryIndexCache>(QDir(workspace->folder()).filePath(QStringLiteral("indexes")));
    const GallerySearch search(cache, *calibration);
    const CaseSearch caseSearch(search, (*models)->descriptorWeights()->shardSha256);
    // Load the index before the first probe, so its cost is reported once and on its own.
    // A gallery above the HNSW threshold builds its graph once (minutes per million faces).
    auto warm = cache->get(*connection, gallery->id, modelKey, [&](std::size_t done, std::size_t total) {
        if (!json && (done % 100000 == 0 || done == total))
            printError(QStringLiteral("building the HNSW index: %1 of %2 faces").arg(done).arg(total));
        return !interrupted.load();
    });
    if (!warm) {
        printError(warm.errorMessage());
        return exitCodeFor(warm.error());
    }
    if (!json)
        printError(QStringLiteral("gallery \"%1\": %2 faces of %3 loaded in %4 s%5")
                       .arg(gallery->name, QLocale::c().toString(qint64(warm->index->size())), modelKey)
                       .arg(warm->loadSeconds + warm->hnswSeconds, 0, 'f', 2)
                       .arg(warm->hnswNote.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(warm->hnswNote)));

    // Probes are analysed on worker threads and searched here, on the thread that owns the
    // database connection; the queue keeps a bounded number of analysed probes in flight.
    // The batch stops on Ctrl-C and when a search has failed (then nothing more is consumed).
    std::atomic_bool stop = false;
    BoundedQueue<AnalyzedProbe> analysed(std::size_t(*threads) * 4);
    BatchAnalyzer analyzer(*models, *options, *threads);
    Result<void> batch{};
    std::thread producer([&] {
        batch = analyzer.run(analysisPaths, [&](int index, Result<PhotoAnalysis>&& analysis) {
            if (interrupted.load() ||
                !analysed.push(toProbe(index, displayPaths[index], std::move(analysis), *choice)))
                stop = true;
        }, &stop);
        analysed.close();
    });

    int searchedFaces = 0;
    std::optional<Error> fatal;
    std::map<int, AnalyzedProbe> waiting;  // analysed out of order, printed in input order
    int next = 0;
    while (auto item = analysed.pop()) {
        waiting.emplace(item->index, std::move(*item));
        for (auto it = waiting.find(next); it != waiting.end(); it = waiting.find(++next)) {
            const AnalyzedProbe& probe = it->second;
            if (probe.error) {
                ++failedProbes;
                if (json) printJson(FaceJson::error(probe.path, *probe.error));
                else printError(probe.error->message);
            }
            for (const ProbeFace& face : probe.faces) {
                if (fatal) break;
                const SearchMode mode = parser.isSet(QStringLiteral("exact")) ? SearchMode::ExactOnly
                                                                             : SearchMode::Automatic;
                const qint64 probeId = probeIds[std::size_t(probe.index)];
                auto recorded = caseSearch.run(
                    *connection,
                    CaseSearch::Request{theCase.id, probeId,
                                        CaseSearch::ProbeFace{face.number, face.box, face.descriptor,
                                                              face.quality, false},
                                        gallery->name, modelKey, *k, mode, std::nullopt},
                    actor);
                if (!recorded) {
                    fatal = recorded.error();
                    analysed.discardAndClose();
                    break;
                }
                ++searchedFaces;
                if (json) {
                    printJson(withRecord(resultJson(probe, face, recorded->search), theCase, probeId,
                                         *recorded));
                } else {
                    printResultText(probe, face, recorded->search);
                    printLine(QStringLiteral("Recorded as search %1 of case %2 (candidate ids %3-%4).\n")
                                  .arg(recorded->searchId).arg(theCase.caseNumber)
                                  .arg(recorded->candidateIds.empty() ? 0 : recorded->candidateIds.front())
                                  .arg(recorded->candidateIds.empty() ? 0 : recorded->candidateIds.back()));
                }
            }
            waiting.erase(it);
        }
    }
    producer.join();
    if (fatal) {
        printError(fatal->message);
        return exitCodeFor(*fatal);
    }
    if (!batch) {
        printError(batch.errorMessage());
        return exitCodeFor(batch.error());
    }
    if (!json) {
        printLine(QStringLiteral("%1 probe photo(s), %2 face(s) searched, %3 probe(s) without a "
                                 "usable face. Candidates are investigative leads only — not "
                                 "identifications; false-match rates: %4.")
                      .arg(paths->size()).arg(searchedFaces).arg(failedProbes)
                      .arg(*calibration ? (*calibration)->source().dataset
                                        : QStringLiteral("no calibration loaded")));
    }
    return failedProbes > 0 ? kExitInputProblem : kExitOk;
}

}  // namespace facecase::cli
