#pragma once

#include <QSqlQuery>
#include <QString>
#include <memory>
#include <optional>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// An image already in a gallery, as far as the enrollment reader needs to know it.
struct EnrolledImage {
    qint64 id = 0;
    QString path;                // where it was enrolled from
    std::optional<qint64> jobId;  // the enrollment job that stored it
};

// "Is this photo already in the gallery?" by SHA-256: one lookup in the (gallery_id, sha256)
// unique index (~10 us), so a re-run skips known photos before decoding them and memory stays
// flat for any gallery size. Uses the calling thread's connection; not thread-safe; the
// connection must outlive the finder.
class EnrolledImageFinder {
public:
    explicit EnrolledImageFinder(const DatabaseConnection& connection);
    ~EnrolledImageFinder();

    Result<std::optional<EnrolledImage>> find(qint64 galleryId, const QString& sha256) const;

private:
    const DatabaseConnection& m_connection;
    mutable std::unique_ptr<QSqlQuery> m_query;
};

}  // namespace facecase
