#pragma once

#include "store/database_connection.h"
#include "store/gallery_image_key.h"
#include "store/removed_gallery_image.h"
#include "types/result.h"

namespace facecase {

// Deletes one enrolled image from a gallery, with a reason, for when a record must go (a booking
// expunged, a photo enrolled by mistake): the image, its faces (descriptors) and, when it was its
// subject's last image, the subject; in one write transaction with its `gallery_image_removed`
// audit record (docs/audit.md). Candidates of recorded searches keep their snapshot (SHA-256,
// subject) and lose only their link to the face; deleting the faces bumps the gallery's revision
// and logs them in its change log (schema triggers), so every search index cache drops them. A later enrollment of the same source
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
