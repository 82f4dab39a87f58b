#pragma once

#include "types/descriptor.h"
#include "types/face_box.h"
#include "types/face_chip.h"
#include "types/face_quality.h"
#include "types/landmarks.h"

#include <optional>

namespace facecase {

// Everything the pipeline learned about one face in one photo.
struct DetectedFace {
    int index = 0;  // 1-based, in reading order (left to right, then top to bottom)
    FaceBox box;
    Landmarks landmarks;
    FaceChip chip;
    FaceQuality quality;
    std::optional<Descriptor> descriptor;  // absent when the caller asked for detection only
};

}  // namespace facecase
