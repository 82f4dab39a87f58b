#pragma once

#include "imaging/image_format.h"

#include <QByteArrayView>
#include <QString>

namespace facecase {

// What a file's header and container structure say, learned without decoding a pixel: enough
// to refuse an oversized or broken file before the decoder allocates anything.
struct ImageHeader {
    ImageFormat format = ImageFormat::Jpeg;
    qint64 width = 0;   // as stored, before EXIF orientation; 64-bit because TIFF and WebP
    qint64 height = 0;  // headers can claim sizes that overflow int
    // The TIFF-structured EXIF block (after any "Exif\0\0" prefix), a view into the caller's
    // bytes; empty when the file has none.
    QByteArrayView exif;
    // OpenCV's TIFF decoder applies tag 274 itself, whatever the imread flags say; the loader
    // must then not rotate a second time.
    bool decoderAppliesOrientation = false;
    // The first structural problem found after the dimensions ("truncated PNG data (…)"), kept
    // apart so that an oversized header is reported as such even when the rest is missing.
    QString defect;

    qint64 pixelCount() const { return width * height; }
};

}  // namespace facecase
