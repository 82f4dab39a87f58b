#pragma once

#include <QByteArray>
#include <QString>

#include "types/result.h"

namespace facecase {

// A file's SHA-256 (lower-case hex) and size, computed by streaming it in 1 MiB blocks. Plain
// value; the functions are stateless and thread-safe.
struct FileDigest {
    QString sha256;
    qint64 size = 0;

    static FileDigest ofBytes(const QByteArray& bytes);
    // NotFound when the file does not exist; InvalidInput (naming it) when it cannot be read.
    static Result<FileDigest> ofFile(const QString& path);
    // Copies `from` to `to` (created whole or not at all) and returns the digest of the bytes
    // that were copied, hashed in the same pass: what is in the copy is exactly what was hashed,
    // even if the source changes under us. Fails if `to` exists.
    static Result<FileDigest> copy(const QString& from, const QString& to);

    bool operator==(const FileDigest&) const = default;
};

}  // namespace facecase
