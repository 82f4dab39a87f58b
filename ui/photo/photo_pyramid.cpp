#include "photo/photo_pyramid.h"

#include <algorithm>

#include "photo/image_conversion.h"

namespace facecase::ui {

PhotoPyramid PhotoPyramid::build(const Image& image, int smallestSide) {
    PhotoPyramid pyramid;
    QImage level = toDisplayImage(image);
    if (level.isNull()) return pyramid;
    pyramid.m_levels.append(level);
    while (std::min(level.width(), level.height()) / 2 >= smallestSide) {
        level = level.scaled(level.width() / 2, level.height() / 2, Qt::IgnoreAspectRatio,
                             Qt::SmoothTransformation);
        pyramid.m_levels.append(level);
    }
    return pyramid;
}

QSize PhotoPyramid::size() const {
    return isNull() ? QSize() : m_levels.first().size();
}

const QImage& PhotoPyramid::levelFor(double deviceWidth) const {
    for (auto it = m_levels.crbegin(); it != m_levels.crend(); ++it) {
        if (it->width() >= deviceWidth) return *it;
    }
    return m_levels.first();
}

}  // namespace facecase::ui
