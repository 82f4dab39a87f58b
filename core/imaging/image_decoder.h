#pragma once

#include "imaging/image_header.h"
#include "types/image.h"
#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// The one place that calls OpenCV's decoders (cv::imdecode), behind Qt types: every cv::Exception
// and allocation failure is caught here and returned as an Error. Decodes with IMREAD_UNCHANGED,
// which keeps alpha and 16-bit samples for PixelConverter and skips OpenCV's own EXIF rotation,
// so that orientation is applied exactly once, here, for every format (OpenCV's TIFF decoder
// rotates regardless of flags; the header says so and the rotation is then not repeated).
// Stateless and thread-safe.
class ImageDecoder {
public:
    // Refuses sizes OpenCV itself would refuse (CV_IO_MAX_IMAGE_WIDTH/HEIGHT/PIXELS, read from
    // the environment as OpenCV does) with a message saying so, before anything is decoded.
    static Result<void> checkDecodable(const ImageHeader& header);

    // Decodes `bytes` into upright 8-bit RGB. `orientation` is the file's EXIF orientation (1..8).
    // Cost: one decode, one conversion pass, one more copy when a rotation is needed.
    static Result<Image> decode(QByteArrayView bytes, const ImageHeader& header, int orientation);
};

}  // namespace facecase
