#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>

#include "casefile/file_digest.h"
#include "types/result.h"

struct zip;  // libzip's archive handle (zip_t); kept out of this header's users

namespace facecase {

// Reads a case bundle the same way whether it is a folder or a ZIP file: the list of files and
// each file's bytes or digest. Read-only; never extracts anything. Not thread-safe (one libzip
// handle); copies share it.
class BundleReader {
public:
    // A folder, or a file ending in .zip. NotFound / InvalidInput naming the path otherwise.
    static Result<BundleReader> open(const QString& path);

    const QString& path() const { return m_path; }
    bool isZip() const { return m_archive != nullptr; }
    // Every file, relative and '/'-separated, sorted; hidden files included, folders not.
    const QStringList& files() const { return m_files; }
    // Names a ZIP holds more than once (a folder cannot).
    const QStringList& duplicates() const { return m_duplicates; }

    bool contains(const QString& relative) const { return m_index.count(relative) != 0; }
    // A ZIP entry whose bytes do not match its CRC fails here, naming the entry.
    Result<QByteArray> read(const QString& relative) const;
    Result<FileDigest> digest(const QString& relative) const;

private:
    Result<void> stream(const QString& relative, const std::function<void(const QByteArray&)>& sink) const;

    QString m_path;
    std::shared_ptr<struct ::zip> m_archive;
    QStringList m_files;
    QStringList m_duplicates;
    std::map<QString, qint64> m_index;  // file -> ZIP entry index (0 for a folder)
};

}  // namespace facecase
