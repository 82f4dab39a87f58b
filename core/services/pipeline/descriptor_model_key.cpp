#include "services/pipeline/descriptor_model_key.h"

namespace facecase {

QString DescriptorModelKey::of(const FaceModels& models, DescriptorMode mode) {
    return models.descriptorModelId() + (mode == DescriptorMode::FlipAveraged
                                             ? QStringLiteral("/flip-averaged")
                                             : QStringLiteral("/plain"));
}

std::optional<DescriptorMode> DescriptorModelKey::modeOf(const FaceModels& models,
                                                        const QString& key) {
    for (DescriptorMode mode : {DescriptorMode::FlipAveraged, DescriptorMode::Plain})
        if (of(models, mode) == key) return mode;
    return std::nullopt;
}

}  // namespace facecase
