#include "imaging/orientation_transform.h"

#include <opencv2/core.hpp>

namespace facecase {

QSize OrientationTransform::uprightSize(QSize stored, int orientation) {
    return orientation >= 5 && orientation <= 8 ? stored.transposed() : stored;
}

void OrientationTransform::apply(const cv::Mat& src, cv::Mat& dst, int orientation) {
    // EXIF names where the stored row 0 and column 0 belong: 2 mirrored, 3 upside down,
    // 4 mirrored upside down, 5 transposed, 6 turned left (rotate right to fix), 7 transverse,
    // 8 turned right (rotate left to fix).
    switch (orientation) {
    case 2: cv::flip(src, dst, 1); break;
    case 3: cv::flip(src, dst, -1); break;
    case 4: cv::flip(src, dst, 0); break;
    case 5: cv::transpose(src, dst); break;
    case 6: cv::rotate(src, dst, cv::ROTATE_90_CLOCKWISE); break;
    case 7: {
        cv::Mat transposed;
        cv::transpose(src, transposed);
        cv::flip(transposed, dst, -1);
        break;
    }
    case 8: cv::rotate(src, dst, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: src.copyTo(dst); break;
    }
}

}  // namespace facecase
