#pragma once

#include <QHash>
#include <QString>
#include <vector>

#include "store/database_connection.h"
#include "store/face_record.h"
#include "store/image_record.h"
#include "types/result.h"

namespace facecase {

// A photo and the faces found in it, as the enrollment writer hands them over.
struct EnrollmentRecord {
    ImageRecord image;
    std::vector<FaceRecord> faces;
};

// What became of one EnrollmentRecord.
struct StoredImage {
    enum class Outcome {
        Inserted,
        AlreadyEnrolled,  // same SHA-256 already in this gallery: nothing written
    };
    Outcome outcome = Outcome::Inserted;
    qint64 imageId = 0;
    std::vector<qint64> faceIds;  // in face_index order (the existing ones when AlreadyEnrolled)
};

// Writes photos and their faces into a gallery: image row, face rows with box, landmarks,
// quality and descriptor, and the face's chip and thumbnail (`face_images`) when it has them. Idempotent on (gallery, SHA-256), so re-running an enrollment after a
// crash or on a grown folder adds only what is new. Every call is one transaction: a batch is
// stored completely or not at all.
//
// Meant for the single writer thread (DESIGN.md "Threading"); uses that thread's connection.
// Batches of a few hundred photos amortise the commit (an fsync of the WAL); see the store
// tests for measured rates. Not thread-safe. Keeps a reference to `connection`, which must
// outlive it.
class FaceRecordWriter {
public:
    // `modelId` names the network and mode that made the descriptors (e.g.
    // "dlib-resnet-v1/flip-averaged"); descriptors of different models are never mixed in a search.
    FaceRecordWriter(const DatabaseConnection& connection, QString modelId);

    Result<StoredImage> insert(qint64 galleryId, const EnrollmentRecord& record);
    // Results in the order of `records`. A record repeated within the batch is stored once.
    Result<std::vector<StoredImage>> insertBatch(qint64 galleryId,
                                                 const std::vector<EnrollmentRecord>& records);

    const QString& modelId() const { return m_modelId; }

private:
    Result<qint64> modelRowId();

    const DatabaseConnection& m_connection;
    QString m_modelId;
    qint64 m_modelRowId = 0;  // descriptor_models.id once known to be committed
};

}  // namespace facecase
