#include "imaging/jpeg_header_reader.h"

#include "imaging/byte_reader.h"

#include <cstring>

namespace facecase {

namespace {

constexpr quint8 kSos = 0xda;
constexpr quint8 kEoi = 0xd9;
constexpr quint8 kSoi = 0xd8;
constexpr quint8 kApp1 = 0xe1;

// SOF0..SOF15 without DHT (C4), JPG (C8) and DAC (CC), which share the range.
bool isStartOfFrame(quint8 marker) {
    return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

// Markers that stand alone, without a length: TEM and the restart markers.
bool isStandalone(quint8 marker) {
    return marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

// Markers that start a segment with a length: SOFn/DHT/DAC (C0-CF), SOS/DQT/DNL/DRI/DHP/EXP
// (DA-DF), APPn (E0-EF), JPGn (F0-FD) and COM (FE). Anything else is a reserved code, which in
// practice means a damaged byte.
bool isSegment(quint8 marker) {
    return (marker >= 0xc0 && marker <= 0xcf) || (marker >= 0xda && marker <= 0xfe);
}

QString hexByte(quint8 value) {
    return QStringLiteral("0x%1").arg(uint(value), 2, 16, QLatin1Char('0'));
}

// Skips entropy-coded data after an SOS segment: returns the offset of the next real marker
// (0xFF followed by anything but a stuffed 0x00, a fill 0xFF or a restart marker), or -1 when
// the data ends first.
qint64 skipEntropyCodedData(QByteArrayView bytes, qint64 from) {
    const char* data = bytes.data();
    const qint64 size = bytes.size();
    qint64 pos = from;
    while (pos < size) {
        const void* hit = std::memchr(data + pos, 0xff, std::size_t(size - pos));
        if (!hit) return -1;
        pos = static_cast<const char*>(hit) - data;
        qint64 next = pos + 1;
        while (next < size && quint8(data[next]) == 0xff) ++next;
        if (next >= size) return -1;
        const auto marker = quint8(data[next]);
        if (marker == 0x00 || (marker >= 0xd0 && marker <= 0xd7)) {
            pos = next + 1;
            continue;
        }
        return next - 1;
    }
    return -1;
}

}  // namespace

Result<ImageHeader> JpegHeaderReader::read(QByteArrayView bytes) {
    const ByteReader in(bytes);
    ImageHeader header;
    header.format = ImageFormat::Jpeg;
    bool haveFrame = false;
    bool inScans = false;  // after the first SOS: markers are found by skipping entropy data
    qint64 pos = 2;        // after SOI

    auto fail = [&](const QString& reason) -> Result<ImageHeader> {
        if (!haveFrame) return Error::invalidInput(reason);
        header.defect = reason;
        return header;
    };

    for (;;) {
        if (pos >= in.size()) {
            return fail(inScans ? QStringLiteral("truncated JPEG data (the file ends inside the image data, "
                                                 "before the end-of-image marker)")
                                : QStringLiteral("truncated JPEG data (the file ends inside the header, at byte %1)")
                                      .arg(in.size()));
        }
        if (in.u8(pos) != 0xff)
            return fail(QStringLiteral("corrupt JPEG data (expected a marker at byte %1, found %2)")
                            .arg(pos).arg(hexByte(in.u8(pos))));
        while (pos < in.size() && in.u8(pos) == 0xff) ++pos;  // fill bytes
        if (pos >= in.size()) continue;                       // reported as truncated above
        const quint8 marker = in.u8(pos);
        const qint64 markerAt = pos - 1;
        ++pos;

        if (marker == kEoi) {
            if (!inScans)
                return fail(QStringLiteral("corrupt JPEG data (end-of-image marker before any image data)"));
            return header;  // complete; anything after EOI is ignored, as every decoder does
        }
        if (marker == kSoi)
            return fail(QStringLiteral("corrupt JPEG data (a second start-of-image marker at byte %1)").arg(markerAt));
        if (isStandalone(marker)) continue;
        if (!isSegment(marker))
            return fail(QStringLiteral("corrupt JPEG data (invalid marker %1 at byte %2)").arg(hexByte(marker)).arg(markerAt));

        if (!in.has(pos, 2))
            return fail(QStringLiteral("truncated JPEG data (the file ends inside the header, at byte %1)")
                            .arg(in.size()));
        const qint64 length = in.u16be(pos);
        if (length < 2)
            return fail(QStringLiteral("corrupt JPEG data (marker %1 at byte %2 has a length of %3)")
                            .arg(hexByte(marker)).arg(markerAt).arg(length));
        if (!in.has(pos, length))
            return fail(QStringLiteral("truncated JPEG data (the file ends inside the %1 segment at byte %2)")
                            .arg(hexByte(marker)).arg(markerAt));
        const qint64 payload = pos + 2;
        const qint64 payloadSize = length - 2;

        if (marker == kApp1 && header.exif.isEmpty() && payloadSize > 6 && in.matches(payload, QByteArrayView("Exif\0", 5)))
            header.exif = in.mid(payload + 6, payloadSize - 6);

        if (isStartOfFrame(marker) && !haveFrame) {
            if (payloadSize < 6)
                return fail(QStringLiteral("corrupt JPEG data (frame header at byte %1 is too short)").arg(markerAt));
            header.height = in.u16be(payload + 1);
            header.width = in.u16be(payload + 3);
            haveFrame = true;
        }

        pos += length;
        if (marker == kSos) {
            if (!haveFrame)
                return fail(QStringLiteral("corrupt JPEG data (image data before the frame header)"));
            inScans = true;
            const qint64 next = skipEntropyCodedData(bytes, pos);
            if (next < 0)
                return fail(QStringLiteral("truncated JPEG data (the file ends inside the image data, "
                                           "before the end-of-image marker)"));
            pos = next;
        }
    }
}

}  // namespace facecase
