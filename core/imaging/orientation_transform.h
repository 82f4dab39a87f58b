#pragma once

#include <QSize>

namespace cv {
class Mat;
}

namespace facecase {

// Applies an EXIF orientation (1..8) to pixels: the flips, rotations and the two transposes (5
// and 7) that turn the stored raster upright. Stateless.
class OrientationTransform {
public:
    // The upright size of a stored width × height: swapped for 5..8.
    static QSize uprightSize(QSize stored, int orientation);
    // `dst` must be allocated at uprightSize() with src's type (it may wrap an Image's buffer).
    static void apply(const cv::Mat& src, cv::Mat& dst, int orientation);
};

}  // namespace facecase
