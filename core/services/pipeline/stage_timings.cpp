#include "services/pipeline/stage_timings.h"

namespace facecase {

StageTimings& StageTimings::operator+=(const StageTimings& o) {
    decodeMs += o.decodeMs;
    detectMs += o.detectMs;
    landmarksMs += o.landmarksMs;
    alignMs += o.alignMs;
    qualityMs += o.qualityMs;
    descriptorMs += o.descriptorMs;
    photos += o.photos;
    faces += o.faces;
    decodes += o.decodes;
    return *this;
}

}  // namespace facecase
