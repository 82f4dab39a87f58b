#include "photo/image_conversion.h"

namespace facecase::ui {

QImage toQImage(const Image& image) {
    if (image.isNull() || image.data() == nullptr) return {};
    // One more reference to the shared, immutable pixel buffer, released by QImage's cleanup.
    auto* owner = new Image(image);
    QImage wrapped(
        owner->data(), owner->width(), owner->height(), owner->stride(), QImage::Format_RGB888,
        [](void* info) { delete static_cast<Image*>(info); }, owner);
    if (wrapped.isNull()) delete owner;  // QImage only calls the cleanup for a valid image
    return wrapped;
}

QImage toDisplayImage(const Image& image) {
    return toQImage(image).convertToFormat(QImage::Format_RGB32);
}

}  // namespace facecase::ui
