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
// TF.js weights (each conv's affine folded into it). Agrees with dlib's own net (see
// DlibDescriptorNetwork) to ~1e-6 per component.
// Not thread-safe: one instance per worker thread; the weights are shared read-only.
// Cost: ~10 MB of activations per instance; ~9 ms per chip on one core (less per chip in batches).
// OpenCV parallelises each forward pass over its own global thread pool; when several workers
// each run a network, call setLibraryThreads(1) once so they do not oversubscribe the cores.
class DescriptorNetwork {
public:
    // Builds the net and runs one warm-up pass (~50 ms), so that errors surface here.
    static Result<std::unique_ptr<DescriptorNetwork>> create(std::shared_ptr<const ResNetWeights> weights);
    ~DescriptorNetwork();
    DescriptorNetwork(const DescriptorNetwork&) = delete;
    DescriptorNetwork& operator=(const DescriptorNetwork&) = delete;

    // `chip`: a 150x150 RGB face chip (FaceChip::image); any other size is an InvalidInput error.
    Result<Descriptor> compute(const Image& chip, DescriptorMode mode = DescriptorMode::Plain);
    // Same descriptors as compute() one by one, faster per chip; runs in slices of kMaxBatch.
    // Every chip is checked before any work: one bad chip fails the whole call, naming its index.
    Result<std::vector<Descriptor>> computeBatch(const std::vector<Image>& chips,
                                                 DescriptorMode mode = DescriptorMode::Plain);
    QString modelId() const;

    // Chips per forward pass; larger batches gain nothing measurable and cost memory.
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
