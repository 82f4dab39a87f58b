#pragma once

#include <QPointF>

#include <array>

namespace facecase {

// The 68 iBUG-300W points (dlib's shape predictor order) in image pixel coordinates.
struct Landmarks {
    static constexpr int kCount = 68;
    std::array<QPointF, kCount> points{};

    // Centres of the eyes as the mean of their six contour points (indices 36-41 and 42-47).
    // "Left" is the subject's right eye, i.e. the one on the left of the picture.
    QPointF leftEyeCenter() const;
    QPointF rightEyeCenter() const;
    double interEyeDistance() const;
};

}  // namespace facecase
