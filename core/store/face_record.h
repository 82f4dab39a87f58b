#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <optional>

#include "store/face_images.h"
#include "types/descriptor.h"
#include "types/detected_face.h"
#include "types/face_box.h"
#include "types/face_quality.h"
#include "types/landmarks.h"

namespace facecase {

// One face as the store keeps it: a DetectedFace without the decoded aligned chip (re-made
// from the photo and the landmarks when needed; an encoded copy may ride along in `images`),
// plus the encodings used in the `faces` table. Plain value, cheap to copy.
struct FaceRecord {
    int index = 1;  // 1-based reading order within the photo
    FaceBox box;
    Landmarks landmarks;
    FaceQuality quality;
    std::optional<Descriptor> descriptor;
    // The chip and thumbnail to keep with the face (written by FaceRecordWriter when not empty;
    // the enrollment worker encodes them). Empty when read back: FaceImageReader reads them.
    FaceImages images;

    static FaceRecord fromDetectedFace(const DetectedFace& face);

    // Column encodings. Float32 little-endian on every platform, so a workspace copied from one
    // machine to another reads the same numbers. Landmarks: 68 (x, y) pairs = 544 bytes;
    // descriptor: 128 floats = 512 bytes, bit-exact (no rounding on the way in or out).
    static QByteArray encodeLandmarks(const Landmarks& landmarks);
    static std::optional<Landmarks> decodeLandmarks(const QByteArray& blob);
    static QByteArray encodeDescriptor(const Descriptor& descriptor);
    static std::optional<Descriptor> decodeDescriptor(const QByteArray& blob);
    // Measurements, per-measurement levels, overall level and the analyst-facing warnings.
    static QJsonObject encodeQuality(const FaceQuality& quality);
};

}  // namespace facecase
