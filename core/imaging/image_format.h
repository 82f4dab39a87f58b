#pragma once

#include <QString>

namespace facecase {

// The containers the loader accepts: those Debian's OpenCV 4.6 decodes and whose headers
// ImageHeaderReader can size before any pixel is decoded.
enum class ImageFormat { Jpeg, Png, Bmp, Tiff, WebP };

// "JPEG", "PNG", "BMP", "TIFF", "WebP": the name users know, stored in LoadedImage::format.
QString imageFormatName(ImageFormat format);

}  // namespace facecase
