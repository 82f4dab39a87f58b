#include "store/face_image_reader.h"

#include <QSqlQuery>

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

}  // namespace facecase
