#include "services/casework/recorded_photo.h"

#include <QFileInfo>

#include "imaging/image_loader.h"
#include "vision/face_aligner.h"

namespace facecase {

Result<LoadedImage> RecordedPhoto::load(const QString& path, const QString& sha256) {
    auto loaded = ImageLoader().loadFile(path);
    if (!loaded) return loaded.error();
    if (!sha256.isEmpty() && loaded->sha256.compare(sha256, Qt::CaseInsensitive) != 0) {
        return Error::invalidInput(
            QStringLiteral("%1: the file has changed since it was enrolled or imported (SHA-256 "
                           "%2\u2026 on disk, not the recorded %3\u2026); it is not used, because "
                           "it may not be the photo that was searched")
                .arg(QFileInfo(path).fileName(), loaded->sha256.left(12), sha256.left(12)));
    }
    return loaded;
}

Result<FaceChip> RecordedPhoto::alignedChip(const Image& photo, const Landmarks& landmarks) {
    return FaceAligner::extractChip(photo, landmarks);
}

}  // namespace facecase
