#include "imaging/image_format.h"

namespace facecase {

QString imageFormatName(ImageFormat format) {
    switch (format) {
    case ImageFormat::Jpeg: return QStringLiteral("JPEG");
    case ImageFormat::Png: return QStringLiteral("PNG");
    case ImageFormat::Bmp: return QStringLiteral("BMP");
    case ImageFormat::Tiff: return QStringLiteral("TIFF");
    case ImageFormat::WebP: return QStringLiteral("WebP");
    }
    return QStringLiteral("image");
}

}  // namespace facecase
