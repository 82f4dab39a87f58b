#pragma once

#include "types/result.h"

#include <QByteArrayView>

#include <optional>
#include <vector>

namespace facecase {

// The first image file directory (IFD0) of a TIFF structure, in either byte order: a TIFF file,
// or an EXIF block (which is a TIFF structure too). Reads only what it is asked for and checks
// every offset against the data, so a hostile directory cannot make it read out of bounds.
// A view: the bytes must outlive it.
class TiffDirectory {
public:
    // The reason on failure completes a sentence: "the first image directory … lies beyond …".
    static Result<TiffDirectory> parse(QByteArrayView bytes);

    // The first value of a BYTE, SHORT or LONG entry; nullopt when absent or of another type.
    std::optional<quint32> value(quint16 tag) const;
    // Every value of such an entry; nullopt when absent, of another type or out of bounds.
    std::optional<std::vector<quint32>> values(quint16 tag) const;

private:
    struct Entry {
        quint16 tag = 0;
        quint16 type = 0;
        quint32 count = 0;
        qint64 entryOffset = 0;  // where the 12-byte entry starts
    };
    TiffDirectory() = default;
    const Entry* find(quint16 tag) const;

    QByteArrayView m_bytes;
    bool m_bigEndian = false;
    std::vector<Entry> m_entries;
};

}  // namespace facecase
