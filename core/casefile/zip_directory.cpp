#include "casefile/zip_directory.h"

#include <QFile>
#include <QtEndian>
#include <algorithm>
#include <map>
#include <optional>

#include "casefile/bundle_limits.h"
#include "casefile/regular_file.h"

namespace facecase {

namespace {
// Record layouts of APPNOTE.TXT (PKWARE's ZIP specification), sections 4.3.7 to 4.3.16.
constexpr quint32 kLocalSignature = 0x04034b50;
constexpr quint32 kCentralSignature = 0x02014b50;
constexpr quint32 kEndSignature = 0x06054b50;
constexpr quint32 kZip64EndSignature = 0x06064b50;
constexpr quint32 kZip64LocatorSignature = 0x07064b50;
constexpr quint32 kDescriptorSignature = 0x08074b50;
constexpr qint64 kLocalBytes = 30;
constexpr qint64 kCentralBytes = 46;
constexpr qint64 kEndBytes = 22;
constexpr qint64 kZip64LocatorBytes = 20;
constexpr qint64 kZip64EndBytes = 56;
constexpr qint64 kMaxCommentBytes = 0xFFFF;
constexpr quint16 kEncryptedFlag = 1 << 0;
constexpr quint16 kDescriptorFlag = 1 << 3;
constexpr quint32 kZip64Marker = 0xFFFFFFFF;
constexpr quint16 kZip64ExtraId = 0x0001;

using Kind = ZipDirectory::Finding::Kind;

// Little-endian fields of a record held in memory; a read past its end gives 0, and callers
// check lengths before they trust a field.
class Fields {
public:
    explicit Fields(QByteArrayView bytes) : m_bytes(bytes) {}
    quint16 u16(qsizetype at) const { return fits(at, 2) ? qFromLittleEndian<quint16>(m_bytes.data() + at) : 0; }
    quint32 u32(qsizetype at) const { return fits(at, 4) ? qFromLittleEndian<quint32>(m_bytes.data() + at) : 0; }
    quint64 u64(qsizetype at) const { return fits(at, 8) ? qFromLittleEndian<quint64>(m_bytes.data() + at) : 0; }
    QByteArrayView slice(qsizetype at, qsizetype n) const { return fits(at, n) ? m_bytes.sliced(at, n) : QByteArrayView(); }
    bool fits(qsizetype at, qsizetype n) const { return at >= 0 && n >= 0 && at + n <= m_bytes.size(); }

private:
    QByteArrayView m_bytes;
};

// Zip64 extended information (extra field 0x0001) replaces, in this order, each of the size,
// compressed size and offset whose 32-bit field holds 0xFFFFFFFF.
void applyZip64(QByteArrayView extra, quint64& size, quint64& compressed, quint64* offset) {
    const Fields f(extra);
    for (qsizetype at = 0; f.fits(at, 4); at += 4 + f.u16(at + 2)) {
        if (f.u16(at) != kZip64ExtraId) continue;
        qsizetype value = at + 4;
        const qsizetype end = value + f.u16(at + 2);
        for (quint64* field : {&size, &compressed, offset}) {
            if (field && *field == kZip64Marker && value + 8 <= end) {
                *field = f.u64(value);
                value += 8;
            }
        }
        return;
    }
}

QByteArray readAt(QFile& file, qint64 at, qint64 n) {
    if (at < 0 || n < 0 || at > file.size() || !file.seek(at)) return {};
    return file.read(n);
}

bool plainRelative(const QString& name) {
    if (name.isEmpty() || name.startsWith(QLatin1Char('/')) || name.contains(QLatin1Char('\\'))) return false;
    const QStringList parts = name.split(QLatin1Char('/'));
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const bool last = i == parts.size() - 1;  // "evidence/" ends in an empty part
        if ((parts[i].isEmpty() && !last) || parts[i] == QLatin1String(".") || parts[i] == QLatin1String("..")) return false;
    }
    return true;
}

// Where the central directory is, from the end record (and its Zip64 form when a field overflows).
struct Directory {
    quint64 entries = 0;
    quint64 size = 0;
    quint64 offset = 0;
    qint64 endsAt = 0;  // where the records after the directory start
};

Result<Directory> locate(QFile& file, const QString& path, std::vector<ZipDirectory::Finding>& findings) {
    const qint64 fileSize = file.size();
    const qint64 tailBytes = std::min(fileSize, kEndBytes + kMaxCommentBytes);
    const QByteArray tail = readAt(file, fileSize - tailBytes, tailBytes);
    const Fields t(tail);
    qsizetype end = -1;
    for (qsizetype at = tail.size() - kEndBytes; at >= 0; --at) {
        if (t.u32(at) == kEndSignature && at + kEndBytes + t.u16(at + 20) == tail.size()) {
            end = at;
            break;
        }
    }
    if (end < 0) {
        return Error::invalidInput(QStringLiteral("%1: no end-of-central-directory record: not a ZIP file, or cut short").arg(path));
    }
    if (t.u16(end + 4) != 0 || t.u16(end + 6) != 0) {
        return Error::invalidInput(QStringLiteral("%1: a ZIP file spanning several disks").arg(path));
    }
    if (const quint16 comment = t.u16(end + 20); comment != 0) {
        findings.push_back({{}, Kind::Unlisted, QStringLiteral("a %1-byte archive comment, which the exporter never writes").arg(comment)});
    }
    Directory d;
    d.entries = t.u16(end + 10);
    d.size = t.u32(end + 12);
    d.offset = t.u32(end + 16);
    d.endsAt = fileSize - tailBytes + end;
    if (d.entries == 0xFFFF || d.size == kZip64Marker || d.offset == kZip64Marker) {
        const QByteArray locator = readAt(file, d.endsAt - kZip64LocatorBytes, kZip64LocatorBytes);
        const Fields l(locator);
        const qint64 zip64End = qint64(l.u64(8));
        const QByteArray record = readAt(file, zip64End, kZip64EndBytes);
        const Fields r(record);
        if (l.u32(0) != kZip64LocatorSignature || r.u32(0) != kZip64EndSignature ||
            zip64End + 12 + qint64(r.u64(4)) != d.endsAt - kZip64LocatorBytes) {
            return Error::invalidInput(QStringLiteral("%1: its Zip64 end records are missing or damaged").arg(path));
        }
        d.entries = r.u64(32);
        d.size = r.u64(40);
        d.offset = r.u64(48);
        d.endsAt = zip64End;
    }
    if (d.entries > quint64(BundleLimits::kZipEntries) || d.size > quint64(BundleLimits::kZipDirectoryBytes)) {
        return Error::invalidInput(QStringLiteral("%1: its central directory holds %2 entries in %3 bytes, more than the %4 entries "
                                                  "in %5 bytes a case bundle may have; not read")
                                       .arg(path).arg(d.entries).arg(d.size).arg(BundleLimits::kZipEntries)
                                       .arg(BundleLimits::kZipDirectoryBytes));
    }
    if (d.offset + d.size > quint64(d.endsAt)) {
        return Error::invalidInput(QStringLiteral("%1: its central directory runs past its end record").arg(path));
    }
    if (d.offset + d.size < quint64(d.endsAt)) {
        findings.push_back({{}, Kind::Unlisted,
                            QStringLiteral("%1 bytes between the central directory and its end record belong to no entry")
                                .arg(quint64(d.endsAt) - d.offset - d.size)});
    }
    return d;
}

// Where an entry's bytes (local header, data, data descriptor) sit in the file.
struct Span {
    quint64 start = 0;
    quint64 end = 0;
    QString entry;
};

// Compares one entry's local header with its central directory record; the span it covers, or
// none when the local header is not there to measure.
std::optional<Span> checkLocal(QFile& file, const ZipDirectory::Entry& e, const QByteArray& centralName,
                               std::vector<ZipDirectory::Finding>& findings) {
    const auto inconsistent = [&](const QString& detail) { findings.push_back({e.name, Kind::Inconsistent, detail}); };
    const QByteArray header = readAt(file, qint64(e.localOffset), kLocalBytes);
    const Fields h(header);
    if (header.size() != kLocalBytes || h.u32(0) != kLocalSignature) {
        inconsistent(QStringLiteral("no local header where the central directory puts it (byte %1)").arg(e.localOffset));
        return std::nullopt;
    }
    const quint16 nameBytes = h.u16(26);
    const quint16 extraBytes = h.u16(28);
    const QByteArray variable = readAt(file, qint64(e.localOffset) + kLocalBytes, nameBytes + extraBytes);
    const QByteArray localName = variable.left(nameBytes);
    if (localName != centralName) {
        inconsistent(QStringLiteral("its local header names it \"%1\"").arg(QString::fromUtf8(localName)));
    }
    const quint16 flags = h.u16(6);
    const quint16 method = h.u16(8);
    if (flags != e.flags || method != e.method) {
        inconsistent(QStringLiteral("its local header says flags 0x%1, method %2; the central directory 0x%3, method %4")
                         .arg(flags, 4, 16, QLatin1Char('0')).arg(method).arg(e.flags, 4, 16, QLatin1Char('0')).arg(e.method));
    }
    quint64 size = h.u32(22);
    quint64 compressed = h.u32(18);
    applyZip64(QByteArrayView(variable).sliced(qMin<qsizetype>(nameBytes, variable.size())), size, compressed, nullptr);
    const bool descriptor = (flags & kDescriptorFlag) != 0;
    if (!descriptor && (h.u32(14) != e.crc32 || size != e.size || compressed != e.compressedSize)) {
        inconsistent(QStringLiteral("its local header says CRC-32 %1, %2 bytes (%3 compressed); the central directory "
                                    "%4, %5 bytes (%6 compressed)")
                         .arg(h.u32(14), 8, 16, QLatin1Char('0')).arg(size).arg(compressed)
                         .arg(e.crc32, 8, 16, QLatin1Char('0')).arg(e.size).arg(e.compressedSize));
    }
    Span span{e.localOffset, e.localOffset + kLocalBytes + nameBytes + extraBytes + e.compressedSize, e.name};
    if (descriptor) {
        // CRC-32 and sizes after the data, with or without a signature, 4- or 8-byte sizes.
        const bool wide = e.size >= kZip64Marker || e.compressedSize >= kZip64Marker;
        const bool signature = Fields(readAt(file, qint64(span.end), 4)).u32(0) == kDescriptorSignature;
        span.end += (signature ? 4 : 0) + 4 + (wide ? 16 : 8);
    }
    if (span.end > quint64(file.size())) inconsistent(QStringLiteral("its data runs past the end of the file"));
    return span;
}

// Every byte before the central directory must belong to one entry's span, in order.
void account(std::vector<Span> spans, quint64 directoryOffset, std::vector<ZipDirectory::Finding>& findings) {
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
    quint64 cursor = 0;
    for (const Span& s : spans) {
        if (s.start > cursor) {
            findings.push_back({s.entry, Kind::Unlisted,
                                QStringLiteral("%1 bytes before its local header belong to no entry").arg(s.start - cursor)});
        } else if (s.start < cursor) {
            findings.push_back({s.entry, Kind::Inconsistent, QStringLiteral("its bytes overlap those of another entry")});
        }
        cursor = std::max(cursor, s.end);
    }
    if (cursor < directoryOffset) {
        findings.push_back({{}, Kind::Unlisted,
                            QStringLiteral("%1 bytes between the last entry and the central directory belong to no entry")
                                .arg(directoryOffset - cursor)});
    } else if (cursor > directoryOffset) {
        findings.push_back({{}, Kind::Inconsistent, QStringLiteral("the entries' data runs into the central directory")});
    }
}
}  // namespace

Result<ZipDirectory> ZipDirectory::read(const QString& path) {
    QFile file;
    if (auto opened = RegularFile::open(file, path, RegularFile::Links::Follow); !opened) return opened.error();
    ZipDirectory zip;
    auto d = locate(file, path, zip.m_findings);
    if (!d) return d.error();
    const QByteArray directory = readAt(file, qint64(d->offset), qint64(d->size));
    const Fields c(directory);
    std::map<QString, std::size_t> firstIndex;
    std::vector<Span> spans;
    qsizetype at = 0;
    for (quint64 i = 0; i < d->entries; ++i) {
        if (!c.fits(at, kCentralBytes) || c.u32(at) != kCentralSignature) {
            return Error::invalidInput(QStringLiteral("%1: central directory record %2 of %3 is damaged").arg(path).arg(i + 1).arg(d->entries));
        }
        const quint16 nameBytes = c.u16(at + 28);
        const quint16 extraBytes = c.u16(at + 30);
        const quint16 commentBytes = c.u16(at + 32);
        const QByteArray name = c.slice(at + kCentralBytes, nameBytes).toByteArray();
        Entry e;
        e.name = QString::fromUtf8(name);
        e.flags = c.u16(at + 8);
        e.method = c.u16(at + 10);
        e.crc32 = c.u32(at + 16);
        e.compressedSize = c.u32(at + 20);
        e.size = c.u32(at + 24);
        e.localOffset = c.u32(at + 42);
        applyZip64(c.slice(at + kCentralBytes + nameBytes, extraBytes), e.size, e.compressedSize, &e.localOffset);
        at += kCentralBytes + nameBytes + extraBytes + commentBytes;
        if (!c.fits(0, at)) return Error::invalidInput(QStringLiteral("%1: central directory record %2 is cut short").arg(path).arg(i + 1));

        const auto finding = [&](Kind kind, const QString& detail) { zip.m_findings.push_back({e.name, kind, detail}); };
        if (const auto [first, fresh] = firstIndex.emplace(e.name, std::size_t(i)); !fresh) {
            finding(Kind::Inconsistent, QStringLiteral("the central directory lists it more than once (entries %1 and %2)")
                                            .arg(first->second + 1).arg(i + 1));
        }
        if (e.isFolder()) {
            finding(Kind::Unlisted, e.size == 0 && e.compressedSize == 0
                                        ? QStringLiteral("a folder entry, which the exporter never writes")
                                        : QStringLiteral("a folder entry carrying %1 bytes (%2 compressed); the exporter writes no "
                                                         "folder entries").arg(e.size).arg(e.compressedSize));
        }
        if (!plainRelative(e.name)) finding(Kind::Inconsistent, QStringLiteral("not a plain relative path inside the bundle"));
        if (e.flags & kEncryptedFlag) finding(Kind::Inconsistent, QStringLiteral("encrypted; the exporter never encrypts"));
        if (commentBytes != 0) finding(Kind::Unlisted, QStringLiteral("a %1-byte entry comment, which the exporter never writes").arg(commentBytes));
        if (auto span = checkLocal(file, e, name, zip.m_findings)) spans.push_back(*span);
        zip.m_entries.push_back(std::move(e));
    }
    if (at != directory.size()) {
        zip.m_findings.push_back({{}, Kind::Unlisted,
                                  QStringLiteral("%1 bytes of the central directory belong to no entry").arg(directory.size() - at)});
    }
    account(std::move(spans), d->offset, zip.m_findings);
    return zip;
}

}  // namespace facecase
