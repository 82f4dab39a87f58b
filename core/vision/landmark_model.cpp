#include "vision/landmark_model.h"

#include "vision/dlib_image_view.h"

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/serialize.h>

#include <QFileInfo>

#include <fstream>

namespace facecase {

struct LandmarkModel::Impl {
    dlib::shape_predictor predictor;
};

LandmarkModel::LandmarkModel(QString path, std::unique_ptr<Impl> impl)
    : m_path(std::move(path)), m_impl(std::move(impl)) {}
LandmarkModel::~LandmarkModel() = default;

Result<std::shared_ptr<const LandmarkModel>> LandmarkModel::load(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists())
        return Error::model(QStringLiteral("%1: landmark model not found (install Debian's "
                                           "libdlib-data, or run installer/setup.sh)").arg(path));
    auto impl = std::make_unique<Impl>();
    try {
        std::ifstream in(info.absoluteFilePath().toStdString(), std::ios::binary);
        if (!in) return Error::model(QStringLiteral("%1: cannot open landmark model").arg(path));
        dlib::deserialize(impl->predictor, in);
    } catch (const std::exception& e) {
        return Error::model(QStringLiteral("%1: not a dlib shape predictor (%2)")
                                .arg(path, QString::fromLocal8Bit(e.what()).trimmed()));
    }
    if (impl->predictor.num_parts() != Landmarks::kCount)
        return Error::model(QStringLiteral("%1: predictor has %2 landmarks, expected %3")
                                .arg(path).arg(impl->predictor.num_parts()).arg(Landmarks::kCount));
    return std::shared_ptr<const LandmarkModel>(
        new LandmarkModel(info.absoluteFilePath(), std::move(impl)));
}

Result<Landmarks> LandmarkModel::fit(const Image& image, const QRectF& box) const {
    if (image.isNull() || box.isEmpty())
        return Error::invalidInput(QStringLiteral("no face region to fit landmarks in"));
    try {
        const detail::RgbImageView pixels{&image};
        const dlib::rectangle rect(long(std::lround(box.left())), long(std::lround(box.top())),
                                   long(std::lround(box.right())) - 1,
                                   long(std::lround(box.bottom())) - 1);
        const dlib::full_object_detection shape = m_impl->predictor(pixels, rect);
        Landmarks out;
        for (unsigned long i = 0; i < shape.num_parts(); ++i)
            out.points[i] = QPointF(double(shape.part(i).x()), double(shape.part(i).y()));
        return out;
    } catch (const std::exception& e) {
        return Error::internal(QStringLiteral("landmark fitting failed: %1")
                                   .arg(QString::fromLocal8Bit(e.what())));
    }
}

}  // namespace facecase
