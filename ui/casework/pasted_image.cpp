#include "casework/pasted_image.h"

#include <QBuffer>
#include <QMimeData>

#include "photo/photo_drop.h"

namespace facecase::ui {

namespace {
const QString kQtImageMime = QStringLiteral("application/x-qt-image");
}

std::optional<PastedImage> PastedImage::fromMimeData(const QMimeData* mime, Origin origin) {
    if (mime == nullptr) return std::nullopt;
    PastedImage pasted;
    pasted.origin = origin;
    pasted.at = QDateTime::currentDateTimeUtc();
    if (const PhotoDrop encoded = PhotoDrop::fromImageData(mime); !encoded.bytes.isEmpty()) {
        pasted.bytes = encoded.bytes;
        pasted.mimeType = encoded.mimeType;
        return pasted;
    }
    if (!mime->hasImage()) return std::nullopt;
    pasted.image = qvariant_cast<QImage>(mime->imageData());
    if (pasted.image.isNull()) return std::nullopt;
    pasted.mimeType = kQtImageMime;
    return pasted;
}

bool PastedImage::isOffered(const QMimeData* mime) {
    return mime != nullptr && (PhotoDrop::hasImageData(mime) || mime->hasImage());
}

QString PastedImage::formatName() const {
    // "image/png" -> "PNG", "image/jpeg" -> "JPEG".
    return bytes.isEmpty() ? QString() : mimeType.section(QLatin1Char('/'), 1).toUpper();
}

QString PastedImage::displayName() const {
    if (bytes.isEmpty()) return tr("pasted image (kept as PNG)");
    return tr("pasted image (%1)").arg(formatName());
}

QString PastedImage::sourceDescription() const {
    // No '/' (so not "image/png"): views show the "file name" of a probe's original path, and
    // this must survive that whole.
    const QString what = bytes.isEmpty() ? tr("image without an encoded form, kept as PNG")
                                         : tr("%1 data").arg(formatName());
    const QString when = at.toUTC().toString(Qt::ISODate);
    return origin == Origin::Clipboard ? tr("clipboard (%1, pasted %2)").arg(what, when)
                                       : tr("drag and drop (%1, dropped %2)").arg(what, when);
}

Result<QByteArray> PastedImage::encoded() const {
    if (!bytes.isEmpty()) return bytes;
    if (image.isNull()) return Error::invalidInput(tr("%1: no image data").arg(sourceDescription()));
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return Error::internal(tr("%1: the image could not be encoded as PNG (%2 \u00D7 %3 px)")
                                   .arg(sourceDescription())
                                   .arg(image.width())
                                   .arg(image.height()));
    return png;
}

}  // namespace facecase::ui
