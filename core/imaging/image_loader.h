#pragma once

#include "types/loaded_image.h"
#include "types/result.h"

#include <QByteArray>
#include <QString>

namespace facecase {

// Limits that protect the workstation from hostile or broken files.
struct ImageLoadLimits {
    qint64 maxPixels = 100'000'000;         // checked from the header, before pixels are decoded
    qint64 maxFileBytes = 1'000'000'000;    // refuse larger files without reading them
};

// Decodes photos (JPEG, PNG, BMP, TIFF, WebP — whatever Debian's OpenCV reads) into upright 8-bit
// RGB, applying EXIF orientation and converting grey / 16-bit / alpha / CMYK. Every refusal names
// the file and the reason. Stateless and thread-safe; cost is one decode plus one SHA-256 pass.
//
// Refusals read "<file name>: <reason>" (the name without its folder, or `displayName`), with
// Error::Kind::NotFound for a missing path and InvalidInput for everything wrong with the bytes.
// Sizes are checked from the header before any pixel is decoded; a JPEG additionally gets a
// libjpeg pass that turns its "corrupt data" warnings into refusals (+10-25% decode time).
// Peak memory is about twice the decoded pixels (three times when a rotation is needed).
class ImageLoader {
public:
    explicit ImageLoader(ImageLoadLimits limits = {});

    Result<LoadedImage> loadFile(const QString& path) const;
    // `displayName` stands in for a path in messages and in LoadedImage::sourcePath.
    Result<LoadedImage> loadBytes(const QByteArray& bytes, const QString& displayName) const;

    // How many pixel decodes this process has started (headers that passed every check), for
    // tests and benchmarks that prove a photo is decoded once. Thread-safe.
    static quint64 decodesStarted();

private:
    Result<LoadedImage> load(const QByteArray& bytes, const QString& name, const QString& sourcePath) const;
    QString fileSizeReason(qint64 size) const;

    ImageLoadLimits m_limits;
};

}  // namespace facecase
