#include "cli/bench_recording.h"

#include "services/casework/case_catalog.h"
#include "services/casework/probe_importer.h"
#include "store/search_reader.h"

namespace facecase::cli {

Result<BenchRecording> BenchRecording::prepare(const Workspace& workspace, const DatabaseConnection& connection,
                                               const QString& photoPath, QString weightsSha256) {
    const Actor actor = workspace.actor();
    const CaseCatalog cases(connection, actor);
    auto theCase = cases.findByNumber(kCaseNumber);
    if (!theCase && theCase.error().kind == Error::Kind::NotFound) {
        CaseRecord draft;
        draft.caseNumber = kCaseNumber;
        draft.title = QStringLiteral("Benchmark: bench gallery-search --record");
        draft.purpose = QStringLiteral(
            "Benchmark only, not casework: facecase-cli bench gallery-search --record times how "
            "searches of a synthetic gallery (gallery synth; its faces are not people) are put on "
            "record.");
        theCase = cases.create(draft);
    }
    if (!theCase) return theCase.error();
    if (theCase->status != CaseRecord::Status::Open) {
        return Error::invalidInput(QStringLiteral("the benchmark case \"%1\" is %2; reopen it (case reopen) "
                                                  "to record searches in it")
                                       .arg(theCase->caseNumber, CaseRecord::statusName(theCase->status)));
    }
    ProbeImporter::Request request;
    request.caseId = theCase->id;
    request.path = photoPath;
    request.declaredKind = ProbeRecord::DeclaredKind::CameraPhoto;
    auto added = ProbeImporter(workspace).import(connection, request, actor.name());
    if (!added) return added.error();

    BenchRecording recording(connection, actor.name(), std::move(weightsSha256));
    recording.m_caseId = theCase->id;
    recording.m_probeId = added->probe.id;
    recording.m_photo = QRectF(0, 0, added->probe.width, added->probe.height);
    recording.m_probeImportedNow = !added->alreadyInCase;
    return recording;
}

Result<SearchRecorder::Recorded> BenchRecording::record(const GallerySearchOutcome& searched,
                                                        const Descriptor& probe, int k,
                                                        const QDateTime& startedAt) const {
    CaseSearch::Request request;
    request.caseId = m_caseId;
    request.probeId = m_probeId;
    request.face.index = 1;
    request.face.box = m_photo;
    request.face.descriptor = probe;
    request.face.manual = true;
    request.galleryName = searched.galleryName;
    request.modelKey = searched.modelKey;
    request.k = k;
    return CaseSearch::record(*m_connection, request, searched, startedAt, m_weightsSha256, m_actor);
}

Result<qint64> BenchRecording::searchesInCase() const {
    auto searches = SearchReader(*m_connection).searchesOfCase(m_caseId);
    if (!searches) return searches.error();
    return qint64(searches->size());
}

}  // namespace facecase::cli
