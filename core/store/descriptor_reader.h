#pragma once

#include <QSqlQuery>
#include <QByteArray>
#include <QString>
#include <map>
#include <vector>

#include "store/database_connection.h"
#include "types/descriptor.h"
#include "types/result.h"

namespace facecase {

// All descriptors of one gallery and model, laid out for the search index: `values` holds
// count() descriptors back to back (row i at values[i * dimensions]), `faceIds[i]` names the
// face of row i. Rows are in face id order. `revision` is the gallery's revision in the same
// snapshot, so an index built from this knows exactly which state it reflects. loadGallery()
// leaves ~10% capacity after the rows (not written, so not resident) for the index to grow into.
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

// What changed in one gallery's faces of one descriptor model since an index loaded it
// (revision `sinceRevision`, faces up to id `afterFaceId`), read in one snapshot. Applied to
// that index, it gives the index loadGallery() would build now: drop `removedFaceIds`, append
// `added` (whose ids are all above `afterFaceId`: schema_v5.cpp says why).
struct GalleryChanges {
    qint64 revision = 0;        // the gallery's revision now: the state these changes lead to
    std::size_t faceCount = 0;  // faces of the model in the gallery now
    std::size_t addedCount = 0;    // faces of the model added since
    std::size_t removedCount = 0;  // faces of the model removed since (as logged)
    // Why these changes cannot bring the index up to date (the caller then loads the gallery
    // in full): more than `maxChanges` of them (then only the counts were read), a face changed
    // in place, or a revision that went back. Empty when they can.
    QString unusable;
    GalleryDescriptors added;            // the added faces, in id order (revision as above)
    std::vector<qint64> removedFaceIds;  // ascending, each once; some may never have been loaded

    bool usable() const { return unusable.isEmpty(); }
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

    // What changed since an index of (galleryId, modelId) was loaded at `sinceRevision` with no
    // face above `afterFaceId`: the faces added (descriptors read only for them) and removed
    // since. `unusable` says why not, when the changes cannot be applied: more than
    // `maxChanges` (added + removed; nothing but counts is read then), a face changed in place
    // since, or a revision below `sinceRevision`. NotFound if the gallery does not exist.
    // Cost: a count of the gallery's faces of the model (an index walk: a few ms per 100,000
    // faces, ~30 ms on PostgreSQL before VACUUM has run) plus the changed rows, instead of
    // every descriptor (~1 s per 100,000 faces on PostgreSQL).
    Result<GalleryChanges> loadChanges(qint64 galleryId, const QString& modelId,
                                       qint64 sinceRevision, qint64 afterFaceId,
                                       std::size_t maxChanges) const;

    // The descriptors of model `modelId` stored for `faceIds` now, raw (the column's bytes), by
    // face id: what an index's rows are checked against before a search shows them. A face that
    // is gone, or has no descriptor of that model, is absent. One indexed read.
    Result<std::map<qint64, QByteArray>> storedDescriptors(const std::vector<qint64>& faceIds,
                                                           const QString& modelId) const;

    // The gallery's current revision: compare with GalleryDescriptors::revision to know whether
    // an index is stale. One indexed row read.
    Result<qint64> revision(qint64 galleryId) const;

private:
    struct Model {
        qint64 row = 0;  // descriptor_models.id; 0: never used, so nothing was described with it
        int dimensions = Descriptor::kSize;
    };
    Result<Model> model(const QString& modelId) const;
    // Reads the (id, descriptor) rows of `query` (executed) into `out`, sized for `expected`.
    Result<void> readRows(QSqlQuery& query, std::size_t expected, GalleryDescriptors& out) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
