#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "types/descriptor.h"
#include "types/result.h"

namespace facecase {

// The distance of every unordered pair of labeled descriptors, split into same-identity
// ("genuine") and different-identity ("impostor") pairs: the raw material of a score calibration.
// n descriptors give n(n-1)/2 pairs (3,687 LFW photos: 6.8 million).
//
// Distances are computed the way a gallery search computes them (L2Kernel, then sqrt in double),
// so a calibrated rate refers to exactly the numbers a search reports.
// Measured on 3,687 LFW descriptors (6.8 million pairs): 0.07-0.1 s on 2 threads, ~55 MB for
// the impostor distances.
// Thread-safe (a pure function); `progress` is called on the calling thread only.
class LabeledPairDistances {
public:
    using Progress = std::function<void(qint64 pairsDone, qint64 pairsTotal)>;

    std::vector<double> impostor;  // unsorted; order depends on the thread schedule
    std::vector<double> genuine;

    // `identities[i]` labels `descriptors[i]` (any integers; equal means same person).
    // InvalidInput when the sizes differ, threads < 1 or a value is not finite; Cancelled when
    // `cancel` becomes true (polled every few thousand pairs).
    static Result<LabeledPairDistances> compute(const std::vector<Descriptor>& descriptors,
                                                const std::vector<int>& identities, int threads,
                                                const Progress& progress = {},
                                                const std::atomic_bool* cancel = nullptr);
};

}  // namespace facecase
