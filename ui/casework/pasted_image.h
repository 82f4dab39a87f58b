#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QImage>
#include <QString>
#include <optional>

#include "types/result.h"

class QMimeData;

namespace facecase::ui {

// A probe offered as image data with no file behind it: a screenshot on the clipboard, an
// image dragged out of a browser. Encoded bytes (PNG, JPEG, ...) are kept exactly as offered,
// because they are the evidence; only an in-process QImage with no encoded form is encoded, as
// lossless PNG, and that happens in encoded(), off the GUI thread. Plain value, cheap to copy
// (QByteArray and QImage are implicitly shared).
struct PastedImage {
    Q_DECLARE_TR_FUNCTIONS(PastedImage)

public:
    QByteArray bytes;  // encoded as offered; empty when only `image` was offered
    QImage image;      // Qt's in-process image, used only without `bytes`
    QString mimeType;  // "image/png", ...; "application/x-qt-image" for `image`
    enum class Origin { Clipboard, DragAndDrop };
    Origin origin = Origin::Clipboard;
    QDateTime at;      // when it was taken, UTC

    // Image data `mime` offers, or nothing: the first encoded format PhotoDrop knows, else
    // QMimeData::imageData() (which, for another application's clipboard offering only an
    // unusual format, is converted by Qt on the calling thread: rare, and the price of taking
    // it at all).
    static std::optional<PastedImage> fromMimeData(const QMimeData* mime, Origin origin);
    // Worth accepting a drag for (looks at the formats only, reads no data).
    static bool isOffered(const QMimeData* mime);

    QString formatName() const;   // "PNG", "JPEG"; empty for `image`
    QString displayName() const;  // "pasted image (PNG)"
    // What the probe's record keeps in place of a path, since there is none:
    // "clipboard (PNG data, pasted 2026-05-02T10:41:07Z)", "drag and drop (JPEG data, dropped …)".
    QString sourceDescription() const;
    // The bytes to import: `bytes`, or `image` encoded as PNG. Any thread; never the GUI
    // thread for a large image (encoding a screen-sized PNG takes a few hundred ms).
    Result<QByteArray> encoded() const;
};

}  // namespace facecase::ui
