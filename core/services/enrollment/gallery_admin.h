#pragma once

#include <QString>

#include "store/database_connection.h"
#include "store/gallery.h"
#include "store/gallery_image_key.h"
#include "store/removed_gallery_image.h"
#include "store/workspace.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// A gallery's changes, the same from the Galleries dialog, enrollment and `facecase-cli gallery
// remove | remove-image`.
//
// Creation (an enrollment into a new name): a real gallery under a name no other gallery has,
// ASCII case ignored (a duplicate is refused naming the existing gallery's spelling), trimmed,
// at most Gallery::kMaxNameLength characters, no control characters.
//
// Deletions: a whole gallery, or one enrolled image with its faces, each with the required
// reason and its audit record (`gallery_removed`, `gallery_image_removed`, written by the
// repositories in the deleting transaction). Both hold the gallery's enrollment lock
// (GalleryLock) while deleting, so no enrollment, in this process or another (a CLI run beside
// the app), can be writing into a gallery or storing the very photo being removed; a held lock
// refuses the deletion, naming the process.
//
// Uses the calling thread's connection (never the GUI thread's).
class GalleryAdmin {
public:
    GalleryAdmin(Workspace workspace, const DatabaseConnection& connection, Actor actor)
        : m_workspace(std::move(workspace)), m_connection(connection), m_actor(std::move(actor)) {}

    // InvalidInput names what is wrong with the name (see above).
    Result<Gallery> create(const QString& name, const QString& description = {}) const;
    // Returns the gallery as it was just before, with its image and face counts.
    Result<Gallery> removeGallery(qint64 galleryId, const QString& reason) const;
    Result<RemovedGalleryImage> removeImage(qint64 galleryId, const GalleryImageKey& key,
                                            const QString& reason) const;

private:
    Workspace m_workspace;
    const DatabaseConnection& m_connection;
    Actor m_actor;
};

}  // namespace facecase
