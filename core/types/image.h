#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace facecase {

// Decoded pixels, 8-bit RGB, rows tightly packed (stride = 3 * width). Immutable and implicitly
// shared: copies are cheap and safe to hand between threads. The ground-floor picture type that
// lets ui/ show pixels without seeing OpenCV or dlib.
class Image {
public:
    Image() = default;
    // Takes ownership of `rgb`, which must hold exactly 3 * width * height bytes.
    Image(int width, int height, std::vector<std::uint8_t> rgb);

    bool isNull() const { return m_width <= 0 || m_height <= 0; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    int stride() const { return 3 * m_width; }
    const std::uint8_t* data() const { return m_pixels ? m_pixels->data() : nullptr; }
    std::size_t byteCount() const { return m_pixels ? m_pixels->size() : 0; }

private:
    int m_width = 0;
    int m_height = 0;
    std::shared_ptr<const std::vector<std::uint8_t>> m_pixels;
};

}  // namespace facecase
