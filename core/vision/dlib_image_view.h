#pragma once
// Private to core/vision: lets dlib read a facecase::Image in place through dlib's generic image
// interface (no copy of a 24-megapixel photo per face). Never include from a public header.

#include "types/image.h"

#include <dlib/image_processing/generic_image.h>
#include <dlib/matrix.h>
#include <dlib/pixel.h>

#include <cstring>

namespace facecase::detail {

// Read-only view; dlib algorithms that only read (shape predictor, chip extraction, HOG scanning)
// accept it as an input image.
struct RgbImageView {
    const Image* image = nullptr;
};

inline long num_rows(const RgbImageView& v) { return v.image->height(); }
inline long num_columns(const RgbImageView& v) { return v.image->width(); }
inline const void* image_data(const RgbImageView& v) { return v.image->data(); }
inline long width_step(const RgbImageView& v) { return v.image->stride(); }

// A mutable copy, for algorithms that resize in place (pyramid_up).
inline dlib::matrix<dlib::rgb_pixel> toDlibRgb(const Image& image) {
    static_assert(sizeof(dlib::rgb_pixel) == 3, "rgb_pixel must be packed RGB");
    dlib::matrix<dlib::rgb_pixel> out(image.height(), image.width());
    if (!image.isNull()) std::memcpy(&out(0, 0), image.data(), image.byteCount());
    return out;
}

}  // namespace facecase::detail

namespace dlib {
template <>
struct image_traits<facecase::detail::RgbImageView> {
    typedef rgb_pixel pixel_type;
};
}  // namespace dlib
