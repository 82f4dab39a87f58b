#pragma once

#include "types/face_chip.h"
#include "types/image.h"
#include "types/landmarks.h"
#include "types/result.h"

namespace facecase {

// Cuts the aligned 150x150 chip the descriptor network was trained on, the way dlib does it
// (get_face_chip_details(shape, 150, 0.25) + extract_image_chip, bilinear). Stateless,
// thread-safe, ~0.2 ms.
class FaceAligner {
public:
    static Result<FaceChip> extractChip(const Image& image, const Landmarks& landmarks);
};

}  // namespace facecase
