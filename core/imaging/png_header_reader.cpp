#include "imaging/png_header_reader.h"

#include "imaging/byte_reader.h"

#include <zlib.h>

namespace facecase {

namespace {

constexpr qint64 kSignatureSize = 8;
constexpr quint32 kMaxChunkLength = 0x7fffffff;  // PNG limit for lengths and dimensions

bool isChunkType(QByteArrayView type) {
    if (type.size() != 4) return false;
    for (const char c : type)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
    return true;
}

QString chunkName(QByteArrayView type) {
    return isChunkType(type) ? QString::fromLatin1(type) : QStringLiteral("unnamed");
}

quint32 crcOf(QByteArrayView bytes) {
    // Chunk lengths are below 2^31, so one call with uInt is enough.
    return quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()), uInt(bytes.size())));
}

}  // namespace

Result<ImageHeader> PngHeaderReader::read(QByteArrayView bytes) {
    const ByteReader in(bytes);
    ImageHeader header;
    header.format = ImageFormat::Png;

    // IHDR must come first: length 13, type, width, height, …
    if (!in.has(kSignatureSize, 16))
        return Error::invalidInput(QStringLiteral("truncated PNG data (the file ends inside the IHDR header)"));
    if (!in.matches(kSignatureSize + 4, QByteArrayView("IHDR", 4)) || in.u32be(kSignatureSize) != 13)
        return Error::invalidInput(QStringLiteral("corrupt PNG data (the first chunk is not a valid IHDR)"));
    const quint32 width = in.u32be(kSignatureSize + 8);
    const quint32 height = in.u32be(kSignatureSize + 12);
    if (width > kMaxChunkLength || height > kMaxChunkLength)
        return Error::invalidInput(QStringLiteral("corrupt PNG data (IHDR gives %1 × %2, beyond PNG's limit of 2^31 − 1)")
                                       .arg(width).arg(height));
    header.width = width;
    header.height = height;

    bool sawImageData = false;
    qint64 pos = kSignatureSize;
    while (true) {
        if (!in.has(pos, 8)) {
            header.defect = pos >= in.size()
                                ? QStringLiteral("truncated PNG data (the file ends before the IEND chunk)")
                                : QStringLiteral("truncated PNG data (the file ends inside a chunk header at byte %1)").arg(pos);
            return header;
        }
        const quint32 length = in.u32be(pos);
        const QByteArrayView type = in.mid(pos + 4, 4);
        if (!isChunkType(type) || length > kMaxChunkLength) {
            header.defect = QStringLiteral("corrupt PNG data (invalid chunk header at byte %1)").arg(pos);
            return header;
        }
        if (!in.has(pos, 12 + qint64(length))) {
            header.defect = QStringLiteral("truncated PNG data (the file ends inside the %1 chunk at byte %2: "
                                           "%3 of its %4 bytes are there)")
                                .arg(chunkName(type)).arg(pos).arg(qBound<qint64>(0, in.size() - pos - 8, length)).arg(length);
            return header;
        }
        const QByteArrayView data = in.mid(pos + 8, length);
        if (crcOf(in.mid(pos + 4, 4 + qint64(length))) != in.u32be(pos + 8 + length)) {
            header.defect = QStringLiteral("corrupt PNG data (CRC error in the %1 chunk at byte %2)").arg(chunkName(type)).arg(pos);
            return header;
        }
        if (type == QByteArrayView("IDAT", 4)) sawImageData = true;
        if (type == QByteArrayView("eXIf", 4) && header.exif.isEmpty())
            header.exif = data.startsWith(QByteArrayView("Exif\0\0", 6)) ? data.sliced(6) : data;
        if (type == QByteArrayView("IEND", 4)) break;
        pos += 12 + qint64(length);
    }
    if (!sawImageData) header.defect = QStringLiteral("corrupt PNG data (no IDAT chunk: the file holds no image data)");
    return header;
}

}  // namespace facecase
