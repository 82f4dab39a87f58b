#pragma once

#include "imaging/image_header.h"
#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// Walks a JPEG's marker segments from SOI to EOI without decoding: the frame size from the first
// SOFn, the EXIF block from the first APP1 "Exif" segment, and whether the file is complete
// (a JPEG cut short still "decodes" in libjpeg, as grey, so the missing EOI must be caught here).
// The entropy-coded data is skipped, not checked: JpegEntropyChecker does that. Stateless.
class JpegHeaderReader {
public:
    // An error when no frame size can be read; otherwise the header, with `defect` set when the
    // structure is broken after the frame header.
    static Result<ImageHeader> read(QByteArrayView bytes);
};

}  // namespace facecase
