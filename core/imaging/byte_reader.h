#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace facecase {

// Bounds-checked reads of big- and little-endian integers from a file's bytes. Offsets are 64-bit
// so that 32-bit offsets taken from a hostile header cannot overflow when added; a read out of
// range yields 0, and callers ask has() first when the difference matters (truncation messages).
// Does not own the bytes.
class ByteReader {
public:
    explicit ByteReader(QByteArrayView bytes) : m_bytes(bytes) {}

    qint64 size() const { return m_bytes.size(); }
    bool has(qint64 offset, qint64 count) const;
    bool matches(qint64 offset, QByteArrayView expected) const;
    QByteArrayView mid(qint64 offset, qint64 count) const;  // empty when out of range

    quint8 u8(qint64 offset) const;
    quint16 u16be(qint64 offset) const;
    quint16 u16le(qint64 offset) const;
    quint32 u24le(qint64 offset) const;
    quint32 u32be(qint64 offset) const;
    quint32 u32le(qint64 offset) const;
    quint16 u16(qint64 offset, bool bigEndian) const;
    quint32 u32(qint64 offset, bool bigEndian) const;

private:
    QByteArrayView m_bytes;
};

}  // namespace facecase
