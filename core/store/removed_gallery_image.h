#pragma once

#include <QString>

#include "store/gallery.h"

namespace facecase {

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

}  // namespace facecase
