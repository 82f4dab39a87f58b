#pragma once

#include <QImage>
#include <QString>

#include "photo/photo_pyramid.h"
#include "types/detected_face.h"
#include "types/loaded_image.h"

namespace facecase::ui {

// A candidate's gallery photo, re-analysed for the compare view: the photo ready to paint, and
// the face at its stored box with fresh landmarks and aligned chip (already a QImage).
struct CandidateFaceResult {
    quint64 requestId = 0;
    LoadedImage source;  // pixels, SHA-256 as read now, format, size
    PhotoPyramid photo;
    DetectedFace face;
    QImage chip;
    double elapsedMs = 0;
};

}  // namespace facecase::ui
