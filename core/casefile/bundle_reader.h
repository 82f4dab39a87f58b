#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "casefile/file_digest.h"
#include "types/result.h"

struct zip;  // libzip's archive handle (zip_t); kept out of this header's users

namespace facecase {

// Reads a case bundle the same way whether it is a folder or a ZIP file: the list of files and
// each file's bytes, digest or lines — the one reader of bundles. Read-only; never extracts
// anything. Only regular files are read: anything else a bundle holds (a folder or symbolic link
// the exporter never writes, a FIFO, a ZIP entry that contradicts its central directory) is a
// Finding naming it. Every read has a byte limit (BundleLimits) and streams in 1 MiB blocks,
// counting as it goes, so nothing is inflated or held beyond its limit. Not thread-safe (one
// libzip handle); copies share it.
class BundleReader {
public:
    struct Finding {
        enum class Kind {
            Unlisted,   // something the exporter never writes: an extra folder, bytes of no entry
            Malformed,  // not a regular file, or a ZIP entry inconsistent with itself
        };
        QString path;  // relative to the bundle root; the ZIP file's name for the archive itself
        Kind kind = Kind::Malformed;
        QString detail;
    };
    using BlockSink = std::function<Result<void>(QByteArrayView block)>;
    using LineSink = std::function<void(qint64 number, const QByteArray& line)>;

    // A folder, or a file ending in .zip. NotFound / InvalidInput naming the path otherwise.
    static Result<BundleReader> open(const QString& path);

    const QString& path() const { return m_path; }
    bool isZip() const { return m_archive != nullptr; }
    // Every regular file, relative and '/'-separated, sorted; hidden files included.
    const QStringList& files() const { return m_files; }
    const std::vector<Finding>& findings() const { return m_findings; }
    bool contains(const QString& relative) const { return m_index.count(relative) != 0; }
    // True when a finding names `relative` as something other than a readable file.
    bool isUnreadable(const QString& relative) const { return m_unreadable.count(relative) != 0; }

    // The file's blocks in order; InvalidInput naming the file once it (or, in a ZIP, its
    // declared inflated size) exceeds `maxBytes`, or a ZIP entry fails its CRC-32. A sink's
    // error stops the stream and is returned. The number of bytes streamed otherwise.
    Result<qint64> stream(const QString& relative, qint64 maxBytes, const BlockSink& sink) const;
    Result<QByteArray> read(const QString& relative, qint64 maxBytes) const;
    Result<FileDigest> digest(const QString& relative, qint64 maxBytes) const;
    // Each line without its '\n' (a '\r' stays), numbered from 1, the last one also when it has
    // no '\n'; only one line is held at a time, and a line longer than `maxLineBytes` stops it.
    Result<void> readLines(const QString& relative, qint64 maxBytes, qint64 maxLineBytes, const LineSink& sink) const;

private:
    Result<void> listFolder();
    Result<void> listZip();
    Result<qint64> streamZipEntry(const QString& relative, qint64 index, qint64 maxBytes, const BlockSink& sink) const;
    void finding(const QString& path, Finding::Kind kind, const QString& detail);

    QString m_path;
    std::shared_ptr<struct ::zip> m_archive;
    QStringList m_files;
    std::vector<Finding> m_findings;
    std::set<QString> m_unreadable;
    std::map<QString, qint64> m_index;  // file -> ZIP entry index (0 for a folder)
};

}  // namespace facecase
