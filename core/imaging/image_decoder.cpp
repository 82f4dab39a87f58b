#include "imaging/image_decoder.h"

#include "imaging/orientation_transform.h"
#include "imaging/pixel_converter.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <limits>
#include <new>
#include <vector>

namespace facecase {

namespace {

// OpenCV's defaults (modules/imgcodecs/src/loadsave.cpp), overridable by the same variables.
qint64 openCvLimit(const char* variable, qint64 fallback) {
    bool ok = false;
    const qint64 value = qEnvironmentVariable(variable).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

QString sizeText(qint64 width, qint64 height) {
    return QStringLiteral("%1 × %2").arg(width).arg(height);
}

Error decodeFailure(const ImageHeader& header, const QString& why) {
    return Error::invalidInput(QStringLiteral("corrupt %1 data (%2)").arg(imageFormatName(header.format), why));
}

}  // namespace

Result<void> ImageDecoder::checkDecodable(const ImageHeader& header) {
    const qint64 maxWidth = openCvLimit("CV_IO_MAX_IMAGE_WIDTH", qint64(1) << 20);
    const qint64 maxHeight = openCvLimit("CV_IO_MAX_IMAGE_HEIGHT", qint64(1) << 20);
    const qint64 maxPixels = openCvLimit("CV_IO_MAX_IMAGE_PIXELS", qint64(1) << 30);
    if (header.width > maxWidth || header.height > maxHeight)
        return Error::invalidInput(QStringLiteral("%1 pixels is beyond OpenCV's limit of %2 × %3 "
                                                  "(CV_IO_MAX_IMAGE_WIDTH/HEIGHT)")
                                       .arg(sizeText(header.width, header.height))
                                       .arg(maxWidth)
                                       .arg(maxHeight));
    if (header.pixelCount() > maxPixels)
        return Error::invalidInput(QStringLiteral("%1 pixels is beyond OpenCV's limit of %2 pixels (CV_IO_MAX_IMAGE_PIXELS)")
                                       .arg(sizeText(header.width, header.height))
                                       .arg(maxPixels));
    return {};
}

Result<Image> ImageDecoder::decode(QByteArrayView bytes, const ImageHeader& header, int orientation) {
    if (bytes.size() > std::numeric_limits<int>::max())
        return Error::invalidInput(QStringLiteral("files over 2 GB cannot be decoded"));
    try {
        // Wraps the bytes without copying them; imdecode only reads.
        const cv::Mat buffer(1, int(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
        cv::Mat decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
        if (decoded.empty()) return decodeFailure(header, QStringLiteral("the decoder could not read it"));

        // The decoder must agree with the header the limits were checked against.
        const int alreadyApplied = header.decoderAppliesOrientation ? orientation : 1;
        const QSize expected =
            OrientationTransform::uprightSize(QSize(int(header.width), int(header.height)), alreadyApplied);
        if (decoded.cols != expected.width() || decoded.rows != expected.height())
            return decodeFailure(header, QStringLiteral("the decoder returned %1 pixels, the header says %2")
                                             .arg(sizeText(decoded.cols, decoded.rows),
                                                  sizeText(header.width, header.height)));
        if (const QString reason = PixelConverter::unsupportedReason(decoded); !reason.isEmpty())
            return Error::invalidInput(QStringLiteral("unsupported %1 pixel layout (%2)")
                                           .arg(imageFormatName(header.format), reason));

        const int toApply = header.decoderAppliesOrientation ? 1 : orientation;
        const QSize upright = OrientationTransform::uprightSize(QSize(decoded.cols, decoded.rows), toApply);
        std::vector<std::uint8_t> rgb(std::size_t(upright.width()) * std::size_t(upright.height()) * 3);
        // Writes straight into the Image's buffer; OpenCV keeps a Mat that matches in size and type.
        cv::Mat out(upright.height(), upright.width(), CV_8UC3, rgb.data());
        if (toApply == 1) {
            PixelConverter::toRgb8(decoded, out);
        } else {
            cv::Mat stored(decoded.size(), CV_8UC3);
            PixelConverter::toRgb8(decoded, stored);
            decoded.release();
            OrientationTransform::apply(stored, out, toApply);
        }
        if (out.data != rgb.data())
            return Error::internal(QStringLiteral("OpenCV reallocated the output image"));
        return Image(upright.width(), upright.height(), std::move(rgb));
    } catch (const cv::Exception& e) {
        return decodeFailure(header, QStringLiteral("OpenCV: ") + QString::fromStdString(e.err));
    } catch (const std::bad_alloc&) {
        return Error::internal(QStringLiteral("not enough memory to decode %1 pixels")
                                   .arg(sizeText(header.width, header.height)));
    }
}

}  // namespace facecase
