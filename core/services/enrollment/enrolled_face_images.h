#pragma once

#include <QRectF>

#include "store/face_images.h"
#include "types/detected_face.h"
#include "types/image.h"
#include "types/result.h"

namespace facecase {

// Encodes what the workspace keeps of a face at enrollment (FaceImages, schema 6): the aligned
// chip the pipeline already cut (DetectedFace::chip, no second alignment) and a thumbnail of the
// face box with context, both JPEG at JpegEncoder::kDefaultQuality. Measured on LFW (250x250):
// ~7 KB chip + ~8 KB thumbnail a face, ~1 ms of a worker thread.
// Stateless and thread-safe: runs on the enrollment workers, in parallel, not on the writer.
class EnrolledFaceImages {
public:
    static Result<FaceImages> encode(const Image& photo, const DetectedFace& face);
    // The same from an aligned chip and face box (ChipBackfill re-cuts the chip from the stored
    // landmarks).
    static Result<FaceImages> encode(const Image& photo, const Image& chip, const QRectF& box);
};

}  // namespace facecase
