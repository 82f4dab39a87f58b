#include "types/chip_geometry.h"

#include <cmath>

namespace facecase {

QPointF ChipGeometry::toChip(const FaceChip& chip, const QPointF& photoPoint) {
    // dlib maps the rectangle's corners (rotated by `angle` about its centre) to the chip's
    // corners (0, 0) … (size-1, size-1): undo the rotation, then scale.
    const QPointF d = photoPoint - chip.sourceCenter;
    const double c = std::cos(chip.angle);
    const double s = std::sin(chip.angle);
    const QPointF unrotated(c * d.x() + s * d.y(), -s * d.x() + c * d.y());
    const double last = FaceChip::kSize - 1;
    const double scale = chip.sourceSide > 1 ? last / (chip.sourceSide - 1) : 1.0;
    return unrotated * scale + QPointF(last / 2, last / 2);
}

std::array<QPointF, Landmarks::kCount> ChipGeometry::toChip(const FaceChip& chip,
                                                            const Landmarks& landmarks) {
    std::array<QPointF, Landmarks::kCount> points{};
    for (std::size_t i = 0; i < points.size(); ++i) points[i] = toChip(chip, landmarks.points[i]);
    return points;
}

}  // namespace facecase
