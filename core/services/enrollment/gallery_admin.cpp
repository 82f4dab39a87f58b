#include "services/enrollment/gallery_admin.h"

#include "services/enrollment/gallery_lock.h"
#include "store/gallery_image_remover.h"
#include "store/gallery_repository.h"

namespace facecase {

Result<Gallery> GalleryAdmin::create(const QString& name, const QString& description) const {
    // Photos only: synthetic benchmark galleries are made by SyntheticGallery, never by hand.
    return GalleryRepository(m_connection).create(name, description, Gallery::Kind::Real);
}

Result<Gallery> GalleryAdmin::removeGallery(qint64 galleryId, const QString& reason) const {
    GalleryRepository galleries(m_connection);
    auto gallery = galleries.findById(galleryId);
    if (!gallery) return gallery.error();
    auto lock = GalleryLock::acquire(m_workspace, gallery->id, gallery->name);
    if (!lock) return lock.error();
    return galleries.remove(gallery->id, m_actor.name(), reason);
}

Result<RemovedGalleryImage> GalleryAdmin::removeImage(qint64 galleryId, const GalleryImageKey& key,
                                                      const QString& reason) const {
    auto gallery = GalleryRepository(m_connection).findById(galleryId);
    if (!gallery) return gallery.error();
    auto lock = GalleryLock::acquire(m_workspace, gallery->id, gallery->name);
    if (!lock) return lock.error();
    return GalleryImageRemover(m_connection).remove(gallery->id, key, m_actor.name(), reason);
}

}  // namespace facecase
