#pragma once

#include "embedding/descriptor_mode.h"
#include "embedding/resnet_weights.h"
#include "types/descriptor.h"
#include "types/image.h"
#include "types/result.h"

#include <QString>

#include <memory>

namespace facecase {

// The same network as DescriptorNetwork, built on dlib's own anet_type (dnn_face_recognition_ex)
// from the same weights WITHOUT folding the affines: an independent implementation that tests use
// as an oracle for the OpenCV net. Slower (~15 ms per chip with OpenBLAS, ~150 ms with the
// reference BLAS) and not meant for production.
// Not thread-safe: one instance per thread; ~30 MB per instance.
class DlibDescriptorNetwork {
public:
    static Result<std::unique_ptr<DlibDescriptorNetwork>> create(std::shared_ptr<const ResNetWeights> weights);
    ~DlibDescriptorNetwork();
    DlibDescriptorNetwork(const DlibDescriptorNetwork&) = delete;
    DlibDescriptorNetwork& operator=(const DlibDescriptorNetwork&) = delete;

    // `chip`: 150x150 RGB; any other size is an InvalidInput error.
    Result<Descriptor> compute(const Image& chip, DescriptorMode mode = DescriptorMode::Plain);
    QString modelId() const;

private:
    struct Impl;
    explicit DlibDescriptorNetwork(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace facecase
