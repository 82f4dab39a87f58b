#include "store/gallery_image_key.h"

namespace facecase {

QString GalleryImageKey::describe() const {
    return imageId ? QStringLiteral("id %1").arg(*imageId)
                   : QStringLiteral("SHA-256 %1").arg(sha256.trimmed().toLower());
}

}  // namespace facecase
