#pragma once

#include "types/image.h"
#include "types/result.h"

#include <QString>

namespace facecase {

// The one check both descriptor networks make before touching a chip's pixels: 150x150 RGB,
// tightly packed, so that a wrong size is a clear error instead of a wrong descriptor or a crash.
class ChipInput {
public:
    // `label` names the chip in the message ("chip", "chip 3 of 16").
    static Result<void> check(const Image& chip, const QString& label);
};

}  // namespace facecase
