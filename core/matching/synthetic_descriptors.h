#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "types/descriptor.h"

namespace facecase {

// Deterministic descriptors "spread like real ones", for benchmarks and tests of the gallery
// index when no million real faces are at hand.
//
// Model: x = mean + R (sigma ⊙ z), z ~ N(0, I). `sigma` is the eigen-spectrum of the covariance
// of 3,687 real descriptors (LFW devtest, this build's plain dlib ResNet descriptor): ~77
// meaningful directions, largest s.d. 0.185, total variance 0.339 (participation ratio 31);
// R is a fixed random rotation (random signs, then a normalised Walsh-Hadamard transform) so
// that the variance spreads over all 128 dimensions as it does in real descriptors; `mean` is
// a random direction of norm 1.30 (real: 1.30), giving |x| ~ 1.42 (real: 1.43).
// What this reproduces (measured on the real set): different-person distances mean 0.82 s.d.
// ~0.1 (real 0.82 / 0.09); and so the nearest different-person distance in a large gallery,
// which drives both false candidates and HNSW difficulty. What it does not: clusters (sex, age,
// ethnicity), which make real nearest impostors somewhat closer than a Gaussian predicts.
// Mates: a second photo of the same synthetic person, at a chosen distance (real same-person
// LFW pairs: median 0.43, 10%–90% 0.34–0.52; booking photos, frontal and lit alike, are closer).
//
// Face i depends only on (seed, i), so galleries of any size share their first rows and can be
// generated in parallel. Portable: its own generator and normal deviates, no std:: distributions
// (whose output differs between standard libraries). Thread-safe (const). Cost: ~2 us per face.
class SyntheticDescriptors {
public:
    explicit SyntheticDescriptors(std::uint64_t seed = 1);

    std::uint64_t seed() const { return m_seed; }

    // Face `index` of the synthetic population.
    Descriptor descriptor(std::uint64_t index) const;
    // Faces first .. first + count - 1 written row after row into `out` (count * 128 floats).
    void fill(std::uint64_t first, std::size_t count, float* out) const;
    // Faces 0 .. count - 1 as one row-major matrix, generated on `threads` threads.
    std::vector<float> matrix(std::size_t count, int threads = 1) const;

    // Another photo of the person whose descriptor is `row` (128 floats): exactly `distance`
    // away, in a direction drawn from the same spectrum; `variant` picks the direction.
    Descriptor mate(const float* row, double distance, std::uint64_t variant) const;
    // A same-person distance for controlled photos, uniform in [0.30, 0.40], picked by `variant`.
    static double mateDistance(std::uint64_t variant);
    // sqrt(2 x total variance): the mean distance between two different synthetic people.
    static double typicalImpostorDistance();

private:
    void deviation(std::uint64_t stream, float* out) const;

    std::uint64_t m_seed = 1;
    std::array<float, Descriptor::kSize> m_mean{};
    std::array<float, Descriptor::kSize> m_signs{};
};

}  // namespace facecase
