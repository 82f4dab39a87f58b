#pragma once

#include "imaging/image_header.h"
#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// Reads a WebP's RIFF container: the size from the VP8 (lossy), VP8L (lossless) or VP8X
// (extended) chunk, the EXIF chunk, whether the file is as long as its RIFF header says, and
// refuses animations (OpenCV 4.6 decodes still WebP only). Stateless.
class WebpHeaderReader {
public:
    static Result<ImageHeader> read(QByteArrayView bytes);
};

}  // namespace facecase
