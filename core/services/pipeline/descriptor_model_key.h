#pragma once

#include "embedding/descriptor_mode.h"
#include "services/pipeline/face_models.h"

#include <QString>
#include <optional>

namespace facecase {

// The model name stored with every enrolled descriptor (descriptor_models.name): the network's
// id plus the descriptor mode, since plain and flip-averaged descriptors of one network must not
// be compared. Enrollment writes with it; a search must load the gallery with the same key.
class DescriptorModelKey {
public:
    static QString of(const FaceModels& models, DescriptorMode mode);  // "<network id>/flip-averaged"
    // The mode a key of these models stands for; nullopt for another network's key.
    static std::optional<DescriptorMode> modeOf(const FaceModels& models, const QString& key);
};

}  // namespace facecase
