#include "photo/photo_drop.h"

#include <QMimeData>
#include <array>

namespace facecase::ui {

namespace {
// Encoded formats a browser or screenshot tool puts on the clipboard that the engine decodes.
// Never Qt's own "application/x-qt-image": that would decode on the GUI thread.
struct ImageMime {
    const char* mime;
    const char* label;
};
constexpr std::array kImageMimes{
    ImageMime{"image/png", "PNG"}, ImageMime{"image/jpeg", "JPEG"}, ImageMime{"image/webp", "WebP"},
    ImageMime{"image/bmp", "BMP"}, ImageMime{"image/tiff", "TIFF"},
};
}  // namespace

bool PhotoDrop::hasImageData(const QMimeData* mime) {
    if (mime == nullptr) return false;
    for (const ImageMime& m : kImageMimes) {
        if (mime->hasFormat(QLatin1String(m.mime))) return true;
    }
    return false;
}

PhotoDrop PhotoDrop::fromImageData(const QMimeData* mime) {
    PhotoDrop drop;
    if (mime == nullptr) return drop;
    for (const ImageMime& m : kImageMimes) {
        const QString format = QLatin1String(m.mime);
        if (!mime->hasFormat(format)) continue;
        drop.bytes = mime->data(format);
        if (drop.bytes.isEmpty()) continue;
        drop.mimeType = format;
        drop.displayName = tr("pasted image (%1)").arg(QLatin1String(m.label));
        return drop;
    }
    return drop;
}

}  // namespace facecase::ui
