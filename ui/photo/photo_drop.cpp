#include "photo/photo_drop.h"

#include <QFileInfo>
#include <QMimeData>
#include <QUrl>
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

PhotoDrop PhotoDrop::fromFile(const QString& path) {
    PhotoDrop drop;
    drop.path = path;
    drop.displayName = QFileInfo(path).fileName();  // string work only, no stat()
    if (drop.displayName.isEmpty()) drop.displayName = path;
    return drop;
}

bool PhotoDrop::canAccept(const QMimeData* mime) {
    if (mime == nullptr) return false;
    if (mime->hasUrls()) return true;  // even web addresses: the drop explains why not
    return hasImageData(mime);
}

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

PhotoDrop PhotoDrop::fromMimeData(const QMimeData* mime) {
    PhotoDrop drop;
    if (mime == nullptr) {
        drop.refusal = tr("Nothing to open.");
        return drop;
    }
    if (mime->hasUrls()) {
        const QList<QUrl> urls = mime->urls();
        for (const QUrl& url : urls) {
            if (!url.isLocalFile()) continue;
            drop = fromFile(url.toLocalFile());
            drop.ignoredFiles = int(urls.size()) - 1;
            return drop;
        }
        if (!urls.isEmpty()) {
            drop.refusal = tr("Only files on this computer can be opened, not %1. Save the photo "
                              "first, then open the saved file (this also keeps a copy as "
                              "evidence).")
                               .arg(urls.first().toDisplayString());
            return drop;
        }
    }
    drop = fromImageData(mime);
    if (!drop.isEmpty()) return drop;
    drop.refusal = tr("This is not a photo file. Drop a JPEG, PNG, BMP, TIFF or WebP file.");
    return drop;
}

}  // namespace facecase::ui
