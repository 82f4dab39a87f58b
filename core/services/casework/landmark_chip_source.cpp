#include "services/casework/landmark_chip_source.h"

#include <QFileInfo>

#include "imaging/png_encoder.h"
#include "services/casework/recorded_photo.h"

namespace facecase {

Result<AlignedChip> LandmarkChipSource::chip(const Face& face) {
    if (face.photoPath != m_photoPath || m_photo.image.isNull() ||
        (!face.sha256.isEmpty() && m_photo.sha256.compare(face.sha256, Qt::CaseInsensitive) != 0)) {
        m_photoPath.clear();
        auto loaded = RecordedPhoto::load(face.photoPath, face.sha256);
        if (!loaded) return loaded.error();
        m_photoPath = face.photoPath;
        m_photo = std::move(loaded).value();
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
    auto chip = RecordedPhoto::alignedChip(m_photo.image, landmarks);
    if (!chip) return chip.error();
    auto png = PngEncoder::encode(chip->image);
    if (!png) return png.error();
    AlignedChip aligned;
    aligned.chip = std::move(chip).value();
    aligned.png = std::move(png).value();
    return aligned;
}

}  // namespace facecase
