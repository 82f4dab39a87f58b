#include "imaging/pixel_converter.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdint>
#include <type_traits>

namespace facecase {

namespace {

// Full-scale value of a sample type: 255, 65535, or 1.0 for floating point.
template <class T>
constexpr float fullScale() {
    if constexpr (std::is_same_v<T, std::uint8_t>) return 255.0f;
    else if constexpr (std::is_same_v<T, std::uint16_t>) return 65535.0f;
    else return 1.0f;
}

std::uint8_t toByte(float unit) {
    const float clamped = unit < 0.0f ? 0.0f : (unit > 1.0f ? 1.0f : unit);
    return std::uint8_t(std::lround(clamped * 255.0f));
}

template <class T>
bool alphaIsAllZero(const cv::Mat& src) {
    const int channels = src.channels();
    for (int y = 0; y < src.rows; ++y) {
        const T* row = src.ptr<T>(y);
        for (int x = 0; x < src.cols; ++x)
            if (row[x * channels + channels - 1] != T(0)) return false;
    }
    return true;
}

// One pass over the decoded samples, writing RGB bytes. OpenCV orders colour as B, G, R.
template <class T>
void convertRows(const cv::Mat& src, cv::Mat& dst) {
    const int channels = src.channels();
    const bool hasAlpha = (channels == 2 || channels == 4) && !alphaIsAllZero<T>(src);
    const float scale = 1.0f / fullScale<T>();
    for (int y = 0; y < src.rows; ++y) {
        const T* in = src.ptr<T>(y);
        std::uint8_t* out = dst.ptr<std::uint8_t>(y);
        for (int x = 0; x < src.cols; ++x, in += channels, out += 3) {
            float r, g, b;
            if (channels <= 2) {
                r = g = b = float(in[0]) * scale;
            } else {
                b = float(in[0]) * scale;
                g = float(in[1]) * scale;
                r = float(in[2]) * scale;
            }
            if (hasAlpha) {
                float a = float(in[channels - 1]) * scale;
                a = a < 0.0f ? 0.0f : (a > 1.0f ? 1.0f : a);
                r = r * a + (1.0f - a);
                g = g * a + (1.0f - a);
                b = b * a + (1.0f - a);
            }
            out[0] = toByte(r);
            out[1] = toByte(g);
            out[2] = toByte(b);
        }
    }
}

}  // namespace

QString PixelConverter::unsupportedReason(const cv::Mat& src) {
    const int depth = src.depth();
    if (depth != CV_8U && depth != CV_16U && depth != CV_32F && depth != CV_64F)
        return QStringLiteral("signed integer samples");
    if (src.channels() < 1 || src.channels() > 4) return QStringLiteral("%1 channels").arg(src.channels());
    return {};
}

void PixelConverter::toRgb8(const cv::Mat& src, cv::Mat& dst) {
    CV_Assert(dst.type() == CV_8UC3 && dst.size() == src.size());
    // The common cases go through OpenCV's vectorised code.
    if (src.depth() == CV_8U && src.channels() == 3) {
        cv::cvtColor(src, dst, cv::COLOR_BGR2RGB);
        return;
    }
    if (src.depth() == CV_8U && src.channels() == 1) {
        cv::cvtColor(src, dst, cv::COLOR_GRAY2RGB);
        return;
    }
    switch (src.depth()) {
    case CV_8U: convertRows<std::uint8_t>(src, dst); break;
    case CV_16U: convertRows<std::uint16_t>(src, dst); break;
    case CV_32F: convertRows<float>(src, dst); break;
    case CV_64F: {
        cv::Mat single;
        src.convertTo(single, CV_32F);
        convertRows<float>(single, dst);
        break;
    }
    default: CV_Error(cv::Error::StsUnsupportedFormat, "unsupported sample type");
    }
}

}  // namespace facecase
