#include "services/search/batch_case_search.h"

#include <QDir>
#include <map>
#include <thread>

#include "policy/policy_store.h"
#include "services/pipeline/batch_analyzer.h"
#include "services/pipeline/bounded_queue.h"
#include "services/search/built_in_calibration.h"
#include "services/pipeline/descriptor_model_key.h"
#include "services/search/gallery_index_cache.h"
#include "services/casework/probe_importer.h"
#include "store/case_repository.h"
#include "store/evidence_store.h"
#include "store/gallery_repository.h"
#include "store/gallery_statistics.h"
#include "store/open_case_guard.h"

namespace facecase {

namespace {

// One chosen face of an analysed probe, as far as the search needs it: chips and landmarks are
// dropped on the worker thread so thousands of probes stream through with flat memory.
struct ChosenFace {
    int number = 0;
    QRectF box;
    FaceQuality quality;
    Descriptor descriptor;
};

struct AnalysedProbe {
    int order = 0;  // in the list of imported probes (what the analyser numbers)
    BatchCaseSearch::Probe probe;
    std::vector<ChosenFace> faces;
    std::optional<Error> error;  // unreadable, no face, no such face number
};

AnalysedProbe toAnalysed(int order, BatchCaseSearch::Probe probe,
                         Result<PhotoAnalysis>&& analysis, const ProbeFaceChoice& choice) {
    AnalysedProbe out{order, std::move(probe), {}, std::nullopt};
    if (!analysis) {
        out.error = analysis.error();
        return out;
    }
    const PhotoAnalysis& photo = *analysis;
    out.probe.sha256 = photo.source.sha256;
    out.probe.facesInPhoto = int(photo.faces.size());
    if (photo.faces.empty()) {
        out.error = Error::invalidInput(
            QStringLiteral("%1: no face found (faces from %2 px; try --min-face)")
                .arg(out.probe.path).arg(photo.effectiveMinFaceSize, 0, 'f', 0));
        return out;
    }
    auto chosen = choice.pick(photo.faces, photo.source.image.width(), photo.source.image.height(),
                              out.probe.path);
    if (!chosen) {
        out.error = chosen.error();
        return out;
    }
    for (int i : *chosen) {
        const DetectedFace& face = photo.faces[std::size_t(i)];
        if (!face.descriptor) continue;
        out.faces.push_back(ChosenFace{face.index, face.box.rect, face.quality, *face.descriptor});
    }
    return out;
}

// A face's refusal (the policy, a closed case) is that face's result; anything else (the
// database, a model, a gallery removed meanwhile) would fail every later search too.
bool isItemProblem(const Error& error) { return error.kind == Error::Kind::InvalidInput; }

}  // namespace

BatchCaseSearch::BatchCaseSearch(Workspace workspace, const DatabaseConnection& connection,
                                 Actor actor)
    : m_workspace(std::move(workspace)), m_connection(connection), m_actor(std::move(actor)) {}

Error BatchCaseSearch::refuseBatch(const CaseRecord* theCase, const Request& request,
                                   Error why) const {
    return CaseSearch::recordRefusal(m_connection, theCase, request.galleryName,
                                     int(request.probePaths.size()), m_actor.name(), std::move(why));
}

Result<BatchCaseSearch::Summary> BatchCaseSearch::run(const Request& request,
                                                      const Listener& listener,
                                                      const std::atomic_bool& cancel) const {
    // No search without an open case: the attempt is recorded even when no case can carry it,
    // since a refused search is still an action on biometric data.
    if (request.caseNumber.trimmed().isEmpty())
        return refuseBatch(nullptr, request, Error::invalidInput(QStringLiteral("no case given")));
    auto found = CaseRepository(m_connection).findByNumber(request.caseNumber.trimmed());
    if (!found) return refuseBatch(nullptr, request, found.error());
    if (auto open = OpenCaseGuard::require(m_connection, found->id, QStringLiteral("search")); !open)
        return refuseBatch(&*found, request, open.error());
    const CaseRecord theCase = *found;
    auto agencyPolicy = PolicyStore(m_connection).load();
    if (!agencyPolicy) return refuseBatch(&theCase, request, agencyPolicy.error());
    const int k = request.k.value_or(agencyPolicy->defaultCandidates);
    // The list length is the same for every face: refused once, before anything is copied.
    if (auto length = SearchPolicy::from(*agencyPolicy).checkListLength(k); !length)
        return refuseBatch(&theCase, request, length.error());
    auto gallery = GalleryRepository(m_connection).findByName(request.galleryName);
    if (!gallery) return gallery.error();

    Summary summary;
    summary.probes = int(request.probePaths.size());
    const auto reportProbe = [&](int index, const QString& path, const Error& error) {
        ++summary.probesWithProblems;
        if (listener.problem) listener.problem(Problem{index, path, std::nullopt, error});
    };

    // Every probe becomes evidence of the case before anything is searched, and the evidence
    // copy (whose SHA-256 was proved) is what gets analysed: the original may change.
    std::vector<Probe> imported;
    QStringList analysisPaths;
    const ProbeImporter importer(m_workspace);
    for (int i = 0; i < request.probePaths.size(); ++i) {
        const QString& path = request.probePaths[i];
        auto added = importer.import(
            m_connection, ProbeImporter::Request{theCase.id, path, request.probeKind, request.editNote},
            m_actor.name());
        if (!added) {
            if (added.error().kind == Error::Kind::Internal) return added.error();
            reportProbe(i, path, added.error());
            continue;
        }
        // The evidence copy, checked against its SHA-256: the folder's file, or the agency
        // database's bytes fetched into this workstation's cache.
        auto evidence = EvidenceStore(m_workspace, m_connection).localFile(added->probe.evidencePath);
        if (!evidence) {
            reportProbe(i, path, evidence.error());
            continue;
        }
        imported.push_back(Probe{i, path, added->probe.sha256, added->probe.id, 0});
        analysisPaths << *evidence;
    }
    if (imported.empty()) return summary;

    auto models = FaceModels::loadDefault();
    if (!models) return models.error();
    PipelineOptions options = request.pipeline;
    if (!request.descriptorModeChosen) {
        auto enrolled = GalleryStatistics::descriptorModelsOf(m_connection, gallery->id);
        if (!enrolled) return enrolled.error();
        if (enrolled->size() == 1)
            if (auto mode = DescriptorModelKey::modeOf(**models, enrolled->front().first))
                options.descriptorMode = *mode;
    }
    const QString modelKey = DescriptorModelKey::of(**models, options.descriptorMode);
    auto calibration = BuiltInCalibration::choose(modelKey, request.calibrationFile);
    if (!calibration) return calibration.error();
    if (calibration->table) summary.calibrationSource = calibration->table->source().dataset;

    // Load the index before the first probe, so its cost is reported once and on its own. A
    // gallery above the HNSW threshold builds its graph once (minutes per million faces).
    // The index cache is this workstation's: the workspace folder, or the user's cache for an
    // agency database.
    const GallerySearch gallerySearch(
        std::make_shared<GalleryIndexCache>(
            QDir(m_workspace.localCacheFolder()).filePath(QStringLiteral("indexes"))),
        calibration->table);
    auto warm = gallerySearch.loadIndex(m_connection, *gallery, modelKey, [&](std::size_t done, std::size_t total) {
        if (listener.indexProgress) listener.indexProgress(done, total);
        return !cancel.load();
    });
    if (!warm) return warm.error();
    if (listener.prepared) {
        listener.prepared(Prepared{theCase, gallery->name, modelKey, warm->index->size(),
                                   warm->loadSeconds + warm->hnswSeconds, warm->how(), warm->hnswNote,
                                   calibration->note, k});
    }
    const CaseSearch caseSearch(gallerySearch, (*models)->descriptorWeights()->shardSha256);

    // Probes are analysed on worker threads and searched here, on the thread that owns the
    // connection; the queue keeps a bounded number of analysed probes in flight.
    std::atomic_bool stop = false;
    BoundedQueue<AnalysedProbe> analysed(std::size_t(std::max(1, request.threads)) * 4);
    BatchAnalyzer analyzer(*models, options, std::max(1, request.threads));
    Result<void> batch{};
    std::thread producer([&] {
        batch = analyzer.run(analysisPaths, [&](int index, Result<PhotoAnalysis>&& analysis) {
            if (cancel.load() ||
                !analysed.push(toAnalysed(index, imported[std::size_t(index)], std::move(analysis),
                                          request.faces)))
                stop = true;
        }, &stop);
        analysed.close();
    });

    std::optional<Error> fatal;
    std::map<int, AnalysedProbe> waiting;  // analysed out of order, reported in input order
    int next = 0;
    while (auto item = analysed.pop()) {
        waiting.emplace(item->order, std::move(*item));
        for (auto it = waiting.find(next); it != waiting.end() && !fatal; it = waiting.find(++next)) {
            const AnalysedProbe& probe = it->second;
            if (probe.error) reportProbe(probe.probe.index, probe.probe.path, *probe.error);
            bool refusedFace = false;
            for (const ChosenFace& face : probe.faces) {
                if (cancel.load()) break;
                auto recorded = caseSearch.run(
                    m_connection,
                    CaseSearch::Request{theCase.id, probe.probe.probeId,
                                        CaseSearch::ProbeFace{face.number, face.box, face.descriptor,
                                                              face.quality, false},
                                        gallery->name, modelKey, k, request.mode, std::nullopt},
                    m_actor.name());
                if (!recorded) {
                    if (!isItemProblem(recorded.error())) {
                        fatal = recorded.error();
                        analysed.discardAndClose();
                        break;
                    }
                    ++summary.refusedFaces;
                    refusedFace = true;
                    if (listener.problem)
                        listener.problem(Problem{probe.probe.index, probe.probe.path, face.number,
                                                 recorded.error()});
                    continue;
                }
                ++summary.searchedFaces;
                if (listener.searched)
                    listener.searched(SearchedFace{probe.probe, face.number, face.box, face.quality, *recorded});
            }
            if (refusedFace && !probe.error) ++summary.probesWithProblems;
            waiting.erase(it);
        }
        if (fatal) break;
    }
    stop = true;
    analysed.discardAndClose();
    producer.join();
    if (fatal) return *fatal;
    if (cancel.load()) return Error::cancelled(QStringLiteral("search cancelled"));
    if (!batch) return batch.error();
    return summary;
}

}  // namespace facecase
