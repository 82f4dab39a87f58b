#pragma once

#include "imaging/image_header.h"
#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// Identifies a file's format from its signature and reads its size and structure from the
// header, without decoding a pixel: the gate every file passes before a decoder may allocate.
// Errors are reasons without the file name ("not an image file (…)"); the loader adds the name.
// The returned header views into `bytes`. Stateless; cost is one walk over the container.
class ImageHeaderReader {
public:
    static Result<ImageHeader> read(QByteArrayView bytes);
};

}  // namespace facecase
