#pragma once

namespace facecase {

// How a chip becomes a descriptor. FlipAveraged runs the chip and its left-right mirror and
// averages the two descriptors: a little steadier under pose and lighting asymmetry, at twice
// the cost. Descriptors made in different modes are not interchangeable in one gallery.
enum class DescriptorMode { Plain, FlipAveraged };

}  // namespace facecase
