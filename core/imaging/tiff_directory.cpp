#include "imaging/tiff_directory.h"

#include "imaging/byte_reader.h"

namespace facecase {

namespace {

constexpr quint16 kByte = 1;
constexpr quint16 kShort = 3;
constexpr quint16 kLong = 4;

qint64 typeSize(quint16 type) {
    switch (type) {
    case kByte: return 1;
    case kShort: return 2;
    case kLong: return 4;
    default: return 0;
    }
}

}  // namespace

Result<TiffDirectory> TiffDirectory::parse(QByteArrayView bytes) {
    const ByteReader in(bytes);
    TiffDirectory dir;
    dir.m_bytes = bytes;
    if (in.matches(0, QByteArrayView("MM", 2)))
        dir.m_bigEndian = true;
    else if (!in.matches(0, QByteArrayView("II", 2)))
        return Error::invalidInput(QStringLiteral("no TIFF byte-order mark"));
    if (!in.has(0, 8))
        return Error::invalidInput(QStringLiteral("the data ends inside the TIFF header"));
    if (in.u16(2, dir.m_bigEndian) != 42)
        return Error::invalidInput(QStringLiteral("no TIFF magic number"));

    const qint64 ifd = in.u32(4, dir.m_bigEndian);
    if (ifd < 8 || !in.has(ifd, 2))
        return Error::invalidInput(
            QStringLiteral("the first image directory (at byte %1) lies beyond the end of the data (%2 bytes)")
                .arg(ifd).arg(in.size()));
    const qint64 count = in.u16(ifd, dir.m_bigEndian);
    if (!in.has(ifd + 2, count * 12))
        return Error::invalidInput(
            QStringLiteral("the first image directory (%1 entries at byte %2) runs past the end of the data")
                .arg(count).arg(ifd));
    dir.m_entries.reserve(std::size_t(count));
    for (qint64 i = 0; i < count; ++i) {
        const qint64 at = ifd + 2 + i * 12;
        dir.m_entries.push_back(
            {in.u16(at, dir.m_bigEndian), in.u16(at + 2, dir.m_bigEndian), in.u32(at + 4, dir.m_bigEndian), at});
    }
    return dir;
}

const TiffDirectory::Entry* TiffDirectory::find(quint16 tag) const {
    for (const Entry& e : m_entries)
        if (e.tag == tag) return &e;
    return nullptr;
}

std::optional<quint32> TiffDirectory::value(quint16 tag) const {
    const Entry* e = find(tag);
    if (!e || e->count == 0 || typeSize(e->type) == 0) return std::nullopt;
    auto all = values(tag);
    if (!all || all->empty()) return std::nullopt;
    return all->front();
}

std::optional<std::vector<quint32>> TiffDirectory::values(quint16 tag) const {
    const Entry* e = find(tag);
    if (!e) return std::nullopt;
    const qint64 size = typeSize(e->type);
    if (size == 0) return std::nullopt;
    const ByteReader in(m_bytes);
    const qint64 total = size * e->count;
    // Values that fit in the entry's 4-byte value field are stored there, others at an offset.
    const qint64 at = total <= 4 ? e->entryOffset + 8 : qint64(in.u32(e->entryOffset + 8, m_bigEndian));
    if (!in.has(at, total)) return std::nullopt;
    std::vector<quint32> out;
    out.reserve(e->count);
    for (qint64 i = 0; i < e->count; ++i) {
        const qint64 p = at + i * size;
        out.push_back(e->type == kByte ? in.u8(p) : e->type == kShort ? in.u16(p, m_bigEndian) : in.u32(p, m_bigEndian));
    }
    return out;
}

}  // namespace facecase
