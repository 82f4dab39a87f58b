#pragma once

#include <QString>
#include <vector>

#include "matching/exact_index.h"
#include "types/result.h"

namespace facecase {

// A copy of one gallery's descriptors (one model) on the workstation's disk, so that opening an
// agency gallery reads a local file plus the changes since (the gallery's change sequence)
// instead of every descriptor from the server: 300,000 faces are ~3 s through QPSQL, where
// libpq's hex decoding of bytea and the socket copies cost more than the server's scan, and
// ~0.2 s from this file (docs/benchmarks.md).
//
// A cache, never the source of truth: it is used only for the workspace (meta.workspace_id),
// gallery and model it was written for, only when its checksum holds (XXH64 over every byte:
// catches a torn or damaged file, not a forgery), and GallerySearch checks every candidate's
// descriptor against the database before showing it, so a wrong row can never show a wrong
// score. It holds biometric templates: written 0600 in the workstation's cache folder
// (docs/deployment.md says so, and how to turn it off).
//
// Layout, little-endian: "FCDSNAP1", u32 dimensions, i64 gallery id, i64 revision, i64 highest
// face id, u64 rows, u32 + UTF-8 workspace id, u32 + UTF-8 model key, then the rows' face ids
// (i64) and values (f32, row-major), then the XXH64 of everything before it.
class DescriptorSnapshot {
public:
    struct Key {
        QString workspaceId;
        qint64 galleryId = 0;
        QString modelKey;
    };
    // What a file held: ExactIndex::create()'s input, with 10% room after the rows for the
    // faces added since (as DescriptorReader::loadGallery leaves).
    struct Contents {
        std::vector<float> values;
        std::vector<qint64> faceIds;
        qint64 revision = 0;
        qint64 highestFaceId = 0;  // faces above it were added after the snapshot
    };

    // Writes `index` (the gallery at index.revision(), no face above `highestFaceId`) to `path`
    // atomically (a temporary file renamed over it), readable by its owner only.
    static Result<void> write(const QString& path, const Key& key, const ExactIndex& index,
                              qint64 highestFaceId);
    // NotFound when there is no file; InvalidInput naming the file and what is wrong when it
    // is for another workspace, gallery or model, truncated or fails its checksum.
    static Result<Contents> read(const QString& path, const Key& key);
};

}  // namespace facecase
