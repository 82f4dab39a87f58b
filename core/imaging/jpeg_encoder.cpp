#include "imaging/jpeg_encoder.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace facecase {

namespace {
// The Mat only views the shared pixels; callers copy before writing.
cv::Mat viewOf(const Image& image) {
    return cv::Mat(image.height(), image.width(), CV_8UC3, const_cast<std::uint8_t*>(image.data()),
                   std::size_t(image.stride()));
}

Image imageOf(const cv::Mat& rgb) {
    const cv::Mat packed = rgb.isContinuous() ? rgb : rgb.clone();
    std::vector<std::uint8_t> pixels(packed.data, packed.data + packed.total() * 3);
    return Image(packed.cols, packed.rows, std::move(pixels));
}
}  // namespace

Result<QByteArray> JpegEncoder::encode(const Image& image, int quality) {
    if (image.isNull()) return Error::invalidInput(QStringLiteral("no pixels to encode as JPEG"));
    try {
        cv::Mat bgr;
        cv::cvtColor(viewOf(image), bgr, cv::COLOR_RGB2BGR);  // OpenCV writes BGR
        std::vector<uchar> bytes;
        const std::vector<int> params{cv::IMWRITE_JPEG_QUALITY, std::clamp(quality, 1, 100)};
        if (!cv::imencode(".jpg", bgr, bytes, params)) {
            return Error::internal(QStringLiteral("the JPEG encoder refused a %1x%2 image")
                                       .arg(image.width())
                                       .arg(image.height()));
        }
        return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
    } catch (const cv::Exception& e) {
        return Error::internal(
            QStringLiteral("cannot encode a JPEG: %1").arg(QString::fromStdString(e.msg)));
    }
}

Result<Image> JpegEncoder::cutThumbnail(const Image& photo, const QRectF& box, double margin,
                                        int maxSide) {
    if (photo.isNull()) return Error::invalidInput(QStringLiteral("no photo to cut a face from"));
    const QRectF grown = box.adjusted(-margin * box.width(), -margin * box.height(),
                                      margin * box.width(), margin * box.height());
    const QRectF clipped = grown & QRectF(0, 0, photo.width(), photo.height());
    const int x = int(std::floor(clipped.x()));
    const int y = int(std::floor(clipped.y()));
    const int w = std::min(photo.width() - x, int(std::ceil(clipped.right())) - x);
    const int h = std::min(photo.height() - y, int(std::ceil(clipped.bottom())) - y);
    if (w <= 0 || h <= 0 || maxSide <= 0) {
        return Error::invalidInput(QStringLiteral("the face box lies outside the %1x%2 photo")
                                       .arg(photo.width())
                                       .arg(photo.height()));
    }
    try {
        const cv::Mat region = viewOf(photo)(cv::Rect(x, y, w, h));
        const double scale = std::min(1.0, double(maxSide) / double(std::max(w, h)));
        if (scale >= 1.0) return imageOf(region);
        cv::Mat scaled;
        cv::resize(region, scaled,
                   cv::Size(std::max(1, int(std::lround(w * scale))),
                            std::max(1, int(std::lround(h * scale)))),
                   0, 0, cv::INTER_AREA);
        return imageOf(scaled);
    } catch (const cv::Exception& e) {
        return Error::internal(
            QStringLiteral("cannot cut a face thumbnail: %1").arg(QString::fromStdString(e.msg)));
    }
}

}  // namespace facecase
