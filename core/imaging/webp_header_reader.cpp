#include "imaging/webp_header_reader.h"

#include "imaging/byte_reader.h"

namespace facecase {

namespace {

constexpr qint64 kFirstChunk = 12;   // after "RIFF", size, "WEBP"
constexpr quint8 kAnimationFlag = 0x02;
constexpr quint8 kLosslessSignature = 0x2f;

// Chunks are padded to an even size.
qint64 paddedSize(qint64 size) {
    return size + (size & 1);
}

Error truncated(qint64 fileSize) {
    return Error::invalidInput(QStringLiteral("truncated WebP data (the file ends inside the image header, at byte %1)")
                                   .arg(fileSize));
}

// Width and height from the first bytes of a VP8 or VP8L bitstream.
Result<ImageHeader> readBitstreamSize(const ByteReader& in, QByteArrayView fourcc, qint64 payload, ImageHeader header) {
    if (fourcc == QByteArrayView("VP8 ", 4)) {
        if (!in.has(payload, 10)) return truncated(in.size());
        if (!in.matches(payload + 3, QByteArrayView("\x9d\x01\x2a", 3)))
            return Error::invalidInput(QStringLiteral("corrupt WebP data (no VP8 key frame start code)"));
        header.width = in.u16le(payload + 6) & 0x3fff;
        header.height = in.u16le(payload + 8) & 0x3fff;
        return header;
    }
    if (!in.has(payload, 5)) return truncated(in.size());
    if (in.u8(payload) != kLosslessSignature)
        return Error::invalidInput(QStringLiteral("corrupt WebP data (no VP8L signature)"));
    const quint32 bits = in.u32le(payload + 1);
    header.width = (bits & 0x3fff) + 1;
    header.height = ((bits >> 14) & 0x3fff) + 1;
    return header;
}

}  // namespace

Result<ImageHeader> WebpHeaderReader::read(QByteArrayView bytes) {
    const ByteReader in(bytes);
    ImageHeader header;
    header.format = ImageFormat::WebP;
    if (!in.has(kFirstChunk, 8)) return truncated(in.size());

    const qint64 riffEnd = 8 + qint64(in.u32le(4));
    const qint64 end = qMin(riffEnd, in.size());
    const QByteArrayView firstFourcc = in.mid(kFirstChunk, 4);
    const qint64 firstPayload = kFirstChunk + 8;

    bool extended = false;
    bool haveBitstream = false;
    if (firstFourcc == QByteArrayView("VP8X", 4)) {
        if (!in.has(firstPayload, 10)) return truncated(in.size());
        if (in.u8(firstPayload) & kAnimationFlag)
            return Error::invalidInput(QStringLiteral("animated WebP is not supported; export one frame as PNG or JPEG"));
        header.width = qint64(in.u24le(firstPayload + 4)) + 1;
        header.height = qint64(in.u24le(firstPayload + 7)) + 1;
        extended = true;
    } else if (firstFourcc == QByteArrayView("VP8 ", 4) || firstFourcc == QByteArrayView("VP8L", 4)) {
        auto sized = readBitstreamSize(in, firstFourcc, firstPayload, header);
        if (!sized.ok()) return sized;
        header = *sized;
        haveBitstream = true;
    } else {
        return Error::invalidInput(QStringLiteral("corrupt WebP data (unknown first chunk \"%1\")")
                                       .arg(QString::fromLatin1(firstFourcc.toByteArray().toPercentEncoding())));
    }

    // Walk the chunks: all must fit in the file, and an extended file needs its bitstream.
    qint64 pos = kFirstChunk;
    while (pos + 8 <= end) {
        const QByteArrayView fourcc = in.mid(pos, 4);
        const qint64 size = in.u32le(pos + 4);
        if (pos + 8 + size > end) break;
        if (extended) {
            if (fourcc == QByteArrayView("VP8 ", 4) || fourcc == QByteArrayView("VP8L", 4)) haveBitstream = true;
            if (fourcc == QByteArrayView("ANMF", 4))
                return Error::invalidInput(QStringLiteral("animated WebP is not supported; export one frame as PNG or JPEG"));
            if (fourcc == QByteArrayView("EXIF", 4) && header.exif.isEmpty()) {
                const QByteArrayView data = in.mid(pos + 8, size);
                header.exif = data.startsWith(QByteArrayView("Exif\0\0", 6)) ? data.sliced(6) : data;
            }
        }
        pos += 8 + paddedSize(size);
    }
    if (riffEnd > in.size()) {
        header.defect = QStringLiteral("truncated WebP data (the RIFF header announces %1 bytes, the file has %2)")
                            .arg(riffEnd).arg(in.size());
    } else if (pos < end && pos + 8 <= end) {
        header.defect = QStringLiteral("corrupt WebP data (the chunk at byte %1 runs past the end of the file)").arg(pos);
    } else if (!haveBitstream) {
        header.defect = QStringLiteral("corrupt WebP data (no VP8 or VP8L image data)");
    }
    return header;
}

}  // namespace facecase
