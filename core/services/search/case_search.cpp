#include "services/search/case_search.h"

#include "store/gallery_repository.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <cmath>

#include "policy/policy_store.h"
#include "audit/audit_numbers.h"
#include "audit/audit_trail.h"
#include "store/case_repository.h"
#include "store/open_case_guard.h"
#include "store/probe_repository.h"
#include "store/refusal_record.h"
#include "store/search_recorder.h"
#include "store/sql_values.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
// The probe, if it belongs to the case and may be searched.
Result<ProbeRecord> searchableProbe(const DatabaseConnection& connection, qint64 caseId,
                                    qint64 probeId, const QString& caseNumber) {
    auto probe = ProbeRepository(connection).findById(probeId);
    if (!probe) return probe.error();
    if (probe->caseId != caseId) {
        return Error::invalidInput(
            QStringLiteral("probe %1 is not a probe of case \"%2\"").arg(probeId).arg(caseNumber));
    }
    return probe;
}
}  // namespace

CaseSearch::CaseSearch(GallerySearch search, QString weightsSha256)
    : m_search(std::move(search)), m_weightsSha256(std::move(weightsSha256)) {}

Result<CaseSearch::Outcome> CaseSearch::run(const DatabaseConnection& connection,
                                            const Request& request, const QString& actor,
                                            const HnswIndex::Progress& progress) const {
    if (request.threshold && !(std::isfinite(*request.threshold) && *request.threshold > 0)) {
        return Error::invalidInput(
            QStringLiteral("threshold %1 is not a positive distance").arg(*request.threshold));
    }
    // Checked before the (possibly long) search; SearchRecorder checks the case again under the
    // write lock, so a case closed meanwhile still gets no search recorded.
    auto theCase = OpenCaseGuard::require(connection, request.caseId, QStringLiteral("search"));
    if (!theCase) {
        // A search attempted in a closed (or purged) case is a refused action and goes on
        // record; an unknown case id has no case to put it on.
        if (theCase.error().kind != Error::Kind::InvalidInput) return theCase.error();
        auto closed = CaseRepository(connection).findById(request.caseId);
        if (!closed) return theCase.error();
        auto probe = ProbeRepository(connection).findById(request.probeId);
        return refused(connection, *closed, probe && probe->caseId == closed->id ? &*probe : nullptr,
                       request, actor, theCase.error());
    }
    auto probe = searchableProbe(connection, request.caseId, request.probeId, theCase->caseNumber);
    if (!probe) return probe.error();
    if (probe->isDrawing()) {
        return refused(connection, *theCase, &*probe, request, actor,
                       Error::invalidInput(
            QStringLiteral("%1: declared a %2; sketches and drawings are not photographs of the "
                           "person and are not searched")
                .arg(probe->originalPath,
                     ProbeRecord::kindName(probe->declaredKind).replace(QLatin1Char('_'),
                                                                         QLatin1Char(' ')))));
    }
    const double* threshold = request.threshold ? &*request.threshold : nullptr;
    auto agencyPolicy = PolicyStore(connection).load();
    if (!agencyPolicy) return refused(connection, *theCase, &*probe, request, actor, agencyPolicy.error());
    if (auto allowed = SearchPolicy::from(*agencyPolicy).check(request.k, request.face.quality, threshold,
                                      m_search.calibration().get());
        !allowed)
        return refused(connection, *theCase, &*probe, request, actor, allowed.error());
    if (auto gallery = GalleryRepository(connection).findByName(request.galleryName,
                                                                GalleryRepository::Counts::Skipped);
        gallery && gallery->isSynthetic()) {
        return refused(connection, *theCase, &*probe, request, actor,
                       Error::invalidInput(QStringLiteral("gallery \"%1\" is a synthetic benchmark "
                                                          "gallery: its faces are not people and "
                                                          "are never searched for a case")
                                               .arg(gallery->name)));
    }

    const QDateTime startedAt = QDateTime::currentDateTimeUtc();
    auto found = m_search.search(
        connection,
        GallerySearchRequest{request.galleryName, request.modelKey, request.face.descriptor,
                             request.k, request.mode},
        progress);
    if (!found) return found.error();
    Outcome outcome;
    outcome.search = std::move(found).value();
    if (request.threshold) {
        std::erase_if(outcome.search.candidates, [&](const SearchCandidate& c) {
            return c.distance > *request.threshold;
        });
    }

    auto recorded = record(connection, request, outcome.search, startedAt, m_weightsSha256, actor);
    if (!recorded) return recorded.error();
    outcome.searchId = recorded->searchId;
    outcome.candidateIds = std::move(recorded->candidateIds);
    outcome.audit = std::move(recorded->audit);
    return outcome;
}

Result<SearchRecorder::Recorded> CaseSearch::record(const DatabaseConnection& connection,
                                                    const Request& request,
                                                    const GallerySearchOutcome& searched,
                                                    const QDateTime& startedAt,
                                                    const QString& weightsSha256,
                                                    const QString& actor) {
    SearchRecorder::Draft draft;
    draft.caseId = request.caseId;
    draft.probeId = request.probeId;
    draft.faceIndex = request.face.index;
    draft.box = request.face.box;
    draft.manualFace = request.face.manual;
    draft.descriptor = request.face.descriptor;
    draft.quality = request.face.quality;
    draft.galleryId = searched.galleryId;
    draft.galleryName = searched.galleryName;
    draft.galleryRevision = searched.galleryRevision;
    draft.gallerySize = qint64(searched.gallerySize);
    draft.modelKey = searched.modelKey;
    draft.weightsSha256 = weightsSha256;
    draft.method = GalleryIndex::methodName(searched.method);
    draft.k = request.k;
    draft.threshold = request.threshold;
    draft.startedAt = startedAt;
    draft.finishedAt = QDateTime::currentDateTimeUtc();
    draft.candidates.reserve(searched.candidates.size());
    for (const SearchCandidate& c : searched.candidates) {
        SearchRecorder::Candidate candidate;
        candidate.rank = c.rank;
        candidate.faceId = c.provenance.faceId;
        candidate.distance = c.distance;
        if (c.fmr) {
            candidate.fmr = c.fmr->fmr;
            candidate.fmrBeyondData = c.fmr->beyondData;
        }
        candidate.imageSha256 = c.provenance.imageSha256;
        candidate.subjectExternalId = c.provenance.subjectExternalId;
        candidate.subjectName = c.provenance.subjectName;
        draft.candidates.push_back(std::move(candidate));
    }
    return SearchRecorder(connection).record(draft, actor);
}

Error CaseSearch::appendRefusal(const DatabaseConnection& connection, std::optional<qint64> caseId,
                               QJsonObject details, const QString& actor, Error reason) {
    return RefusalRecord::write(connection, QStringLiteral("search_refused"), caseId,
                                std::move(details), actor, std::move(reason));
}

Error CaseSearch::refused(const DatabaseConnection& connection, const CaseRecord& theCase,
                         const ProbeRecord* probe, const Request& request, const QString& actor,
                         Error reason) {
    QJsonObject details{
        {QStringLiteral("case_number"), theCase.caseNumber},
        {QStringLiteral("face_index"), request.face.index},
        {QStringLiteral("gallery"), request.galleryName},
        {QStringLiteral("list_length"), request.k},
    };
    if (probe) {
        details.insert(QStringLiteral("probe_id"), probe->id);
        details.insert(QStringLiteral("probe_sha256"), probe->sha256);
    }
    return appendRefusal(connection, theCase.id, std::move(details), actor, std::move(reason));
}

Error CaseSearch::recordRefusal(const DatabaseConnection& connection, const CaseRecord* theCase,
                                const QString& galleryName, int probeCount, const QString& actor,
                                Error reason) {
    QJsonObject details{{QStringLiteral("gallery"), galleryName},
                        {QStringLiteral("probe_count"), probeCount}};
    if (theCase) details.insert(QStringLiteral("case_number"), theCase->caseNumber);
    return appendRefusal(connection, theCase ? std::optional<qint64>(theCase->id) : std::nullopt,
                         std::move(details), actor, std::move(reason));
}

Result<AuditRecord> CaseSearch::recordManualFace(const DatabaseConnection& connection,
                                                 qint64 caseId, qint64 probeId, const QRectF& box,
                                                 const QString& actor) {
    if (!(box.width() > 0 && box.height() > 0) || box.x() < 0 || box.y() < 0) {
        return Error::invalidInput(QStringLiteral("a face box needs a positive size inside the photo"));
    }
    auto transaction = Transaction::begin(connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto theCase = OpenCaseGuard::require(connection, caseId, QStringLiteral("mark a face"));
    if (!theCase) return theCase.error();
    auto probe = searchableProbe(connection, caseId, probeId, theCase->caseNumber);
    if (!probe) return probe.error();
    if (box.right() > probe->width || box.bottom() > probe->height) {
        return Error::invalidInput(QStringLiteral("%1: the face box reaches outside the %2x%3 photo")
                                       .arg(probe->originalPath)
                                       .arg(probe->width)
                                       .arg(probe->height));
    }
    AuditEntry entry;
    entry.action = QStringLiteral("face_marked_by_hand");
    entry.actor = actor;
    entry.caseId = caseId;
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), theCase->caseNumber},
        {QStringLiteral("probe_id"), probeId},
        {QStringLiteral("probe_sha256"), probe->sha256},
        {QStringLiteral("face_box"), audit::box(box)},
    };
    auto recorded = AuditTrail(connection).append(*transaction, entry);
    if (!recorded) return recorded.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return recorded;
}

Result<AuditRecord> CaseSearch::recordCandidateOpened(const DatabaseConnection& connection,
                                                      qint64 candidateId, const QString& actor) {
    auto transaction = Transaction::begin(connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT s.case_id, k.case_number, c.search_id, c.rank, c.face_id, c.image_sha256 "
        "FROM candidates c JOIN searches s ON s.id = c.search_id JOIN cases k ON k.id = s.case_id "
        "WHERE c.id = ?"));
    query.bindValue(0, candidateId);
    if (!query.exec()) {
        return databaseError(connection.databasePath(),
                             QStringLiteral("look up candidate %1").arg(candidateId),
                             query.lastError());
    }
    if (!query.next()) {
        return Error::notFound(QStringLiteral("%1: no candidate with id %2")
                                   .arg(connection.databasePath())
                                   .arg(candidateId));
    }
    AuditEntry entry;
    entry.action = QStringLiteral("candidate_opened");
    entry.actor = actor;
    entry.caseId = query.value(0).toLongLong();
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), query.value(1).toString()},
        {QStringLiteral("candidate_id"), candidateId},
        {QStringLiteral("search_id"), query.value(2).toLongLong()},
        {QStringLiteral("rank"), query.value(3).toInt()},
        {QStringLiteral("face_id"), query.value(4).isNull() ? QJsonValue() : QJsonValue(query.value(4).toLongLong())},
        {QStringLiteral("image_sha256"), query.value(5).toString()},
    };
    query.finish();
    auto recorded = AuditTrail(connection).append(*transaction, entry);
    if (!recorded) return recorded.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return recorded;
}

}  // namespace facecase
