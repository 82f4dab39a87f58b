#include "imaging/exif_orientation.h"

#include "imaging/tiff_directory.h"

namespace facecase {

int ExifOrientation::read(QByteArrayView tiffBlock) {
    constexpr quint16 kOrientationTag = 0x0112;
    if (tiffBlock.isEmpty()) return kUpright;
    const auto dir = TiffDirectory::parse(tiffBlock);
    if (!dir.ok()) return kUpright;
    const auto value = dir->value(kOrientationTag);
    if (!value || *value < 1 || *value > 8) return kUpright;
    return int(*value);
}

}  // namespace facecase
