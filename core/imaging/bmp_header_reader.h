#pragma once

#include "imaging/image_header.h"
#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// Reads a Windows/OS2 bitmap's file and DIB headers: size, bit depth, compression, and for
// uncompressed bitmaps whether the file holds all the rows it announces (OpenCV's BMP decoder
// would otherwise fail with an exception, or read garbage). Stateless.
class BmpHeaderReader {
public:
    static Result<ImageHeader> read(QByteArrayView bytes);
};

}  // namespace facecase
