#pragma once

#include "embedding/resnet_weights.h"
#include "services/pipeline/model_paths.h"
#include "types/result.h"
#include "vision/landmark_model.h"

#include <QString>

#include <memory>

namespace facecase {

// The read-only models every pipeline shares: landmark predictor and descriptor weights.
// Loading costs ~1 s (landmarks) + ~0.2 s (weights): do it once, off the GUI thread.
// Immutable after load and safe to share between threads.
class FaceModels {
public:
    static Result<std::shared_ptr<const FaceModels>> load(const ModelPaths& paths);
    static Result<std::shared_ptr<const FaceModels>> loadDefault();  // ModelPaths::locate()

    const std::shared_ptr<const LandmarkModel>& landmarks() const { return m_landmarks; }
    const std::shared_ptr<const ResNetWeights>& descriptorWeights() const { return m_weights; }
    const ModelPaths& paths() const { return m_paths; }
    // Identifies the descriptor space: descriptors with different ids must never be compared.
    QString descriptorModelId() const;

private:
    ModelPaths m_paths;
    std::shared_ptr<const LandmarkModel> m_landmarks;
    std::shared_ptr<const ResNetWeights> m_weights;
};

}  // namespace facecase
