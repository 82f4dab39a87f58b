#pragma once

#include <QString>
#include <optional>

#include "store/database_connection.h"
#include "store/gallery_repository.h"
#include "types/result.h"

namespace facecase {

// Which image of a gallery: by its id (images.id) or by the SHA-256 of its bytes (unique per
// gallery). Exactly one should be set.
struct GalleryImageKey {
    std::optional<qint64> imageId;
    QString sha256;  // lower- or upper-case hex

    QString describe() const;  // "id 42", "SHA-256 ab12…", for messages
};

// What was deleted, as it was. Plain value.
struct RemovedGalleryImage {
    Gallery gallery;  // name, kind and counts before; `revision` after the deletion
    qint64 imageId = 0;
    QString sha256;
    QString path;               // where it was enrolled from
    QString subjectExternalId;  // empty when the image had no subject or the subject no id
    qint64 faces = 0;
    bool subjectRemoved = false;  // its subject had no other image and was deleted too
};

// Deletes one enrolled image from a gallery, with a reason, for when a record must go (a booking
// expunged, a photo enrolled by mistake): the image, its faces (descriptors) and, when it was its
// subject's last image, the subject; in one write transaction with its `gallery_image_removed`
// audit record (docs/audit.md). Candidates of recorded searches keep their snapshot (SHA-256,
// subject) and lose only their link to the face; deleting the faces bumps the gallery's revision
// (schema trigger), so every search index cache rebuilds. A later enrollment of the same source
// enrolls the photo again: this is no block list.
//
// Uses the calling thread's connection; not thread-safe; the connection must outlive it. Cost:
// a few indexed statements.
class GalleryImageRemover {
public:
    explicit GalleryImageRemover(const DatabaseConnection& connection) : m_connection(connection) {}

    // NotFound names the gallery and the image asked for; InvalidInput for a blank reason or a
    // malformed SHA-256.
    Result<RemovedGalleryImage> remove(qint64 galleryId, const GalleryImageKey& key,
                                       const QString& actor, const QString& reason);

private:
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
