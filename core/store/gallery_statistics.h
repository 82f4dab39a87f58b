#pragma once

#include <QString>
#include <array>
#include <utility>
#include <vector>

#include "store/database_connection.h"
#include "store/enrollment_item.h"
#include "store/gallery.h"
#include "types/result.h"

namespace facecase {

// What `gallery stats` shows: contents, models, enrollment problems, file size. Plain value.
struct GalleryStatistics {
    Gallery gallery;  // with image and face counts and revision
    qint64 subjects = 0;
    qint64 imagesWithoutSubject = 0;
    std::vector<std::pair<QString, qint64>> descriptorModels;  // model name, faces
    qint64 facesWithoutDescriptor = 0;
    qint64 jobs = 0;
    // Files whose latest enrollment item other than "duplicate" (over all the gallery's jobs)
    // has this status; the duplicate count stays 0.
    std::array<qint64, EnrollmentItem::kStatusCount> latestItemCounts{};
    qint64 databaseBytes = 0;  // the whole workspace database (main file + write-ahead log)

    qint64 problemCount() const;

    // Reads everything in one read transaction (one consistent snapshot). Cost: indexed counts
    // plus one pass over the gallery's enrollment items (~0.5 s for 300,000).
    static Result<GalleryStatistics> read(const DatabaseConnection& connection, qint64 galleryId);
    // Only the descriptor models of the gallery's faces, with their face counts: what an
    // enrollment checks before adding descriptors (models must never be mixed). Indexed.
    static Result<std::vector<std::pair<QString, qint64>>> descriptorModelsOf(
        const DatabaseConnection& connection, qint64 galleryId);
    // InvalidInput when the gallery holds faces of another model than `modelId` (descriptors of
    // different models cannot be compared), naming both and ending with `advice`.
    static Result<void> requireModel(const DatabaseConnection& connection, const Gallery& gallery,
                                     const QString& modelId, const QString& advice);
};

}  // namespace facecase
