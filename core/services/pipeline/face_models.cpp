#include "services/pipeline/face_models.h"

#include "embedding/tfjs_weights_loader.h"

namespace facecase {

Result<std::shared_ptr<const FaceModels>> FaceModels::load(const ModelPaths& paths) {
    auto landmarks = LandmarkModel::load(paths.landmarkModel);
    if (!landmarks) return landmarks.error();
    auto weights = TfjsWeightsLoader::load(paths.descriptorManifest);
    if (!weights) return weights.error();
    auto models = std::make_shared<FaceModels>();
    models->m_paths = paths;
    models->m_landmarks = std::move(landmarks.value());
    models->m_weights = std::move(weights.value());
    return std::shared_ptr<const FaceModels>(std::move(models));
}

Result<std::shared_ptr<const FaceModels>> FaceModels::loadDefault() {
    auto paths = ModelPaths::locate();
    if (!paths) return paths.error();
    return load(*paths);
}

QString FaceModels::descriptorModelId() const { return m_weights ? m_weights->modelId : QString(); }

}  // namespace facecase
