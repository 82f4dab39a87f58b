#pragma once

#include <array>

namespace facecase {

// A 128-D face descriptor from dlib's ResNet. Not normalised (norm ~1.4); two faces of one
// person are typically closer than ~0.6 in Euclidean distance.
struct Descriptor {
    static constexpr int kSize = 128;
    std::array<float, kSize> values{};

    double distanceTo(const Descriptor& other) const;  // Euclidean
};

}  // namespace facecase
