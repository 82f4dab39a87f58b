#pragma once

#include <QString>

#include "types/face_chip.h"
#include "types/image.h"
#include "types/landmarks.h"
#include "types/loaded_image.h"
#include "types/result.h"

namespace facecase {

// A photo on record read back (a gallery image or a probe's evidence copy), the one way the
// compare view, the candidate thumbnails and the case export read it: decoded with ImageLoader
// (EXIF orientation, as the search and enrollment did) and refused when its bytes no longer have
// the SHA-256 on record, since it may then not be the photo that was searched. A face on it is
// cut out as the aligned chip the descriptor network saw (FaceAligner, dlib's alignment).
//
// Stateless; any thread, and meant for worker threads (file I/O, decoding: ~5-50 ms a photo).
class RecordedPhoto {
public:
    // `sha256`: hex on record (any case); empty skips the check. Errors name the file.
    static Result<LoadedImage> load(const QString& path, const QString& sha256);
    // The 150×150 aligned chip of the face with these landmarks.
    static Result<FaceChip> alignedChip(const Image& photo, const Landmarks& landmarks);
};

}  // namespace facecase
