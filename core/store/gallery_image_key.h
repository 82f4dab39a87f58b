#pragma once

#include <QString>
#include <optional>

namespace facecase {

// Which image of a gallery: by its id (images.id) or by the SHA-256 of its bytes (unique per
// gallery). Exactly one should be set.
struct GalleryImageKey {
    std::optional<qint64> imageId;
    QString sha256;  // lower- or upper-case hex

    QString describe() const;  // "id 42", "SHA-256 ab12…", for messages
};

}  // namespace facecase
