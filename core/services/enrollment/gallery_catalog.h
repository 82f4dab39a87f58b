#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "store/database_connection.h"
#include "store/enrollment_job.h"
#include "store/gallery.h"
#include "store/gallery_statistics.h"
#include "types/result.h"

namespace facecase {

// A gallery as a picker offers it (the case view's gallery combo): the gallery with the
// descriptor model of its faces, which a search must match. Plain value.
struct GalleryChoice {
    Gallery gallery;
    QString descriptorModel;  // empty while the gallery holds no descriptors
};

// A row of the Galleries table: a choice plus the gallery's newest enrollment job. Plain value.
struct GalleryOverview {
    Gallery gallery;
    QString descriptorModel;               // empty while the gallery holds no descriptors
    std::optional<EnrollmentJob> lastJob;  // the newest enrollment job, if any
};

// Reading the workspace's galleries: the same answers for the Galleries dialog, the case view's
// gallery combo and `facecase-cli gallery list | stats`, `job list --gallery`, `enroll`.
// Read-only, so it needs no Actor. Uses the calling thread's connection (never the GUI
// thread's), which must outlive it; not thread-safe. Galleries come by name (ASCII case
// ignored, as names are unique that way).
class GalleryCatalog {
public:
    explicit GalleryCatalog(const DatabaseConnection& connection) : m_connection(connection) {}

    // With image and face counts.
    Result<std::vector<Gallery>> list() const;
    // NotFound names the galleries there are, so a mistyped name can be corrected.
    Result<Gallery> findByName(const QString& name) const;
    Result<Gallery> findById(qint64 id) const;  // NotFound names the id
    // One consistent snapshot; ~0.5 s for a gallery of 300,000 enrollment items.
    Result<GalleryStatistics> statistics(qint64 galleryId) const;
    // Every gallery with its descriptor model: one indexed lookup per gallery.
    Result<std::vector<GalleryChoice>> choices() const;
    // choices() plus each gallery's newest job, from one listing of all jobs.
    Result<std::vector<GalleryOverview>> overview() const;

private:
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
