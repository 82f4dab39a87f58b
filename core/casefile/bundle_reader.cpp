#include "casefile/bundle_reader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <zip.h>

#include "casefile/case_bundle.h"
#include "casefile/regular_file.h"
#include "casefile/zip_directory.h"

namespace facecase {

namespace {
constexpr qint64 kBlockBytes = 1 << 20;

Error tooLarge(const QString& relative, qint64 bytes, qint64 maxBytes) {
    return Error::invalidInput(QStringLiteral("%1: more than the %2 bytes it may have (%3 or more); not read further")
                                   .arg(relative).arg(maxBytes).arg(bytes));
}
}  // namespace

Result<BundleReader> BundleReader::open(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return Error::notFound(QStringLiteral("%1: no such folder or file").arg(path));
    BundleReader reader;
    reader.m_path = info.absoluteFilePath();
    if (info.isDir()) {
        if (auto listed = reader.listFolder(); !listed) return listed.error();
    } else if (!CaseBundle::isZipPath(path)) {
        return Error::invalidInput(QStringLiteral("%1: not a bundle folder or .zip file").arg(path));
    } else if (auto listed = reader.listZip(); !listed) {
        return listed.error();
    }
    reader.m_files.sort();
    std::stable_sort(reader.m_findings.begin(), reader.m_findings.end(),
                     [](const Finding& a, const Finding& b) { return a.path < b.path; });
    return reader;
}

void BundleReader::finding(const QString& path, Finding::Kind kind, const QString& detail) {
    m_findings.push_back({path, kind, detail});
    if (kind == Finding::Kind::Malformed) m_unreadable.insert(path);
}

// What the exporter writes is regular files, and the one folder evidence/. Symbolic links are
// not followed (QDirIterator without FollowSymlinks), so nothing outside the folder is listed.
Result<void> BundleReader::listFolder() {
    const QDir root(m_path);
    QDirIterator it(m_path, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString relative = root.relativeFilePath(it.next());
        const QFileInfo info = it.fileInfo();
        if (info.isSymLink()) {
            finding(relative, Finding::Kind::Malformed,
                    QStringLiteral("a symbolic link (to %1), not a regular file; not followed").arg(info.symLinkTarget()));
        } else if (info.isDir()) {
            if (relative != CaseBundle::evidenceFolder()) {
                finding(relative, Finding::Kind::Unlisted, QStringLiteral("a folder the exporter never writes"));
            }
        } else if (info.isFile()) {
            m_files << relative;
            m_index.emplace(relative, 0);
        } else {
            finding(relative, Finding::Kind::Malformed, QStringLiteral("not a regular file (a FIFO, socket or device); not read"));
        }
    }
    return {};
}

Result<void> BundleReader::listZip() {
    auto directory = ZipDirectory::read(m_path);
    if (!directory) return directory.error();
    const QString zipName = QFileInfo(m_path).fileName();
    for (const ZipDirectory::Finding& f : directory->findings()) {
        finding(f.entry.isEmpty() ? zipName : f.entry,
                f.kind == ZipDirectory::Finding::Kind::Unlisted ? Finding::Kind::Unlisted : Finding::Kind::Malformed, f.detail);
    }
    // Without ZIP_CHECKCONS: with it libzip refuses an inconsistent archive as a whole, naming no
    // entry; ZipDirectory has checked every entry against its local header and named the bad ones.
    int code = 0;
    zip_t* archive = zip_open(QFile::encodeName(m_path).constData(), ZIP_RDONLY, &code);
    if (!archive) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        const QString text = QString::fromUtf8(zip_error_strerror(&error));
        zip_error_fini(&error);
        return Error::invalidInput(QStringLiteral("%1: not a readable ZIP file (%2)").arg(m_path, text));
    }
    m_archive = std::shared_ptr<zip_t>(archive, [](zip_t* a) { zip_discard(a); });
    const std::vector<ZipDirectory::Entry>& entries = directory->entries();
    if (zip_get_num_entries(archive, 0) != zip_int64_t(entries.size())) {
        return Error::invalidInput(QStringLiteral("%1: libzip and the central directory disagree on the number of entries").arg(m_path));
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        // A folder entry and a second entry of one name are findings already; the first of a
        // name is the one read.
        if (entries[i].isFolder() || !m_index.emplace(entries[i].name, qint64(i)).second) continue;
        m_files << entries[i].name;
    }
    return {};
}

Result<qint64> BundleReader::stream(const QString& relative, qint64 maxBytes, const BlockSink& sink) const {
    const auto found = m_index.find(relative);
    if (found == m_index.end()) return Error::notFound(QStringLiteral("%1: not in the bundle").arg(relative));
    if (m_archive) return streamZipEntry(relative, found->second, maxBytes, sink);
    QFile file;
    if (auto opened = RegularFile::open(file, QDir(m_path).filePath(relative), RegularFile::Links::Refuse); !opened) {
        return opened.error();
    }
    if (file.size() > maxBytes) return tooLarge(relative, file.size(), maxBytes);
    qint64 total = 0;
    for (;;) {
        const QByteArray block = file.read(kBlockBytes);
        if (block.isEmpty()) {
            if (file.error() != QFileDevice::NoError) {
                return Error::invalidInput(QStringLiteral("%1: cannot read (%2)").arg(relative, file.errorString()));
            }
            return total;
        }
        total += block.size();
        if (total > maxBytes) return tooLarge(relative, total, maxBytes);  // grew while read
        if (auto taken = sink(block); !taken) return taken.error();
    }
}

Result<qint64> BundleReader::streamZipEntry(const QString& relative, qint64 index, qint64 maxBytes, const BlockSink& sink) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(m_archive.get(), zip_uint64_t(index), 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) &&
        stat.size > zip_uint64_t(maxBytes)) {
        return Error::invalidInput(QStringLiteral("%1: the ZIP entry declares %2 bytes inflated, more than the %3 it may have; "
                                                  "not inflated")
                                       .arg(relative).arg(stat.size).arg(maxBytes));
    }
    zip_file_t* entry = zip_fopen_index(m_archive.get(), zip_uint64_t(index), 0);
    if (!entry) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot open the ZIP entry (%2)").arg(relative, QString::fromUtf8(zip_strerror(m_archive.get()))));
    }
    const std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(entry, zip_fclose);
    // Inflated a block at a time and counted: an entry whose declared size lies is stopped at
    // the limit, never held.
    QByteArray block(qsizetype(kBlockBytes), Qt::Uninitialized);
    qint64 total = 0;
    for (;;) {
        const zip_int64_t n = zip_fread(entry, block.data(), zip_uint64_t(block.size()));
        if (n < 0) {
            // libzip checks the entry's CRC-32 at its end: a changed byte lands here.
            return Error::invalidInput(QStringLiteral("%1: cannot read the ZIP entry (%2)")
                                           .arg(relative, QString::fromUtf8(zip_file_strerror(entry))));
        }
        if (n == 0) return total;
        total += n;
        if (total > maxBytes) return tooLarge(relative, total, maxBytes);
        if (auto taken = sink(QByteArrayView(block.constData(), qsizetype(n))); !taken) return taken.error();
    }
}

Result<QByteArray> BundleReader::read(const QString& relative, qint64 maxBytes) const {
    QByteArray bytes;
    auto streamed = stream(relative, maxBytes, [&](QByteArrayView block) -> Result<void> {
        bytes += block;
        return {};
    });
    if (!streamed) return streamed.error();
    return bytes;
}

Result<FileDigest> BundleReader::digest(const QString& relative, qint64 maxBytes) const {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto size = stream(relative, maxBytes, [&](QByteArrayView block) -> Result<void> {
        hash.addData(block);
        return {};
    });
    if (!size) return size.error();
    return FileDigest{QString::fromLatin1(hash.result().toHex()), *size};
}

Result<void> BundleReader::readLines(const QString& relative, qint64 maxBytes, qint64 maxLineBytes, const LineSink& sink) const {
    QByteArray line;
    qint64 number = 0;
    const auto tooLong = [&] {
        return Error::invalidInput(QStringLiteral("%1: line %2 is longer than %3 bytes; not read further")
                                       .arg(relative).arg(number + 1).arg(maxLineBytes));
    };
    auto streamed = stream(relative, maxBytes, [&](QByteArrayView block) -> Result<void> {
        for (qsizetype from = 0; from < block.size();) {
            const qsizetype end = block.indexOf('\n', from);
            line += block.sliced(from, (end < 0 ? block.size() : end) - from);
            if (line.size() > maxLineBytes) return tooLong();
            if (end < 0) break;
            sink(++number, line);
            line.clear();
            from = end + 1;
        }
        return {};
    });
    if (!streamed) return streamed.error();
    if (!line.isEmpty()) sink(++number, line);
    return {};
}

}  // namespace facecase
