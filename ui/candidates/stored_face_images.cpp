#include "candidates/stored_face_images.h"

#include "imaging/image_loader.h"
#include "jobs/database_worker.h"
#include "photo/image_conversion.h"
#include "store/face_image_reader.h"

namespace facecase::ui {

void StoredFaceImages::fetch(DatabaseWorker* database, qint64 faceId, QObject* context,
                             Callback onDone) {
    using Outcome = std::optional<StoredFaceImages>;
    database->run<Outcome>(
        [faceId](const DatabaseConnection& connection) -> Result<Outcome> {
            auto stored = FaceImageReader(connection).read(faceId);
            if (!stored) return stored.error();
            if (!*stored) return Outcome{};
            const ImageLoader loader;
            const QString name = QStringLiteral("the chip stored with face %1").arg(faceId);
            auto chip = loader.loadBytes((*stored)->chip, name);
            if (!chip) return chip.error();
            auto thumbnail = loader.loadBytes((*stored)->thumbnail, name);
            if (!thumbnail) return thumbnail.error();
            return Outcome(StoredFaceImages{toDisplayImage(chip->image),
                                            PhotoPyramid::build(thumbnail->image)});
        },
        context, std::move(onDone));
}

}  // namespace facecase::ui
