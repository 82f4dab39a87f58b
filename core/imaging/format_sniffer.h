#pragma once

#include "imaging/image_format.h"
#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// Tells the image format from the first bytes of a file, never from its name. Anything else is
// refused with a reason a user can act on: what the file looks like instead ("a PDF document",
// text, an unknown signature shown in hex) or, for real image formats the loader does not take
// (GIF, HEIF, JPEG 2000, …), which one it is and what to convert it to. Stateless.
class FormatSniffer {
public:
    // The most it looks at: the start of a file decides as well as the whole of it.
    static constexpr qsizetype kBytesNeeded = 512;

    static Result<ImageFormat> sniff(QByteArrayView bytes);
};

}  // namespace facecase
