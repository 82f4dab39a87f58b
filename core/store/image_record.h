#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

#include "types/loaded_image.h"

namespace facecase {

// What the store keeps about one photo: its provenance, without the pixels (the enrollment
// writer's queue must not hold decoded images). Plain value, cheap to copy.
struct ImageRecord {
    QString sha256;  // lower-case hex of the file's bytes; the identity within a gallery
    QString path;    // absolute source path when imported
    qint64 fileBytes = 0;
    int width = 0;  // upright, EXIF orientation applied: the face boxes' pixel space
    int height = 0;
    QString format;  // "JPEG", "PNG", ...
    int exifOrientation = 1;
    QDateTime importedAt;             // UTC; now when left invalid
    QString source;                   // how it arrived: "enrollment", "import", ...
    std::optional<qint64> jobId;      // enrollment_jobs.id
    std::optional<qint64> subjectId;  // subjects.id, in the same gallery

    static ImageRecord fromLoadedImage(const LoadedImage& loaded, const QString& source);
};

}  // namespace facecase
