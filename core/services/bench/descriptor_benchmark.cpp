#include "services/bench/descriptor_benchmark.h"

#include "services/pipeline/face_pipeline.h"

#include <QElapsedTimer>

namespace facecase {

namespace {
// Milliseconds per chip of `call` run over `chips` `repeat` times.
template <class Call>
Result<double> timePerChip(const std::vector<Image>& chips, int repeat, std::size_t chipsPerCall, Call call) {
    QElapsedTimer timer;
    timer.start();
    std::size_t done = 0;
    for (int r = 0; r < repeat; ++r) {
        for (std::size_t i = 0; i < chips.size(); i += chipsPerCall) {
            auto ran = call(i);
            if (!ran) return ran.error();
            done += std::min(chipsPerCall, chips.size() - i);
        }
    }
    return double(timer.nsecsElapsed()) / 1e6 / double(std::max<std::size_t>(1, done));
}
}  // namespace

Result<DescriptorBenchmarkResult> DescriptorBenchmark::run(std::shared_ptr<const FaceModels> models,
                                                           const QStringList& photos, int repeat) {
    auto pipeline = FacePipeline::create(models);
    if (!pipeline) return pipeline.error();
    PipelineOptions options;
    options.computeDescriptors = false;
    std::vector<Image> chips;
    for (const QString& photo : photos) {
        auto analysis = (*pipeline)->analyzeFile(photo, options);
        if (!analysis) return analysis.error();
        for (const DetectedFace& face : analysis->faces) chips.push_back(face.chip.image);
    }
    if (chips.empty()) return Error::invalidInput(QStringLiteral("no face found in the photos to benchmark"));

    auto network = DescriptorNetwork::create(models->descriptorWeights());
    if (!network) return network.error();
    DescriptorNetwork& net = **network;
    DescriptorNetwork::setLibraryThreads(1);  // "one thread" means one thread
    if (auto warm = net.compute(chips.front()); !warm) return warm.error();

    DescriptorBenchmarkResult result;
    result.chips = int(chips.size());
    result.passes = int(chips.size()) * std::max(1, repeat);
    const int r = std::max(1, repeat);
    auto plain = timePerChip(chips, r, 1, [&](std::size_t i) { return net.compute(chips[i]); });
    auto flip = timePerChip(chips, r, 1, [&](std::size_t i) {
        return net.compute(chips[i], DescriptorMode::FlipAveraged);
    });
    const std::size_t batch = DescriptorNetwork::kMaxBatch;
    auto batched = timePerChip(chips, r, batch, [&](std::size_t i) {
        const std::vector<Image> slice(chips.begin() + long(i), chips.begin() + long(std::min(i + batch, chips.size())));
        return net.computeBatch(slice);
    });
    if (!plain) return plain.error();
    if (!flip) return flip.error();
    if (!batched) return batched.error();
    result.plainMsPerChip = *plain;
    result.flipMsPerChip = *flip;
    result.batchMsPerChip = *batched;
    return result;
}

}  // namespace facecase
