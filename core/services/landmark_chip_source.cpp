#include "services/landmark_chip_source.h"

#include <QFileInfo>

#include "imaging/image_loader.h"
#include "imaging/png_encoder.h"
#include "vision/face_aligner.h"

namespace facecase {

Result<AlignedChip> LandmarkChipSource::chip(const Face& face) {
    if (face.photoPath != m_photoPath || m_photo.image.isNull()) {
        auto loaded = ImageLoader().loadFile(face.photoPath);
        if (!loaded) return loaded.error();
        m_photoPath = face.photoPath;
        m_photo = std::move(loaded).value();
    }
    if (!face.sha256.isEmpty() && m_photo.sha256.compare(face.sha256, Qt::CaseInsensitive) != 0) {
        return Error::invalidInput(QStringLiteral("%1: SHA-256 %2, not the recorded %3; not aligned")
                                       .arg(QFileInfo(face.photoPath).fileName(), m_photo.sha256, face.sha256));
    }
    Landmarks landmarks;
    if (face.landmarks) {
        landmarks = *face.landmarks;
    } else {
        if (!m_model) {
            return Error::model(QStringLiteral("no landmark model is loaded, so the face in %1 cannot be aligned")
                                    .arg(QFileInfo(face.photoPath).fileName()));
        }
        auto fitted = m_model->fit(m_photo.image, face.box);
        if (!fitted) return fitted.error();
        landmarks = *fitted;
    }
    auto chip = FaceAligner::extractChip(m_photo.image, landmarks);
    if (!chip) return chip.error();
    auto png = PngEncoder::encode(chip->image);
    if (!png) return png.error();
    AlignedChip aligned;
    aligned.chip = std::move(chip).value();
    aligned.png = std::move(png).value();
    return aligned;
}

}  // namespace facecase
