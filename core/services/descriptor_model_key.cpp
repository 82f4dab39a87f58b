#include "services/descriptor_model_key.h"

namespace facecase {

QString DescriptorModelKey::of(const FaceModels& models, DescriptorMode mode) {
    return models.descriptorModelId() + (mode == DescriptorMode::FlipAveraged
                                             ? QStringLiteral("/flip-averaged")
                                             : QStringLiteral("/plain"));
}

}  // namespace facecase
