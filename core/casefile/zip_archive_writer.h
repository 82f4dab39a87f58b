#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include "casefile/file_digest.h"
#include "types/result.h"

namespace facecase {

// Packs a finished bundle folder into one ZIP file with libzip. Deterministic: entries in the
// order given (the exporter sorts them), every entry with the same modification time, images and
// PDFs stored (already compressed), text deflated — so the same folder and time give the same
// bytes. libzip writes to a temporary file beside `zipPath` and renames it on success, so a
// failed or interrupted export leaves no half ZIP. Stateless; thread-safe.
class ZipArchiveWriter {
public:
    // Refuses an existing `zipPath`. Returns the digest of the ZIP file written.
    static Result<FileDigest> write(const QString& zipPath, const QString& folder,
                                    const QStringList& relativePaths, const QDateTime& modified);
};

}  // namespace facecase
