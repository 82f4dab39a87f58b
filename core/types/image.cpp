#include "types/image.h"

#include <QtGlobal>

namespace facecase {

Image::Image(int width, int height, std::vector<std::uint8_t> rgb)
    : m_width(width), m_height(height),
      m_pixels(std::make_shared<const std::vector<std::uint8_t>>(std::move(rgb))) {
    Q_ASSERT(width >= 0 && height >= 0);
    Q_ASSERT(m_pixels->size() == std::size_t(width) * std::size_t(height) * 3);
}

}  // namespace facecase
