#include "store/search_reader.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include "store/store_error.h"

namespace facecase {

qint64 RecordedSearch::gallerySize() const {
    return parameters.value(QStringLiteral("gallery_size")).toInteger();
}

int RecordedSearch::k() const { return parameters.value(QStringLiteral("k")).toInt(); }

Result<std::vector<SearchReader::Search>> SearchReader::select(const QString& where,
                                                               qint64 value) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT s.id, s.case_id, s.probe_id, s.probe_sha256, s.probe_evidence_path, "
        "s.probe_face_index, s.probe_box_x, s.probe_box_y, s.probe_box_width, s.probe_box_height, "
        "s.manual_face, s.gallery_id, s.gallery_name, s.gallery_revision, m.name, s.parameters, "
        "s.actor, s.started_at, s.finished_at, "
        "(SELECT count(*) FROM candidates c WHERE c.search_id = s.id) "
        "FROM searches s JOIN descriptor_models m ON m.id = s.model_id %1 ORDER BY s.id")
                      .arg(where));
    query.bindValue(0, value);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read searches"),
                             query.lastError());
    }
    std::vector<Search> searches;
    while (query.next()) {
        Search s;
        s.id = query.value(0).toLongLong();
        s.caseId = query.value(1).toLongLong();
        if (!query.value(2).isNull()) s.probeId = query.value(2).toLongLong();
        s.probeSha256 = query.value(3).toString();
        s.probeEvidencePath = query.value(4).toString();
        s.faceIndex = query.value(5).toInt();
        s.box = QRectF(query.value(6).toDouble(), query.value(7).toDouble(),
                       query.value(8).toDouble(), query.value(9).toDouble());
        s.manualFace = query.value(10).toInt() != 0;
        if (!query.value(11).isNull()) s.galleryId = query.value(11).toLongLong();
        s.galleryName = query.value(12).toString();
        s.galleryRevision = query.value(13).toLongLong();
        s.modelKey = query.value(14).toString();
        s.parameters = QJsonDocument::fromJson(query.value(15).toString().toUtf8()).object();
        s.actor = query.value(16).toString();
        s.startedAt = QDateTime::fromString(query.value(17).toString(), Qt::ISODateWithMs);
        s.finishedAt = QDateTime::fromString(query.value(18).toString(), Qt::ISODateWithMs);
        s.candidateCount = query.value(19).toInt();
        searches.push_back(std::move(s));
    }
    return searches;
}

Result<std::vector<SearchReader::Search>> SearchReader::searchesOfCase(qint64 caseId) const {
    return select(QStringLiteral("WHERE s.case_id = ?"), caseId);
}

Result<SearchReader::Search> SearchReader::findSearch(qint64 searchId) const {
    auto found = select(QStringLiteral("WHERE s.id = ?"), searchId);
    if (!found) return found.error();
    if (found->empty()) {
        return Error::notFound(QStringLiteral("%1: no search with id %2")
                                   .arg(m_connection.databasePath())
                                   .arg(searchId));
    }
    return found->front();
}

Result<std::vector<SearchReader::Candidate>> SearchReader::candidatesOf(qint64 searchId) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT id, search_id, rank, face_id, distance, score, image_sha256, subject_external_id, "
        "subject_name FROM candidates WHERE search_id = ? ORDER BY rank"));
    query.bindValue(0, searchId);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("read candidates"),
                             query.lastError());
    }
    std::vector<Candidate> candidates;
    while (query.next()) {
        Candidate c;
        c.id = query.value(0).toLongLong();
        c.searchId = query.value(1).toLongLong();
        c.rank = query.value(2).toInt();
        if (!query.value(3).isNull()) c.faceId = query.value(3).toLongLong();
        c.distance = query.value(4).toDouble();
        if (!query.value(5).isNull()) c.score = query.value(5).toDouble();
        c.imageSha256 = query.value(6).toString();
        c.subjectExternalId = query.value(7).toString();
        c.subjectName = query.value(8).toString();
        candidates.push_back(std::move(c));
    }
    return candidates;
}

}  // namespace facecase
