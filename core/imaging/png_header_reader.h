#pragma once

#include "imaging/image_header.h"
#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// Reads a PNG's IHDR and walks every chunk to IEND, checking lengths and CRCs and finding the
// eXIf chunk. Catching truncation and CRC errors here gives a precise message and keeps libpng
// from printing its own errors to stderr. Cost: one CRC pass over the file. Stateless.
class PngHeaderReader {
public:
    // An error when IHDR cannot be read; otherwise the header, with `defect` set when a later
    // chunk is broken or missing.
    static Result<ImageHeader> read(QByteArrayView bytes);
};

}  // namespace facecase
