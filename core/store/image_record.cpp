#include "store/image_record.h"

namespace facecase {

ImageRecord ImageRecord::fromLoadedImage(const LoadedImage& loaded, const QString& source) {
    ImageRecord record;
    record.sha256 = loaded.sha256;
    record.path = loaded.sourcePath;
    record.fileBytes = loaded.fileBytes;
    record.width = loaded.image.width();
    record.height = loaded.image.height();
    record.format = loaded.format;
    record.exifOrientation = loaded.exifOrientation;
    record.importedAt = loaded.loadedAt;
    record.source = source;
    return record;
}

}  // namespace facecase
