#pragma once

#include <QRectF>

namespace facecase {

// A detected (or hand-drawn) face rectangle in image pixel coordinates.
struct FaceBox {
    QRectF rect;
    double detectorScore = 0.0;  // HOG detection confidence; higher is surer. 0 for hand-drawn boxes
    bool manual = false;         // drawn by the analyst, not found by the detector
};

}  // namespace facecase
