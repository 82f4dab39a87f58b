#pragma once

#include <cstddef>

namespace facecase {

// Squared Euclidean distances between 128-float descriptors: the one place the arithmetic of
// every search lives, so that the exact scan, the batch scan and HNSW re-ranking return
// bit-identical distances for the same pair.
//
// The build has no -march flag (SSE2 baseline), so the kernels are compiled three times
// (AVX-512F, AVX2, SSE2) and the dynamic loader picks one per process (GCC target_clones).
// Measured on the 2-core Xeon (AVX-512) at 1,000,000 rows, 1 thread: 69 ms with the SSE2 clone,
// 39 ms with the AVX-512 clone (memory-bound from there on: ~13 GB/s per core).
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
