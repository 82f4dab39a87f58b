#pragma once

#include "types/image.h"
#include "types/result.h"

#include <QByteArray>
#include <QRectF>

namespace facecase {

// Encodes decoded pixels as a baseline JPEG (OpenCV's encoder behind Qt types; cv::Exception
// caught here), and cuts a downscaled face thumbnail out of a photo. PngEncoder's sibling for
// the images the workspace keeps of every enrolled face (schema 6, face_images): lossy, because
// a 150x150 chip is ~8 KB as JPEG at quality 92 against ~45 KB as PNG, per face of a
// 300,000-face gallery; what the analyst compares is the original or the chip cut again from
// it, the stored JPEG is the fallback when that original cannot be reached.
// Stateless and thread-safe; well under 1 ms for a chip.
class JpegEncoder {
public:
    static constexpr int kDefaultQuality = 92;
    static Result<QByteArray> encode(const Image& image, int quality = kDefaultQuality);

    // The pixels of `box` grown by `margin` times its size on every side (clipped to the photo),
    // scaled down (area averaging, never up) so the long side is at most `maxSide`.
    static Result<Image> cutThumbnail(const Image& photo, const QRectF& box, double margin,
                                      int maxSide);
};

}  // namespace facecase
