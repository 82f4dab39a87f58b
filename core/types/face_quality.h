#pragma once

#include <QString>
#include <QStringList>

namespace facecase {

// How fit a face is for comparison, measured and explained. Poor quality makes a search
// unreliable; the analyst is told why in plain words.
struct FaceQuality {
    enum class Level { Good, Caution, Poor };

    double eyeDistancePx = 0.0;  // between eye centres, in source-image pixels
    double sharpness = 0.0;      // variance of the Laplacian on the grey chip
    double yawDegrees = 0.0;     // estimated from landmarks; + = subject turned to picture right
    double rollDegrees = 0.0;    // in-plane tilt of the eye line
    double brightness = 0.0;     // mean grey level of the chip's face region, 0..255
    double contrast = 0.0;       // standard deviation of that grey level

    Level eyeDistanceLevel = Level::Good;
    Level sharpnessLevel = Level::Good;
    Level poseLevel = Level::Good;
    Level exposureLevel = Level::Good;

    QStringList warnings;        // one plain-language sentence per measurement that is not Good

    Level overall() const;
    static QString levelName(Level level);  // "good", "caution", "poor"
};

}  // namespace facecase
