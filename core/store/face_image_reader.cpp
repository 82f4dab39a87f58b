#include "store/face_image_reader.h"

#include <QSqlQuery>

#include "store/face_record.h"
#include "store/store_error.h"

namespace facecase {

Result<std::optional<FaceImages>> FaceImageReader::read(qint64 faceId) const {
    QSqlQuery q(m_connection.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT chip, chip_format, thumbnail, thumbnail_format "
                             "FROM face_images WHERE face_id = ?"));
    q.bindValue(0, faceId);
    if (!q.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("read the stored chip of face %1").arg(faceId),
                             q.lastError());
    }
    if (!q.next()) return std::optional<FaceImages>{};
    FaceImages images;
    images.chip = q.value(0).toByteArray();
    images.chipFormat = q.value(1).toString();
    images.thumbnail = q.value(2).toByteArray();
    images.thumbnailFormat = q.value(3).toString();
    return std::optional<FaceImages>(std::move(images));
}

Result<std::vector<FaceImageReader::Missing>> FaceImageReader::missing(qint64 galleryId,
                                                                       qint64 afterFaceId,
                                                                       int limit) const {
    QSqlQuery q(m_connection.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
                  "SELECT f.id, f.face_index, i.path, i.sha256, f.box_x, f.box_y, f.box_width, "
                  "f.box_height, f.landmarks FROM faces f JOIN images i ON i.id = f.image_id "
                  "LEFT JOIN face_images fi ON fi.face_id = f.id "
                  "WHERE f.gallery_id = ? AND f.id > ? AND fi.face_id IS NULL "
                  "ORDER BY f.id LIMIT %1")
                  .arg(qMax(1, limit)));
    q.bindValue(0, galleryId);
    q.bindValue(1, afterFaceId);
    if (!q.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("list the faces without a stored chip"), q.lastError());
    }
    std::vector<Missing> faces;
    while (q.next()) {
        Missing m;
        m.faceId = q.value(0).toLongLong();
        m.faceIndex = q.value(1).toInt();
        m.path = q.value(2).toString();
        m.sha256 = q.value(3).toString();
        m.box = QRectF(q.value(4).toDouble(), q.value(5).toDouble(), q.value(6).toDouble(),
                       q.value(7).toDouble());
        m.landmarks = FaceRecord::decodeLandmarks(q.value(8).toByteArray());
        faces.push_back(std::move(m));
    }
    return faces;
}

}  // namespace facecase
