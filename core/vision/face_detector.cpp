#include "vision/face_detector.h"

#include "vision/dlib_image_view.h"

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <QString>

#include <algorithm>
#include <cmath>

namespace facecase {

namespace {
// dlib's frontal detector is trained on 80x80 windows: faces much smaller than that are missed.
constexpr double kHogWindow = 80.0;

// Upsampling steps (x2 each, dlib::pyramid_up) needed to reach `minFaceSize`, limited by the
// working-size guard. Returns 0 when no upsampling is needed.
int upsampleSteps(int width, int height, const FaceDetectorOptions& options) {
    const double wanted = kHogWindow / std::max(1, options.minFaceSize);
    int steps = wanted > 1.0 ? int(std::ceil(std::log2(wanted) - 1e-9)) : 0;
    const double pixels = double(width) * double(height);
    while (steps > 0 && pixels * std::pow(4.0, steps) > double(options.maxWorkingPixels)) --steps;
    return steps;
}
}  // namespace

struct FaceDetector::Impl {
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
};

FaceDetector::FaceDetector() : m_impl(std::make_unique<Impl>()) {}
FaceDetector::~FaceDetector() = default;

double FaceDetector::effectiveMinFaceSize(int width, int height,
                                          const FaceDetectorOptions& options) {
    return kHogWindow / std::pow(2.0, upsampleSteps(width, height, options));
}

Result<std::vector<FaceBox>> FaceDetector::detect(const Image& image,
                                                  const FaceDetectorOptions& options) {
    if (image.isNull()) return Error::invalidInput(QStringLiteral("no image to detect faces in"));
    try {
        const int steps = upsampleSteps(image.width(), image.height(), options);
        dlib::pyramid_down<2> up;
        std::vector<dlib::rect_detection> found;
        // HOG on grey: one gradient per pixel instead of three (dlib takes the strongest colour
        // channel's), and a third of the memory to upsample.
        dlib::matrix<unsigned char> working = detail::toDlibGrey(image);
        for (int i = 0; i < steps; ++i) dlib::pyramid_up(working, up);
        m_impl->detector(working, found, options.adjustThreshold);

        std::vector<FaceBox> boxes;
        boxes.reserve(found.size());
        for (const auto& d : found) {
            // Map back the way dlib's pyramid maps (pixel centres), not by a plain halving.
            dlib::drectangle r(d.rect);
            for (int i = 0; i < steps; ++i) r = up.rect_down(r);
            FaceBox box;
            box.rect = QRectF(r.left(), r.top(), r.width(), r.height())
                           .intersected(QRectF(0, 0, image.width(), image.height()));
            box.detectorScore = d.detection_confidence;
            if (!box.rect.isEmpty()) boxes.push_back(box);
        }
        std::sort(boxes.begin(), boxes.end(), [](const FaceBox& a, const FaceBox& b) {
            const double ax = a.rect.center().x(), bx = b.rect.center().x();
            return ax != bx ? ax < bx : a.rect.center().y() < b.rect.center().y();
        });
        return boxes;
    } catch (const std::exception& e) {
        return Error::internal(QStringLiteral("face detector failed: %1").arg(QString::fromLocal8Bit(e.what())));
    }
}

}  // namespace facecase
