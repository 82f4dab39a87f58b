#pragma once

#include "embedding/descriptor_mode.h"
#include "embedding/resnet_weights.h"
#include "types/descriptor.h"
#include "types/image.h"
#include "types/result.h"

#include <QString>

#include <memory>
#include <vector>

namespace facecase {

// The production 128-D descriptor: dlib's face ResNet built in code on OpenCV DNN from the
// TF.js weights (each conv's affine folded into it). Agrees with dlib's own net
// (DlibDescriptorNetwork) to ~4e-7 per component.
// Not thread-safe: one instance per worker thread; the weights are shared read-only.
// Cost: ~25 MB per instance (folded weights + buffers), ~45 MB once it has run a batch of 16.
// ~10 ms per chip on one core (2 vCPU AVX-512 VM, ~53 GFLOP/s: near that core's peak), about
// the same per chip in batches; ~7 ms for one chip with OpenCV's default 2 threads.
// Threads: OpenCV parallelises each forward pass over its own process-wide pool. Measured on
// 2 cores: 2 workers x 1 OpenCV thread ~5 ms/chip throughput, 2 workers x 2 threads ~6 ms
// (oversubscribed), 1 worker x 2 threads ~6.5 ms. So a pool with one worker per core should
// call setLibraryThreads(1) once; a single interactive probe is fastest with the default.
class DescriptorNetwork {
public:
    // Builds the net and runs one warm-up pass (~40 ms), so that errors surface here.
    static Result<std::unique_ptr<DescriptorNetwork>> create(std::shared_ptr<const ResNetWeights> weights);
    ~DescriptorNetwork();
    DescriptorNetwork(const DescriptorNetwork&) = delete;
    DescriptorNetwork& operator=(const DescriptorNetwork&) = delete;

    // `chip`: a 150x150 RGB face chip (FaceChip::image); any other size is an InvalidInput error.
    Result<Descriptor> compute(const Image& chip, DescriptorMode mode = DescriptorMode::Plain);
    // The descriptors compute() gives one by one (to ~1e-7), in slices of kMaxBatch chips.
    // Every chip is checked before any work: one bad chip fails the whole call, naming its index.
    Result<std::vector<Descriptor>> computeBatch(const std::vector<Image>& chips,
                                                 DescriptorMode mode = DescriptorMode::Plain);
    QString modelId() const;

    // Chips per forward pass: batches gain ~5-10% per chip; larger ones only cost memory.
    static constexpr int kMaxBatch = 16;

    // Threads OpenCV may use for one forward pass, process-wide (cv::setNumThreads): affects
    // every OpenCV call in the process. 1 is best when workers >= cores; <= 0 restores OpenCV's
    // default (all cores).
    static void setLibraryThreads(int threads);

private:
    struct Impl;
    explicit DescriptorNetwork(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace facecase
