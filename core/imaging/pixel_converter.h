#pragma once

#include <QString>

namespace cv {
class Mat;
}

namespace facecase {

// Turns what cv::imdecode(IMREAD_UNCHANGED) returns — grey, grey + alpha, BGR or BGRA, with
// 8-bit, 16-bit or floating-point samples — into 8-bit RGB. Alpha is composited over white (a
// transparent background shown as black would change how a face looks); an alpha channel that
// is zero everywhere is taken as unused and ignored (32-bit BMP and TIFF writers leave it so).
// Stateless; OpenCV types are forward-declared to keep them out of headers.
class PixelConverter {
public:
    // Why `src` cannot be converted ("5 channels"), or empty when it can.
    static QString unsupportedReason(const cv::Mat& src);
    // `dst` must be CV_8UC3 of src's size, allocated by the caller (it may wrap an Image's buffer).
    static void toRgb8(const cv::Mat& src, cv::Mat& dst);
};

}  // namespace facecase
