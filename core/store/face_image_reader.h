#pragma once

#include <optional>

#include "store/database_connection.h"
#include "store/face_images.h"
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

private:
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
