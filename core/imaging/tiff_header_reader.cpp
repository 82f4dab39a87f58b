#include "imaging/tiff_header_reader.h"

#include "imaging/byte_reader.h"
#include "imaging/tiff_directory.h"

namespace facecase {

namespace {

enum Tag : quint16 {
    kImageWidth = 256,
    kImageLength = 257,
    kStripOffsets = 273,
    kStripByteCounts = 279,
    kTileOffsets = 324,
    kTileByteCounts = 325,
    kDngVersion = 50706,
};

// Where the image data ends, or a defect when the strips or tiles are missing or out of bounds.
QString checkDataExtent(const TiffDirectory& dir, qint64 fileSize) {
    const bool tiled = dir.value(kTileOffsets).has_value();
    const auto offsets = dir.values(tiled ? kTileOffsets : kStripOffsets);
    const auto counts = dir.values(tiled ? kTileByteCounts : kStripByteCounts);
    if (!offsets || !counts)
        return QStringLiteral("corrupt TIFF data (the %1 offsets or sizes are missing or lie beyond the end of the file)")
            .arg(tiled ? QStringLiteral("tile") : QStringLiteral("strip"));
    if (offsets->size() != counts->size())
        return QStringLiteral("corrupt TIFF data (%1 %2 offsets but %3 sizes)")
            .arg(offsets->size()).arg(tiled ? QStringLiteral("tile") : QStringLiteral("strip")).arg(counts->size());
    qint64 end = 0;
    for (std::size_t i = 0; i < offsets->size(); ++i) end = qMax(end, qint64((*offsets)[i]) + qint64((*counts)[i]));
    if (end > fileSize)
        return QStringLiteral("truncated TIFF data (the image data runs to byte %1, the file has %2 bytes)")
            .arg(end).arg(fileSize);
    return {};
}

}  // namespace

Result<ImageHeader> TiffHeaderReader::read(QByteArrayView bytes) {
    const ByteReader in(bytes);
    ImageHeader header;
    header.format = ImageFormat::Tiff;
    header.exif = bytes;
    header.decoderAppliesOrientation = true;

    const auto dir = TiffDirectory::parse(bytes);
    if (!dir.ok()) {
        // A directory beyond the end is what a file cut short looks like.
        return Error::invalidInput(QStringLiteral("truncated or corrupt TIFF data (") + dir.error().message +
                                   QLatin1Char(')'));
    }
    if (dir->value(kDngVersion) || in.matches(8, QByteArrayView("CR", 2)))
        return Error::invalidInput(QStringLiteral("camera raw files (DNG, CR2) are not supported: their first image is "
                                                  "only a preview; export a JPEG or TIFF from the raw converter"));
    const auto width = dir->value(kImageWidth);
    const auto height = dir->value(kImageLength);
    if (!width || !height)
        return Error::invalidInput(QStringLiteral("corrupt TIFF data (no image width or height in the first directory)"));
    header.width = *width;
    header.height = *height;
    header.defect = checkDataExtent(*dir, in.size());
    return header;
}

}  // namespace facecase
