#pragma once

#include "types/image.h"
#include "types/result.h"

#include <QByteArray>

namespace facecase {

// Encodes decoded pixels as a PNG file (OpenCV's encoder behind Qt types; cv::Exception caught
// here). Lossless, and the same pixels give the same bytes, so a file named by its SHA-256 is
// reproducible. Used for the aligned chips a case bundle carries instead of candidates'
// originals. Stateless and thread-safe; ~1 ms for a 150x150 chip.
class PngEncoder {
public:
    static Result<QByteArray> encode(const Image& image);
};

}  // namespace facecase
