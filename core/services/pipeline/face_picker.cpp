#include "services/pipeline/face_picker.h"

#include <limits>

namespace facecase {

int FacePicker::nearestCenter(const std::vector<DetectedFace>& faces, int width, int height) {
    const QPointF centre(width / 2.0, height / 2.0);
    int best = -1;
    double bestDistance = std::numeric_limits<double>::max();
    for (std::size_t i = 0; i < faces.size(); ++i) {
        const QPointF d = faces[i].box.rect.center() - centre;
        const double squared = d.x() * d.x() + d.y() * d.y();
        if (squared < bestDistance) {
            bestDistance = squared;
            best = int(i);
        }
    }
    return best;
}

int FacePicker::largest(const std::vector<DetectedFace>& faces) {
    int best = -1;
    double bestArea = -1;
    for (std::size_t i = 0; i < faces.size(); ++i) {
        const double area = faces[i].box.rect.width() * faces[i].box.rect.height();
        if (area > bestArea) {
            bestArea = area;
            best = int(i);
        }
    }
    return best;
}

}  // namespace facecase
