#include "imaging/png_encoder.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace facecase {

Result<QByteArray> PngEncoder::encode(const Image& image) {
    if (image.isNull()) return Error::invalidInput(QStringLiteral("no pixels to encode as PNG"));
    try {
        // OpenCV writes BGR; Image holds RGB. The Mat only views the shared pixels.
        const cv::Mat rgb(image.height(), image.width(), CV_8UC3, const_cast<std::uint8_t*>(image.data()),
                          std::size_t(image.stride()));
        cv::Mat bgr;
        cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
        std::vector<uchar> bytes;
        if (!cv::imencode(".png", bgr, bytes))
            return Error::internal(QStringLiteral("the PNG encoder refused a %1x%2 image").arg(image.width()).arg(image.height()));
        return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
    } catch (const cv::Exception& e) {
        return Error::internal(QStringLiteral("cannot encode a PNG: %1").arg(QString::fromStdString(e.msg)));
    }
}

}  // namespace facecase
