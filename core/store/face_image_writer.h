#pragma once

#include <QSqlQuery>

#include "store/database_connection.h"
#include "store/face_images.h"
#include "types/result.h"

namespace facecase {

// Writes `face_images` rows (schema 6) with their SHA-256s, through one statement prepared on
// first use: a batch without images never names the table (on PostgreSQL a failed PREPARE
// would abort the caller's transaction). A face that has its row already keeps it (ON CONFLICT
// DO NOTHING): two backfills may race, and enrollment never rewrites a face.
//
// Runs inside the caller's write transaction (FaceRecordWriter for new faces, ChipBackfill for
// faces enrolled before schema 6). Not thread-safe; `connection` must outlive it.
class FaceImageWriter {
public:
    explicit FaceImageWriter(const DatabaseConnection& connection) : m_connection(connection) {}

    // True when a row was written, false when the face had one. `what` names the face in errors.
    Result<bool> insert(qint64 faceId, const FaceImages& images, const QString& what);

private:
    const DatabaseConnection& m_connection;
    std::optional<QSqlQuery> m_query;
};

}  // namespace facecase
