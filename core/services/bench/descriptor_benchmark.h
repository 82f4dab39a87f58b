#pragma once

#include "services/pipeline/face_models.h"

#include <QStringList>

namespace facecase {

struct DescriptorBenchmarkResult {
    int chips = 0;                 // aligned chips cut from the photos
    int passes = 0;                // timed network calls per mode
    double plainMsPerChip = 0;     // compute(chip), one thread
    double flipMsPerChip = 0;      // compute(chip, FlipAveraged), one thread
    double batchMsPerChip = 0;     // computeBatch of DescriptorNetwork::kMaxBatch chips, one thread
};

// `facecase-cli bench descriptor`: the descriptor network alone, on one thread, over real aligned
// chips cut from the given photos (so the numbers are the network's, not the detector's).
class DescriptorBenchmark {
public:
    static Result<DescriptorBenchmarkResult> run(std::shared_ptr<const FaceModels> models,
                                                 const QStringList& photos, int repeat);
};

}  // namespace facecase
