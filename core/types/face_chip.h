#pragma once

#include "types/image.h"

#include <QPointF>

namespace facecase {

// The aligned face: 150x150 RGB, eyes and mouth at dlib's canonical positions with 25% padding
// (get_face_chip_details(shape, 150, 0.25)). What the descriptor network sees.
struct FaceChip {
    static constexpr int kSize = 150;
    Image image;
    // Where the chip sits in the source image: its centre, rotation (radians) and the source
    // pixels spanned by one chip side. Lets the UI draw the aligned region on the photo.
    QPointF sourceCenter;
    double angle = 0.0;
    double sourceSide = 0.0;
};

}  // namespace facecase
