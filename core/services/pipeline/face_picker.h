#pragma once

#include "types/detected_face.h"

#include <vector>

namespace facecase {

// Chooses "the" face of a photo that should hold one subject (a mugshot, an LFW image).
class FacePicker {
public:
    // Index of the face whose box centre is nearest the image centre, or -1 if none.
    static int nearestCenter(const std::vector<DetectedFace>& faces, int width, int height);
    // Index of the face with the largest box, or -1 if none.
    static int largest(const std::vector<DetectedFace>& faces);
};

}  // namespace facecase
