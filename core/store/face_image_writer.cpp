#include "store/face_image_writer.h"

#include <QCryptographicHash>
#include <QSqlError>

#include "store/store_error.h"

namespace facecase {

namespace {
QString sha256Of(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}
}  // namespace

Result<bool> FaceImageWriter::insert(qint64 faceId, const FaceImages& images,
                                     const QString& what) {
    const QString action = QStringLiteral("store the chip of %1").arg(what);
    if (images.isEmpty()) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot %2 (no chip or no thumbnail)").arg(m_connection.databasePath(), action));
    }
    if (!m_query) {
        QSqlQuery query(m_connection.database());
        if (!query.prepare(QStringLiteral(
                "INSERT INTO face_images (face_id, chip, chip_format, chip_sha256, thumbnail, "
                "thumbnail_format, thumbnail_sha256) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (face_id) DO NOTHING"))) {
            return databaseError(m_connection.databasePath(), action, query.lastError());
        }
        m_query = std::move(query);
    }
    QSqlQuery& q = *m_query;
    q.bindValue(0, faceId);
    q.bindValue(1, images.chip);
    q.bindValue(2, images.chipFormat);
    q.bindValue(3, sha256Of(images.chip));
    q.bindValue(4, images.thumbnail);
    q.bindValue(5, images.thumbnailFormat);
    q.bindValue(6, sha256Of(images.thumbnail));
    if (!q.exec()) return databaseError(m_connection.databasePath(), action, q.lastError());
    return q.numRowsAffected() > 0;
}

}  // namespace facecase
