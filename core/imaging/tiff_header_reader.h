#pragma once

#include "imaging/image_header.h"
#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// Reads the first image directory of a TIFF in either byte order (the page OpenCV decodes):
// width, height, and whether every strip or tile lies inside the file. Refuses camera raw files
// built on TIFF (DNG, CR2), whose first directory is only a preview. The orientation tag lives
// in the same directory, so the whole file is the EXIF block, and OpenCV applies it itself.
// Stateless.
class TiffHeaderReader {
public:
    static Result<ImageHeader> read(QByteArrayView bytes);
};

}  // namespace facecase
