#include "store/search_recorder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <map>

#include "audit/audit_numbers.h"
#include "audit/audit_trail.h"
#include "store/face_record.h"
#include "store/open_case_guard.h"
#include "store/probe_repository.h"
#include "store/sql_values.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
QJsonArray warningsJson(const FaceQuality& quality) {
    QJsonArray warnings;
    for (const QString& w : quality.warnings) warnings.append(w);
    return warnings;
}

// The stored search parameters (searches.parameters): everything needed to repeat the search or
// to judge it, measurements as plain JSON numbers (this column is not hashed).
QJsonObject parametersJson(const SearchRecorder::Draft& d) {
    const FaceQuality& q = d.quality;
    return QJsonObject{
        {QStringLiteral("k"), d.k},
        {QStringLiteral("threshold"), d.threshold ? QJsonValue(*d.threshold) : QJsonValue()},
        {QStringLiteral("method"), d.method},
        {QStringLiteral("gallery_size"), d.gallerySize},
        {QStringLiteral("model_key"), d.modelKey},
        {QStringLiteral("weights_sha256"), d.weightsSha256},
        {QStringLiteral("manual_face"), d.manualFace},
        {QStringLiteral("quality_level"), FaceQuality::levelName(q.overall())},
        {QStringLiteral("quality_warnings"), warningsJson(q)},
        {QStringLiteral("quality"),
         QJsonObject{{QStringLiteral("eye_distance_px"), q.eyeDistancePx},
                     {QStringLiteral("sharpness"), q.sharpness},
                     {QStringLiteral("yaw_degrees"), q.yawDegrees},
                     {QStringLiteral("roll_degrees"), q.rollDegrees},
                     {QStringLiteral("brightness"), q.brightness},
                     {QStringLiteral("contrast"), q.contrast}}},
        {QStringLiteral("software"), QStringLiteral("FaceCase " FACECASE_VERSION)},
    };
}

Result<void> validate(const SearchRecorder::Draft& d) {
    if (d.k < 1) return Error::invalidInput(QStringLiteral("a search asks for at least one candidate"));
    if (d.faceIndex < 1) return Error::invalidInput(QStringLiteral("probe face numbers start at 1"));
    if (!(d.box.width() > 0 && d.box.height() > 0)) {
        return Error::invalidInput(QStringLiteral("the probe face box is empty"));
    }
    if (d.modelKey.isEmpty()) return Error::invalidInput(QStringLiteral("a search names its model"));
    for (std::size_t i = 0; i < d.candidates.size(); ++i) {
        const SearchRecorder::Candidate& c = d.candidates[i];
        if (c.rank != int(i) + 1) {
            return Error::invalidInput(QStringLiteral("candidate %1 has rank %2; ranks run 1, 2, 3, ...")
                                           .arg(i + 1)
                                           .arg(c.rank));
        }
        if (!std::isfinite(c.distance) || c.distance < 0) {
            return Error::invalidInput(
                QStringLiteral("candidate %1 has distance %2").arg(c.rank).arg(c.distance));
        }
    }
    return {};
}
}  // namespace

Result<qint64> SearchRecorder::modelIdOf(const QString& modelKey) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id FROM descriptor_models WHERE name = ?"));
    query.bindValue(0, modelKey);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look up descriptor model \"%1\"").arg(modelKey),
                             query.lastError());
    }
    if (!query.next()) {
        return Error::notFound(QStringLiteral("%1: no faces were ever described with model \"%2\"")
                                   .arg(m_connection.databasePath(), modelKey));
    }
    return query.value(0).toLongLong();
}

Result<SearchRecorder::Recorded> SearchRecorder::record(const Draft& draft, const QString& actor) {
    if (auto valid = validate(draft); !valid) return valid.error();
    const QString& path = m_connection.databasePath();

    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    auto theCase =
        OpenCaseGuard::require(m_connection, draft.caseId, QStringLiteral("record a search"));
    if (!theCase) return theCase.error();
    auto probe = ProbeRepository(m_connection).findById(draft.probeId);
    if (!probe) return probe.error();
    if (probe->caseId != draft.caseId) {
        return Error::invalidInput(QStringLiteral("probe %1 belongs to another case than \"%2\"")
                                       .arg(probe->id)
                                       .arg(theCase->caseNumber));
    }
    auto modelId = modelIdOf(draft.modelKey);
    if (!modelId) return modelId.error();

    const QString startedAt = sql::timestamp(draft.startedAt);
    const QString finishedAt = sql::timestamp(draft.finishedAt);
    QSqlQuery insert(m_connection.database());
    insert.prepare(QStringLiteral(
        "INSERT INTO searches (case_id, gallery_id, gallery_name, gallery_revision, probe_sha256, "
        "probe_evidence_path, probe_original_path, probe_face_index, probe_box_x, probe_box_y, "
        "probe_box_width, probe_box_height, probe_descriptor, model_id, parameters, actor, "
        "started_at, finished_at, probe_id, manual_face) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    insert.bindValue(0, draft.caseId);
    insert.bindValue(1, draft.galleryId > 0 ? QVariant(draft.galleryId) : sql::nullInteger());
    insert.bindValue(2, draft.galleryName);
    insert.bindValue(3, draft.galleryRevision);
    insert.bindValue(4, probe->sha256);
    insert.bindValue(5, probe->evidencePath);
    insert.bindValue(6, sql::text(probe->originalPath));
    insert.bindValue(7, draft.faceIndex);
    insert.bindValue(8, draft.box.x());
    insert.bindValue(9, draft.box.y());
    insert.bindValue(10, draft.box.width());
    insert.bindValue(11, draft.box.height());
    insert.bindValue(12, FaceRecord::encodeDescriptor(draft.descriptor));
    insert.bindValue(13, *modelId);
    insert.bindValue(14, QString::fromUtf8(QJsonDocument(parametersJson(draft)).toJson(QJsonDocument::Compact)));
    insert.bindValue(15, actor);
    insert.bindValue(16, startedAt);
    insert.bindValue(17, finishedAt);
    insert.bindValue(18, draft.probeId);
    insert.bindValue(19, draft.manualFace ? 1 : 0);
    if (!insert.exec()) {
        return databaseError(path,
                             QStringLiteral("record the search of case \"%1\"").arg(theCase->caseNumber),
                             insert.lastError());
    }
    Recorded recorded;
    recorded.searchId = sql::insertedId(insert);

    // Many rows per INSERT: on an agency database each statement is a round trip made while
    // the write lock is held, and a search has 20 candidates by default. RETURNING gives each
    // row's rank with its id, so no order of the returned rows is assumed.
    constexpr std::size_t kRowsPerInsert = 100;  // 800 parameters, far below both limits
    std::map<int, qint64> idByRank;
    for (std::size_t first = 0; first < draft.candidates.size(); first += kRowsPerInsert) {
        const std::size_t count = std::min(kRowsPerInsert, draft.candidates.size() - first);
        QStringList rows;
        for (std::size_t i = 0; i < count; ++i) rows << QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?)");
        QSqlQuery candidate(m_connection.database());
        candidate.prepare(QStringLiteral(
            "INSERT INTO candidates (search_id, rank, face_id, distance, score, image_sha256, "
            "subject_external_id, subject_name) VALUES %1 RETURNING id, rank")
                              .arg(rows.join(QStringLiteral(", "))));
        for (std::size_t i = first; i < first + count; ++i) {
            const Candidate& c = draft.candidates[i];
            candidate.addBindValue(recorded.searchId);
            candidate.addBindValue(c.rank);
            candidate.addBindValue(c.faceId > 0 ? QVariant(c.faceId) : sql::nullInteger());
            candidate.addBindValue(c.distance);
            candidate.addBindValue(c.fmr ? QVariant(*c.fmr) : QVariant(QMetaType::fromType<double>()));
            candidate.addBindValue(c.imageSha256);
            candidate.addBindValue(c.subjectExternalId.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                                 : QVariant(c.subjectExternalId));
            candidate.addBindValue(sql::text(c.subjectName));
        }
        if (!candidate.exec()) {
            return databaseError(path,
                                 QStringLiteral("record candidates %1-%2 of the search of case \"%3\"")
                                     .arg(draft.candidates[first].rank)
                                     .arg(draft.candidates[first + count - 1].rank)
                                     .arg(theCase->caseNumber),
                                 candidate.lastError());
        }
        while (candidate.next()) idByRank[candidate.value(1).toInt()] = candidate.value(0).toLongLong();
        candidate.finish();
    }
    QJsonArray candidatesJson;
    recorded.candidateIds.reserve(draft.candidates.size());
    for (const Candidate& c : draft.candidates) {
        const auto inserted = idByRank.find(c.rank);  // ranks are unique per search (UNIQUE)
        if (inserted == idByRank.end()) {
            return Error::internal(QStringLiteral("%1: candidate %2 of the search of case \"%3\" "
                                                  "was not returned by its insert")
                                       .arg(path)
                                       .arg(c.rank)
                                       .arg(theCase->caseNumber));
        }
        const qint64 id = inserted->second;
        recorded.candidateIds.push_back(id);
        candidatesJson.append(QJsonObject{
            {QStringLiteral("rank"), c.rank},
            {QStringLiteral("candidate_id"), id},
            {QStringLiteral("face_id"), c.faceId},
            {QStringLiteral("distance"), audit::decimal(c.distance, kDistancePlaces)},
            {QStringLiteral("fmr"), c.fmr ? QJsonValue(audit::rate(*c.fmr)) : QJsonValue()},
            {QStringLiteral("fmr_upper_bound"), c.fmrBeyondData},
            {QStringLiteral("image_sha256"), c.imageSha256},
            {QStringLiteral("subject_external_id"), c.subjectExternalId},
            {QStringLiteral("subject_name"), c.subjectName},
        });
    }

    AuditEntry entry;
    entry.action = QStringLiteral("search_run");
    entry.actor = actor;
    entry.caseId = draft.caseId;
    entry.at = QDateTime::fromString(finishedAt, Qt::ISODateWithMs);
    entry.details = QJsonObject{
        {QStringLiteral("case_number"), theCase->caseNumber},
        {QStringLiteral("search_id"), recorded.searchId},
        {QStringLiteral("probe_id"), probe->id},
        {QStringLiteral("probe_sha256"), probe->sha256},
        {QStringLiteral("probe_declared_kind"), ProbeRecord::kindName(probe->declaredKind)},
        {QStringLiteral("face_index"), draft.faceIndex},
        {QStringLiteral("face_box"), audit::box(draft.box)},
        {QStringLiteral("manual_face"), draft.manualFace},
        {QStringLiteral("quality_level"), FaceQuality::levelName(draft.quality.overall())},
        {QStringLiteral("quality_warnings"), warningsJson(draft.quality)},
        {QStringLiteral("model_key"), draft.modelKey},
        {QStringLiteral("weights_sha256"), draft.weightsSha256},
        {QStringLiteral("software"), QStringLiteral("FaceCase " FACECASE_VERSION)},
        {QStringLiteral("gallery_id"), draft.galleryId},
        {QStringLiteral("gallery_name"), draft.galleryName},
        {QStringLiteral("gallery_revision"), draft.galleryRevision},
        {QStringLiteral("gallery_size"), draft.gallerySize},
        {QStringLiteral("method"), draft.method},
        {QStringLiteral("k"), draft.k},
        {QStringLiteral("threshold"), audit::optionalDecimal(draft.threshold, kDistancePlaces)},
        {QStringLiteral("list_length"), qint64(draft.candidates.size())},
        {QStringLiteral("candidates"), candidatesJson},
    };
    auto audited = AuditTrail(m_connection).append(*transaction, entry);
    if (!audited) return audited.error();
    recorded.audit = *audited;
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return recorded;
}

}  // namespace facecase
