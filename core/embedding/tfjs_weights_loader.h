#pragma once

#include "embedding/resnet_weights.h"
#include "types/result.h"

#include <QString>

#include <memory>

namespace facecase {

// Reads dlib's face ResNet from the TensorFlow.js files that npm @vladmandic/face-api ships
// (a JSON manifest + binary shard(s)), dequantizes it and checks every tensor against the network
// before anything uses it: a wrong, truncated or corrupt file is refused with a message naming
// the file and the problem, never half-loaded.
// Cost: ~0.15 s and ~25 MB for the 6.4 MB shard; call once, off the GUI thread. Stateless and
// therefore thread-safe; the returned weights are immutable and meant to be shared.
class TfjsWeightsLoader {
public:
    static constexpr const char* kManifestFileName = "face_recognition_model-weights_manifest.json";

    // `manifestPath` is the manifest; shard paths inside it are relative to its folder.
    static Result<std::shared_ptr<const ResNetWeights>> load(const QString& manifestPath);

    // The manifest's path inside a model folder (no file-system access).
    static QString manifestPathIn(const QString& modelDir);
};

}  // namespace facecase
