#include "imaging/bmp_header_reader.h"

#include "imaging/byte_reader.h"

namespace facecase {

namespace {

constexpr qint64 kFileHeaderSize = 14;
constexpr quint32 kCoreHeaderSize = 12;  // OS/2 1.x: 16-bit width and height

enum Compression : quint32 { kRgb = 0, kRle8 = 1, kRle4 = 2, kBitFields = 3 };

}  // namespace

Result<ImageHeader> BmpHeaderReader::read(QByteArrayView bytes) {
    const ByteReader in(bytes);
    ImageHeader header;
    header.format = ImageFormat::Bmp;

    const quint32 dibSize = in.u32le(kFileHeaderSize);
    const qint64 needed = kFileHeaderSize + (dibSize == kCoreHeaderSize ? 12 : 16);
    if (!in.has(0, needed))
        return Error::invalidInput(QStringLiteral("truncated BMP data (the file ends inside the header)"));

    qint64 width = 0;
    qint64 height = 0;
    quint32 bitsPerPixel = 0;
    quint32 compression = kRgb;
    if (dibSize == kCoreHeaderSize) {
        width = in.u16le(18);
        height = in.u16le(20);
        bitsPerPixel = in.u16le(24);
    } else {
        width = qint32(in.u32le(18));
        height = qint32(in.u32le(22));  // negative: rows stored top-down
        bitsPerPixel = in.u16le(28);
        if (dibSize >= 20) compression = in.u32le(30);
    }
    if (width < 0)
        return Error::invalidInput(QStringLiteral("corrupt BMP data (the header gives a negative width, %1)").arg(width));
    header.width = width;
    header.height = height < 0 ? -height : height;

    const bool knownDepth = bitsPerPixel == 1 || bitsPerPixel == 4 || bitsPerPixel == 8 || bitsPerPixel == 16 ||
                            bitsPerPixel == 24 || bitsPerPixel == 32;
    if (!knownDepth) {
        header.defect = QStringLiteral("corrupt BMP data (%1 bits per pixel)").arg(bitsPerPixel);
        return header;
    }
    if (compression != kRgb && compression != kRle8 && compression != kRle4 && compression != kBitFields) {
        header.defect = compression == 4 || compression == 5
                            ? QStringLiteral("BMP files with an embedded %1 image are not supported; convert it to PNG")
                                  .arg(compression == 4 ? QStringLiteral("JPEG") : QStringLiteral("PNG"))
                            : QStringLiteral("BMP compression method %1 is not supported; convert it to PNG").arg(compression);
        return header;
    }
    // Sizes beyond 2^30 are refused by the pixel limit anyway; the bound keeps the sums below
    // from overflowing.
    constexpr qint64 kCheckable = qint64(1) << 30;
    if ((compression == kRgb || compression == kBitFields) && header.width <= kCheckable && header.height <= kCheckable) {
        // Rows are padded to 4 bytes; some writers leave out the last row's padding.
        const qint64 pixelOffset = in.u32le(10);
        const qint64 rowBytes = (header.width * bitsPerPixel + 31) / 32 * 4;
        const qint64 lastRowBytes = (header.width * bitsPerPixel + 7) / 8;
        const qint64 end = header.height == 0 ? pixelOffset : pixelOffset + rowBytes * (header.height - 1) + lastRowBytes;
        if (end > in.size())
            header.defect = QStringLiteral("truncated BMP data (the pixel rows need %1 bytes, the file has %2)")
                                .arg(end).arg(in.size());
    }
    return header;
}

}  // namespace facecase
