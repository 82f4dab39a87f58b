#include "imaging/image_header_reader.h"

#include "imaging/bmp_header_reader.h"
#include "imaging/format_sniffer.h"
#include "imaging/jpeg_header_reader.h"
#include "imaging/png_header_reader.h"
#include "imaging/tiff_header_reader.h"
#include "imaging/webp_header_reader.h"

namespace facecase {

namespace {

Result<ImageHeader> readFormat(ImageFormat format, QByteArrayView bytes) {
    switch (format) {
    case ImageFormat::Jpeg: return JpegHeaderReader::read(bytes);
    case ImageFormat::Png: return PngHeaderReader::read(bytes);
    case ImageFormat::Bmp: return BmpHeaderReader::read(bytes);
    case ImageFormat::Tiff: return TiffHeaderReader::read(bytes);
    case ImageFormat::WebP: return WebpHeaderReader::read(bytes);
    }
    return Error::internal(QStringLiteral("unknown image format"));
}

}  // namespace

Result<ImageHeader> ImageHeaderReader::read(QByteArrayView bytes) {
    const auto format = FormatSniffer::sniff(bytes);
    if (!format.ok()) return format.error();
    auto header = readFormat(*format, bytes);
    if (!header.ok()) return header;

    // Zero is what a corrupt or placeholder header says; no decoder can make an image of it.
    if (header->width == 0 || header->height == 0) {
        const QString which = header->width == 0 && header->height == 0 ? QStringLiteral("zero width and height")
                              : header->width == 0                      ? QStringLiteral("zero width")
                                                                        : QStringLiteral("zero height");
        return Error::invalidInput(QStringLiteral("the %1 header gives %2 (%3 × %4 pixels)")
                                       .arg(imageFormatName(*format), which)
                                       .arg(header->width)
                                       .arg(header->height));
    }
    return header;
}

}  // namespace facecase
