#pragma once

#include <QImage>
#include <QObject>
#include <functional>
#include <optional>

#include "photo/photo_pyramid.h"
#include "types/result.h"

namespace facecase::ui {

class DatabaseWorker;

// The chip and thumbnail a face was stored with at enrollment (schema 6, FaceImageReader),
// decoded for display: what the candidate thumbnails and the compare view show when the
// original cannot be read or has changed (issue 12). Read and decoded on the database worker
// (two JPEGs of ~8 KB: well under a millisecond to decode), never on the GUI thread.
struct StoredFaceImages {
    QImage chip;         // 150x150, Format_RGB32
    PhotoPyramid thumbnail;

    // Calls `onDone` on `context`'s thread with nullopt when the face has none (enrolled before
    // schema 6, synthetic). Never calls it after `context` is destroyed.
    using Callback = std::function<void(const Result<std::optional<StoredFaceImages>>&)>;
    static void fetch(DatabaseWorker* database, qint64 faceId, QObject* context, Callback onDone);
};

}  // namespace facecase::ui
