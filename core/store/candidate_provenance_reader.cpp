#include "store/candidate_provenance_reader.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <unordered_map>

#include "store/face_record.h"
#include "store/store_error.h"

namespace facecase {

namespace {
CandidateProvenance fromRow(const QSqlQuery& q) {
    CandidateProvenance p;
    p.faceId = q.value(0).toLongLong();
    p.faceIndex = q.value(1).toInt();
    p.box = QRectF(q.value(2).toDouble(), q.value(3).toDouble(), q.value(4).toDouble(),
                   q.value(5).toDouble());
    p.qualityLevel = q.value(6).toString();
    p.manualFace = q.value(7).toInt() != 0;
    p.galleryId = q.value(8).toLongLong();
    p.imageId = q.value(9).toLongLong();
    p.imagePath = q.value(10).toString();
    p.imageSha256 = q.value(11).toString();
    p.fileBytes = q.value(12).toLongLong();
    p.width = q.value(13).toInt();
    p.height = q.value(14).toInt();
    p.format = q.value(15).toString();
    p.importedAt = q.value(16).toString();
    p.source = q.value(17).toString();
    if (!q.value(18).isNull()) p.jobId = q.value(18).toLongLong();
    p.jobSourceFolder = q.value(19).toString();
    p.jobActor = q.value(20).toString();
    if (!q.value(21).isNull()) p.subjectId = q.value(21).toLongLong();
    p.subjectExternalId = q.value(22).toString();
    p.subjectName = q.value(23).toString();
    p.subjectAttributes = QJsonDocument::fromJson(q.value(24).toByteArray()).object();
    p.landmarks = FaceRecord::decodeLandmarks(q.value(25).toByteArray());
    p.storedChip = q.value(26).toInt() != 0;
    return p;
}
}  // namespace

Result<std::vector<CandidateProvenance>> CandidateProvenanceReader::read(
    const std::vector<qint64>& faceIds) const {
    if (faceIds.empty()) return std::vector<CandidateProvenance>{};
    QStringList placeholders;
    placeholders.reserve(qsizetype(faceIds.size()));
    for (std::size_t i = 0; i < faceIds.size(); ++i) placeholders << QStringLiteral("?");
    QSqlQuery q(m_connection.database());
    q.setForwardOnly(true);
    const QString sql = QStringLiteral(
        "SELECT f.id, f.face_index, f.box_x, f.box_y, f.box_width, f.box_height, "
        "       f.quality_level, f.manual, f.gallery_id, "
        "       i.id, i.path, i.sha256, i.file_bytes, i.width, i.height, i.format, "
        "       i.imported_at, i.source, i.job_id, j.source_folder, j.actor, "
        "       s.id, s.external_id, s.name, s.attributes, f.landmarks, "
        "       CASE WHEN fi.face_id IS NULL THEN 0 ELSE 1 END "
        "FROM faces f JOIN images i ON i.id = f.image_id "
        "LEFT JOIN face_images fi ON fi.face_id = f.id "
        "LEFT JOIN enrollment_jobs j ON j.id = i.job_id "
        "LEFT JOIN subjects s ON s.id = i.subject_id "
        "WHERE f.id IN (%1)").arg(placeholders.join(QLatin1Char(',')));
    const QString action = QStringLiteral("read the provenance of %1 candidate faces").arg(faceIds.size());
    if (!q.prepare(sql)) return databaseError(m_connection.databasePath(), action, q.lastError());
    for (std::size_t i = 0; i < faceIds.size(); ++i) q.bindValue(int(i), faceIds[i]);
    if (!q.exec()) return databaseError(m_connection.databasePath(), action, q.lastError());

    std::unordered_map<qint64, CandidateProvenance> byId;
    while (q.next()) {
        CandidateProvenance p = fromRow(q);
        byId.emplace(p.faceId, std::move(p));
    }
    std::vector<CandidateProvenance> ordered;
    ordered.reserve(faceIds.size());
    for (qint64 id : faceIds) {
        auto found = byId.find(id);
        if (found == byId.end())
            return Error::notFound(QStringLiteral("%1: face %2 is no longer in the workspace "
                                                  "(the search index is out of date)")
                                       .arg(m_connection.databasePath()).arg(id));
        ordered.push_back(found->second);
    }
    return ordered;
}

}  // namespace facecase
