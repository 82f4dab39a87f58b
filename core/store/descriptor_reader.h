#pragma once

#include <QString>
#include <vector>

#include "store/database_connection.h"
#include "types/descriptor.h"
#include "types/result.h"

namespace facecase {

// All descriptors of one gallery and model, laid out for the search index: `values` holds
// count() descriptors back to back (row i at values[i * dimensions]), `faceIds[i]` names the
// face of row i. Rows are in face id order. `revision` is the gallery's revision in the same
// snapshot, so an index built from this knows exactly which state it reflects.
struct GalleryDescriptors {
    qint64 galleryId = 0;
    QString modelId;
    qint64 revision = 0;
    int dimensions = Descriptor::kSize;
    std::vector<float> values;
    std::vector<qint64> faceIds;

    std::size_t count() const { return faceIds.size(); }
    const float* row(std::size_t i) const { return values.data() + i * std::size_t(dimensions); }
};

// Reads descriptors back from the database, the source of truth the in-memory index is rebuilt
// from. Uses the calling thread's connection; a read transaction pins one WAL snapshot, so a
// concurrent enrollment commit is either entirely in the result or entirely not.
// Cost: one indexed scan; ~100,000 faces in a few hundred ms (see the store tests), memory
// 512 bytes per face for `values`. Keeps a reference to `connection`, which must outlive it.
class DescriptorReader {
public:
    explicit DescriptorReader(const DatabaseConnection& connection) : m_connection(connection) {}

    // NotFound if the gallery does not exist; an empty result if it has no descriptors of
    // `modelId`. Fails, naming the face, on a descriptor of the wrong size.
    Result<GalleryDescriptors> loadGallery(qint64 galleryId, const QString& modelId) const;

    // The gallery's current revision: compare with GalleryDescriptors::revision to know whether
    // an index is stale. One indexed row read.
    Result<qint64> revision(qint64 galleryId) const;

private:
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
