#pragma once

#include <QString>
#include <vector>

#include "types/result.h"

namespace facecase {

// The entries of a ZIP file as its central directory lists them, each checked against its local
// header, and every byte of the file accounted for (local headers and data back to back, then
// the central directory, then its end record). libzip trusts the central directory and, with
// ZIP_CHECKCONS, refuses an inconsistent archive as a whole without saying which entry is
// wrong; this says which. Reads headers only, never entry data. Plain value; read() is
// stateless and thread-safe.
class ZipDirectory {
public:
    struct Entry {
        QString name;  // as stored, UTF-8
        quint16 method = 0;
        quint16 flags = 0;
        quint32 crc32 = 0;
        quint64 compressedSize = 0;
        quint64 size = 0;  // inflated, as the central directory declares it
        quint64 localOffset = 0;
        bool isFolder() const { return name.endsWith(QLatin1Char('/')); }
    };
    struct Finding {
        enum class Kind {
            Unlisted,      // bytes or an entry the exporter never writes (folder entry, comment, gap)
            Inconsistent,  // the archive contradicts itself (local vs central, duplicate name)
        };
        QString entry;  // the entry's name; empty for the archive as a whole
        Kind kind = Kind::Inconsistent;
        QString detail;
    };

    // InvalidInput naming `path` when it has no readable end-of-central-directory record or a
    // directory beyond BundleLimits; everything wrong with single entries is a Finding.
    static Result<ZipDirectory> read(const QString& path);

    const std::vector<Entry>& entries() const { return m_entries; }  // central directory order
    const std::vector<Finding>& findings() const { return m_findings; }

private:
    std::vector<Entry> m_entries;
    std::vector<Finding> m_findings;
};

}  // namespace facecase
