#include "types/face_quality.h"

#include <algorithm>

namespace facecase {

FaceQuality::Level FaceQuality::overall() const {
    return std::max({eyeDistanceLevel, sharpnessLevel, poseLevel, exposureLevel});
}

QString FaceQuality::levelName(Level level) {
    switch (level) {
        case Level::Good: return QStringLiteral("good");
        case Level::Caution: return QStringLiteral("caution");
        case Level::Poor: return QStringLiteral("poor");
    }
    return {};
}

}  // namespace facecase
