#include "types/descriptor.h"

#include <cmath>

namespace facecase {

double Descriptor::distanceTo(const Descriptor& other) const {
    double sum = 0.0;
    for (int i = 0; i < kSize; ++i) {
        const double d = double(values[std::size_t(i)]) - double(other.values[std::size_t(i)]);
        sum += d * d;
    }
    return std::sqrt(sum);
}

}  // namespace facecase
