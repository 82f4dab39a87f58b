#include "vision/face_aligner.h"

#include "vision/dlib_image_view.h"

#include <dlib/image_processing/full_object_detection.h>
#include <dlib/image_transforms/interpolation.h>

#include <QString>

namespace facecase {

Result<FaceChip> FaceAligner::extractChip(const Image& image, const Landmarks& landmarks) {
    if (image.isNull()) return Error::invalidInput(QStringLiteral("no image to cut a face from"));
    try {
        std::vector<dlib::point> parts;
        parts.reserve(Landmarks::kCount);
        for (const QPointF& p : landmarks.points)
            parts.emplace_back(long(std::lround(p.x())), long(std::lround(p.y())));
        const dlib::full_object_detection shape(dlib::rectangle(), parts);
        const dlib::chip_details details = dlib::get_face_chip_details(shape, FaceChip::kSize, 0.25);

        dlib::matrix<dlib::rgb_pixel> chip;
        dlib::extract_image_chip(detail::RgbImageView{&image}, details, chip);

        std::vector<std::uint8_t> rgb(std::size_t(chip.size()) * 3);
        std::memcpy(rgb.data(), &chip(0, 0), rgb.size());
        FaceChip out;
        out.image = Image(int(chip.nc()), int(chip.nr()), std::move(rgb));
        const dlib::dpoint c = dlib::center(details.rect);
        out.sourceCenter = QPointF(c.x(), c.y());
        out.angle = details.angle;
        out.sourceSide = details.rect.width();
        return out;
    } catch (const std::exception& e) {
        return Error::internal(QStringLiteral("face alignment failed: %1")
                                   .arg(QString::fromLocal8Bit(e.what())));
    }
}

}  // namespace facecase
