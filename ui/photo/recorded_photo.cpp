#include "photo/recorded_photo.h"

#include <QFileInfo>

#include "imaging/image_loader.h"
#include "photo/image_conversion.h"
#include "vision/face_aligner.h"

namespace facecase::ui {

Result<LoadedImage> RecordedPhoto::load(const QString& path, const QString& sha256) {
    auto loaded = ImageLoader().loadFile(path);
    if (!loaded) return loaded.error();
    if (!sha256.isEmpty() && loaded->sha256.compare(sha256, Qt::CaseInsensitive) != 0)
        return Error::invalidInput(
            tr("%1: the file has changed since it was enrolled (SHA-256 %2\u2026 on record, "
               "%3\u2026 on disk); it is not shown, because it may not be the photo that was "
               "searched")
                .arg(QFileInfo(path).fileName(), sha256.left(12), loaded->sha256.left(12)));
    return loaded;
}

Result<QImage> RecordedPhoto::alignedChip(const Image& photo, const Landmarks& landmarks) {
    auto chip = FaceAligner::extractChip(photo, landmarks);
    if (!chip) return chip.error();
    return toDisplayImage(chip->image);
}

}  // namespace facecase::ui
