#include "services/enrollment/enrolled_face_images.h"

#include "imaging/jpeg_encoder.h"

namespace facecase {

Result<FaceImages> EnrolledFaceImages::encode(const Image& photo, const DetectedFace& face) {
    return encode(photo, face.chip.image, face.box.rect);
}

Result<FaceImages> EnrolledFaceImages::encode(const Image& photo, const Image& chipImage,
                                              const QRectF& box) {
    auto chip = JpegEncoder::encode(chipImage);
    if (!chip) return chip.error();
    auto cut = JpegEncoder::cutThumbnail(photo, box, FaceImages::kThumbnailMargin,
                                         FaceImages::kThumbnailMaxSide);
    if (!cut) return cut.error();
    auto thumbnail = JpegEncoder::encode(*cut);
    if (!thumbnail) return thumbnail.error();
    FaceImages images;
    images.chip = std::move(chip).value();
    images.chipFormat = QStringLiteral("jpeg");
    images.thumbnail = std::move(thumbnail).value();
    images.thumbnailFormat = QStringLiteral("jpeg");
    return images;
}

}  // namespace facecase
