#pragma once

#include <QString>
#include <memory>

#include "casefile/face_chip_source.h"
#include "types/loaded_image.h"
#include "vision/landmark_model.h"

namespace facecase {

// The case export's FaceChipSource: decodes the photo with ImageLoader (EXIF orientation, as the
// search and enrollment did), refuses bytes without the recorded SHA-256, takes the landmarks on
// record or fits them inside the face box with the shape predictor (deterministic: a probe's box
// gives back the landmarks its search used), cuts the chip with FaceAligner and encodes it as PNG.
//
// `model` may be null (not installed): faces with landmarks on record are still aligned, others
// are refused with a message saying so. Keeps the last decoded photo (a probe is cut once per
// search). Not thread-safe; ~1 ms per face plus one decode per photo.
class LandmarkChipSource final : public FaceChipSource {
public:
    explicit LandmarkChipSource(std::shared_ptr<const LandmarkModel> model) : m_model(std::move(model)) {}

    Result<AlignedChip> chip(const Face& face) override;

private:
    std::shared_ptr<const LandmarkModel> m_model;
    QString m_photoPath;
    LoadedImage m_photo;
};

}  // namespace facecase
