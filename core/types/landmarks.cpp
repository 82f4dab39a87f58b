#include "types/landmarks.h"

#include <cmath>

namespace facecase {

namespace {
QPointF meanOf(const std::array<QPointF, Landmarks::kCount>& points, int first, int last) {
    QPointF sum;
    for (int i = first; i <= last; ++i) sum += points[std::size_t(i)];
    return sum / double(last - first + 1);
}
}  // namespace

QPointF Landmarks::leftEyeCenter() const { return meanOf(points, 36, 41); }
QPointF Landmarks::rightEyeCenter() const { return meanOf(points, 42, 47); }

double Landmarks::interEyeDistance() const {
    const QPointF d = rightEyeCenter() - leftEyeCenter();
    return std::hypot(d.x(), d.y());
}

}  // namespace facecase
