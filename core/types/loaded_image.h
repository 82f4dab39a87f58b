#pragma once

#include "types/image.h"

#include <QDateTime>
#include <QString>

namespace facecase {

// A decoded photo plus where it came from: the start of every provenance record.
struct LoadedImage {
    Image image;             // upright (EXIF orientation applied), 8-bit RGB
    QString sourcePath;      // absolute path, or the display name given for in-memory bytes
    QString sha256;          // lower-case hex SHA-256 of the file's bytes as read
    qint64 fileBytes = 0;
    QString format;          // "JPEG", "PNG", "BMP", "TIFF", "WebP", …
    int storedWidth = 0;     // dimensions as stored in the file, before orientation
    int storedHeight = 0;
    int exifOrientation = 1; // 1..8 as in EXIF; 1 = upright or absent
    QDateTime loadedAt;      // UTC
};

}  // namespace facecase
