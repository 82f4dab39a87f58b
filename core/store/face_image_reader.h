#pragma once

#include <QRectF>
#include <optional>
#include <vector>

#include "store/database_connection.h"
#include "store/face_images.h"
#include "types/landmarks.h"
#include "types/result.h"

namespace facecase {

// Reads the chip and thumbnail kept of an enrolled face (schema 6, `face_images`). One indexed
// query (the primary key); ~20 KB of blobs. Uses the calling thread's connection (the database
// worker's in the GUI), which must outlive the reader.
class FaceImageReader {
public:
    explicit FaceImageReader(const DatabaseConnection& connection) : m_connection(connection) {}

    // nullopt when the face has none: enrolled before schema 6, synthetic, or removed.
    Result<std::optional<FaceImages>> read(qint64 faceId) const;

    // A face of a gallery that has no stored images yet, with what re-cutting them from its
    // original needs (ChipBackfill).
    struct Missing {
        qint64 faceId = 0;
        int faceIndex = 1;
        QString path;
        QString sha256;
        QRectF box;
        std::optional<Landmarks> landmarks;  // absent when the row's blob does not decode
    };
    // Up to `limit` of them with an id above `afterFaceId`, by id: pages through a 300,000-face
    // gallery without holding it.
    Result<std::vector<Missing>> missing(qint64 galleryId, qint64 afterFaceId, int limit) const;

private:
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
