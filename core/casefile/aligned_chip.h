#pragma once

#include <QByteArray>
#include <QString>

#include "types/face_chip.h"

namespace facecase {

// One face of an export as the aligned 150x150 chip the descriptor network saw: for the report's
// compare pages (both faces aligned, marks mapped with ChipGeometry) and, under the agency policy
// export.candidate_images = aligned_chips, as the candidate's image in evidence/. Plain value.
struct AlignedChip {
    FaceChip chip;   // where the chip sits on its photo (the pixels are `png`'s; chip.image may be empty)
    QByteArray png;  // the chip as a PNG file
    QString sha256;  // of `png`
    QString bundlePath;  // "evidence/<sha256>.png" when the bundle holds the file; empty otherwise
};

}  // namespace facecase
