#pragma once

#include <QImage>
#include <QList>
#include <QSize>

#include "types/image.h"

namespace facecase::ui {

// A photo ready to paint at any zoom: the full-resolution RGB32 image plus smooth halvings down
// to a small size. Painting picks the smallest level that is still at least as large as the
// target, so bilinear filtering never shrinks by more than 2x (no aliasing on big photos) and
// no resampling happens on the GUI thread. Built on a worker thread; immutable and implicitly
// shared afterwards (cheap to copy).
class PhotoPyramid {
public:
    PhotoPyramid() = default;
    // Costs one RGB32 conversion plus ~1/3 of it for the halvings (a few ms for 1080p).
    static PhotoPyramid build(const Image& image, int smallestSide = 160);

    bool isNull() const { return m_levels.isEmpty(); }
    QSize size() const;  // full resolution
    int levelCount() const { return int(m_levels.size()); }
    const QImage& level(int index) const { return m_levels.at(index); }
    // The smallest level at least `deviceWidth` pixels wide (the full image when zoomed in).
    const QImage& levelFor(double deviceWidth) const;

private:
    QList<QImage> m_levels;  // [0] = full resolution
};

}  // namespace facecase::ui
