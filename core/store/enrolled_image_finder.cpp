#include "store/enrolled_image_finder.h"

#include <QSqlError>

#include "store/store_error.h"

namespace facecase {

EnrolledImageFinder::EnrolledImageFinder(const DatabaseConnection& connection)
    : m_connection(connection) {}

EnrolledImageFinder::~EnrolledImageFinder() = default;

Result<std::optional<EnrolledImage>> EnrolledImageFinder::find(qint64 galleryId,
                                                               const QString& sha256) const {
    if (!m_query) {
        m_query = std::make_unique<QSqlQuery>(m_connection.database());
        m_query->setForwardOnly(true);
        if (!m_query->prepare(QStringLiteral(
                "SELECT id, path, job_id FROM images WHERE gallery_id = ? AND sha256 = ?"))) {
            auto error = databaseError(m_connection.databasePath(),
                                       QStringLiteral("look up enrolled images"),
                                       m_query->lastError());
            m_query.reset();
            return error;
        }
    }
    m_query->bindValue(0, galleryId);
    m_query->bindValue(1, sha256);
    if (!m_query->exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("look up image %1").arg(sha256), m_query->lastError());
    }
    std::optional<EnrolledImage> found;
    if (m_query->next()) {
        EnrolledImage image;
        image.id = m_query->value(0).toLongLong();
        image.path = m_query->value(1).toString();
        if (!m_query->value(2).isNull()) image.jobId = m_query->value(2).toLongLong();
        found = std::move(image);
    }
    m_query->finish();
    return found;
}

}  // namespace facecase
