#pragma once

#include <cstddef>

namespace facecase {

// Squared Euclidean distances between 128-float descriptors: the one place the arithmetic of
// every search lives, so that the exact scan, the batch scan and HNSW re-ranking return
// bit-identical distances for the same pair.
//
// The build has no -march flag (SSE2 baseline), so the kernels are compiled three times
// (AVX-512F, AVX2, SSE2) and the dynamic loader picks one per process (GCC target_clones).
// Measured at 1,000,000 rows on one thread of this Xeon: a plain scalar loop 136 ms (GCC does not
// vectorise a float sum without -ffast-math), the vector code 69 ms as SSE2 (one row at a time)
// and 39 ms as AVX-512 (four rows at a time) — memory-bound from there: ~13 GB/s per core.
// Thread-safe (pure functions). Inputs need no alignment.
class L2Kernel {
public:
    static constexpr int kDimensions = 128;

    // |a - b|^2 over kDimensions floats.
    static float squaredDistance(const float* a, const float* b);

    // out[i] = |probe - rows[i]|^2 for `count` rows stored back to back (row i at
    // rows + i * kDimensions). Same arithmetic per pair as squaredDistance.
    static void squaredDistances(const float* probe, const float* rows, std::size_t count,
                                 float* out);

    // "avx512f", "avx2" or "sse2": the clone this process runs (for benchmark reports).
    static const char* instructionSet();
};

}  // namespace facecase
