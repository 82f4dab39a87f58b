#pragma once

#include <QPointF>
#include <array>

#include "types/face_chip.h"
#include "types/landmarks.h"

namespace facecase {

// Where a photo's points land on its aligned chip. The chip is dlib's extract_image_chip of a
// square of `sourceSide` photo pixels centred on `sourceCenter` and rotated by `angle`, so the
// inverse of that similarity maps landmarks (or marks) from the photo onto the chip. Plain maths on
// the ground floor because the compare view and the PDF report (ui/report, no vision stage) both
// draw marks on chips. Stateless.
class ChipGeometry {
public:
    static QPointF toChip(const FaceChip& chip, const QPointF& photoPoint);
    static std::array<QPointF, Landmarks::kCount> toChip(const FaceChip& chip,
                                                         const Landmarks& landmarks);
};

}  // namespace facecase
