#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <optional>

#include "types/loaded_image.h"

class QMimeData;

namespace facecase::ui {

// What a drag-and-drop or a paste offers as a photo: the first local file, or encoded image
// bytes (PNG/JPEG from a browser or a screenshot tool). Nothing here touches the disk (the GUI
// thread does no file I/O): a path that cannot be read is reported by the detection job like
// any other bad file.
struct PhotoDrop {
    Q_DECLARE_TR_FUNCTIONS(PhotoDrop)

public:
    QString path;          // a local file, or empty
    QByteArray bytes;      // encoded image data when no file was offered
    QString mimeType;      // the format `bytes` were offered in ("image/png"), else empty
    QString displayName;   // what messages call it: the file name, or "pasted image (PNG)"
    int ignoredFiles = 0;  // further files in the same drop, not opened
    QString refusal;       // why nothing usable was offered, in words a user can act on
    // The photo decoded already (a probe read once when it was imported): nothing is read.
    std::optional<LoadedImage> decoded;

    bool isEmpty() const { return path.isEmpty() && bytes.isEmpty() && !decoded; }
    bool isFile() const { return !path.isEmpty(); }

    static PhotoDrop fromFile(const QString& path);
    // Worth accepting a drag for: file addresses, or image bytes in a format the loader reads.
    static bool canAccept(const QMimeData* mime);
    static PhotoDrop fromMimeData(const QMimeData* mime);
    // Only the encoded image bytes (file addresses ignored): the first format the loader reads,
    // or an empty drop.
    static PhotoDrop fromImageData(const QMimeData* mime);
    static bool hasImageData(const QMimeData* mime);
};

}  // namespace facecase::ui
