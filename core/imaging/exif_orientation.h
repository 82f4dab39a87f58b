#pragma once

#include <QByteArrayView>

namespace facecase {

// Reads the EXIF Orientation tag (0x0112) from IFD0 of a TIFF-structured block: the payload of
// a JPEG APP1 "Exif" segment, of a PNG eXIf chunk or a WebP EXIF chunk (after any "Exif\0\0"
// prefix), or a whole TIFF file. Stateless.
class ExifOrientation {
public:
    static constexpr int kUpright = 1;

    // 1..8 as in EXIF. 1 when the block is empty or broken, or the tag is absent or out of range:
    // a damaged tag must never rotate a photo.
    static int read(QByteArrayView tiffBlock);
};

}  // namespace facecase
