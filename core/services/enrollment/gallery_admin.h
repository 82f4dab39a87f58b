#pragma once

#include <QString>

#include "store/database_connection.h"
#include "store/gallery_image_remover.h"
#include "store/gallery_repository.h"
#include "store/workspace.h"
#include "types/actor.h"
#include "types/result.h"

namespace facecase {

// A gallery's deletions, the same from the Galleries dialog and from `facecase-cli gallery
// remove | remove-image`: a whole gallery, or one enrolled image with its faces, each with the
// required reason and its audit record (`gallery_removed`, `gallery_image_removed`, written by
// the repositories in the deleting transaction).
//
// Both hold the gallery's enrollment lock (GalleryLock) while deleting, so no enrollment, in
// this process or another (a CLI run beside the app), can be writing into a gallery or storing
// the very photo being removed; a held lock refuses the deletion, naming the process.
// Uses the calling thread's connection (never the GUI thread's).
class GalleryAdmin {
public:
    GalleryAdmin(Workspace workspace, const DatabaseConnection& connection, Actor actor)
        : m_workspace(std::move(workspace)), m_connection(connection), m_actor(std::move(actor)) {}

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
