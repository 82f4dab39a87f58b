#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QString>

#include "types/image.h"
#include "types/landmarks.h"
#include "types/loaded_image.h"
#include "types/result.h"

namespace facecase::ui {

// A gallery photo read back for display, as the compare view and the candidate thumbnails both
// need it: decoded with core's ImageLoader and refused when its bytes no longer have the SHA-256
// on record (it may not be the photo that was searched); and a face on it cut out as the aligned
// chip the descriptor network saw (FaceAligner, dlib's alignment), ready to paint.
//
// Stateless; any thread, and meant for worker threads (file I/O and decoding).
class RecordedPhoto {
    Q_DECLARE_TR_FUNCTIONS(RecordedPhoto)

public:
    // `sha256`: lower-case hex on record; empty skips the check. Errors name the file.
    static Result<LoadedImage> load(const QString& path, const QString& sha256);
    // The 150×150 aligned chip of the face with these landmarks, in Format_RGB32.
    static Result<QImage> alignedChip(const Image& photo, const Landmarks& landmarks);
};

}  // namespace facecase::ui
