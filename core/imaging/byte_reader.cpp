#include "imaging/byte_reader.h"

namespace facecase {

bool ByteReader::has(qint64 offset, qint64 count) const {
    return offset >= 0 && count >= 0 && offset <= size() && count <= size() - offset;
}

bool ByteReader::matches(qint64 offset, QByteArrayView expected) const {
    return has(offset, expected.size()) && mid(offset, expected.size()) == expected;
}

QByteArrayView ByteReader::mid(qint64 offset, qint64 count) const {
    return has(offset, count) ? m_bytes.sliced(qsizetype(offset), qsizetype(count)) : QByteArrayView();
}

quint8 ByteReader::u8(qint64 offset) const {
    return has(offset, 1) ? quint8(m_bytes[qsizetype(offset)]) : quint8(0);
}

quint16 ByteReader::u16be(qint64 offset) const {
    return has(offset, 2) ? quint16((u8(offset) << 8) | u8(offset + 1)) : quint16(0);
}

quint16 ByteReader::u16le(qint64 offset) const {
    return has(offset, 2) ? quint16(u8(offset) | (u8(offset + 1) << 8)) : quint16(0);
}

quint32 ByteReader::u24le(qint64 offset) const {
    if (!has(offset, 3)) return 0;
    return quint32(u8(offset)) | (quint32(u8(offset + 1)) << 8) | (quint32(u8(offset + 2)) << 16);
}

quint32 ByteReader::u32be(qint64 offset) const {
    if (!has(offset, 4)) return 0;
    return (quint32(u16be(offset)) << 16) | u16be(offset + 2);
}

quint32 ByteReader::u32le(qint64 offset) const {
    if (!has(offset, 4)) return 0;
    return quint32(u16le(offset)) | (quint32(u16le(offset + 2)) << 16);
}

quint16 ByteReader::u16(qint64 offset, bool bigEndian) const {
    return bigEndian ? u16be(offset) : u16le(offset);
}

quint32 ByteReader::u32(qint64 offset, bool bigEndian) const {
    return bigEndian ? u32be(offset) : u32le(offset);
}

}  // namespace facecase
