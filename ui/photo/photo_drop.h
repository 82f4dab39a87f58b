#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

class QMimeData;

namespace facecase::ui {

// Encoded image bytes a drag-and-drop or a paste offers (PNG/JPEG from a browser or a screenshot
// tool), in a format the engine's loader decodes: PastedImage's source for them. Nothing here
// decodes (the GUI thread does no image work); files dropped or pasted are the case page's.
struct PhotoDrop {
    Q_DECLARE_TR_FUNCTIONS(PhotoDrop)

public:
    QByteArray bytes;     // encoded image data, or empty
    QString mimeType;     // the format `bytes` were offered in ("image/png"), else empty
    QString displayName;  // what messages call it: "pasted image (PNG)"

    // Only the encoded image bytes (file addresses ignored): the first format the loader reads,
    // or an empty drop.
    static PhotoDrop fromImageData(const QMimeData* mime);
    static bool hasImageData(const QMimeData* mime);
};

}  // namespace facecase::ui
