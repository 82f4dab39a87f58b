#include "services/pipeline/face_pipeline.h"

#include "vision/face_aligner.h"

#include <QElapsedTimer>

namespace facecase {

namespace {
double elapsedMs(const QElapsedTimer& timer) { return double(timer.nsecsElapsed()) / 1e6; }
bool cancelled(const PipelineOptions& options) { return options.isCancelled && options.isCancelled(); }
Error cancelledError() { return Error::cancelled(QStringLiteral("analysis cancelled")); }
}  // namespace

Result<std::unique_ptr<FacePipeline>> FacePipeline::create(std::shared_ptr<const FaceModels> models) {
    if (!models) return Error::internal(QStringLiteral("face pipeline created without models"));
    auto net = DescriptorNetwork::create(models->descriptorWeights());
    if (!net) return net.error();
    return std::unique_ptr<FacePipeline>(new FacePipeline(std::move(models), std::move(net.value())));
}

FacePipeline::FacePipeline(std::shared_ptr<const FaceModels> models,
                           std::unique_ptr<DescriptorNetwork> net)
    : m_models(std::move(models)), m_network(std::move(net)) {}

FacePipeline::~FacePipeline() = default;

Result<PhotoAnalysis> FacePipeline::analyzeFile(const QString& path, const PipelineOptions& options,
                                                StageTimings* timings) {
    QElapsedTimer timer;
    timer.start();
    auto loaded = ImageLoader(options.loadLimits).loadFile(path);
    if (timings) ++timings->decodes;
    return analyzeLoaded(std::move(loaded), options, timings, elapsedMs(timer));
}

Result<PhotoAnalysis> FacePipeline::analyzeBytes(const QByteArray& bytes, const QString& displayName,
                                                 const PipelineOptions& options,
                                                 StageTimings* timings) {
    QElapsedTimer timer;
    timer.start();
    auto loaded = ImageLoader(options.loadLimits).loadBytes(bytes, displayName);
    if (timings) ++timings->decodes;
    return analyzeLoaded(std::move(loaded), options, timings, elapsedMs(timer));
}

Result<PhotoAnalysis> FacePipeline::analyzeDecoded(LoadedImage source, const PipelineOptions& options,
                                                   StageTimings* timings) {
    return analyzeLoaded(std::move(source), options, timings, 0);
}

Result<PhotoAnalysis> FacePipeline::analyzeLoaded(Result<LoadedImage> loaded,
                                                  const PipelineOptions& options,
                                                  StageTimings* timings, double decodeMs) {
    if (!loaded) return loaded.error();
    if (timings) timings->decodeMs += decodeMs;
    if (cancelled(options)) return cancelledError();
    PhotoAnalysis analysis;
    analysis.source = std::move(loaded.value());
    const Image& image = analysis.source.image;
    analysis.effectiveMinFaceSize =
        FaceDetector::effectiveMinFaceSize(image.width(), image.height(), options.detection);
    auto faces = analyzeImage(image, options, timings);
    if (!faces) {
        return Error{faces.error().kind,
                     QStringLiteral("%1: %2").arg(analysis.source.sourcePath, faces.error().message)};
    }
    analysis.faces = std::move(faces.value());
    return analysis;
}

Result<std::vector<DetectedFace>> FacePipeline::analyzeImage(const Image& image,
                                                             const PipelineOptions& options,
                                                             StageTimings* timings) {
    StageTimings local;
    QElapsedTimer timer;
    timer.start();
    auto boxes = m_detector.detect(image, options.detection);
    local.detectMs += elapsedMs(timer);
    if (!boxes) return boxes.error();

    std::vector<DetectedFace> faces;
    faces.reserve(boxes->size());
    for (const FaceBox& box : *boxes) {
        if (cancelled(options)) return cancelledError();
        auto face = describeFace(image, box, options, local);
        if (!face) return face.error();
        face->index = int(faces.size()) + 1;
        faces.push_back(std::move(face.value()));
    }
    local.photos = 1;
    if (timings) *timings += local;
    return faces;
}

Result<DetectedFace> FacePipeline::analyzeRegion(const Image& image, const QRectF& box,
                                                 const PipelineOptions& options,
                                                 StageTimings* timings) {
    const QRectF inside = box.normalized().intersected(QRectF(0, 0, image.width(), image.height()));
    if (inside.width() < 8 || inside.height() < 8)
        return Error::invalidInput(QStringLiteral("the marked region is too small or outside the "
                                                  "photo (need at least 8 x 8 pixels)"));
    FaceBox manual;
    manual.rect = inside;
    manual.manual = true;
    StageTimings local;
    auto face = describeFace(image, manual, options, local);
    if (timings) *timings += local;
    return face;
}

Result<DetectedFace> FacePipeline::describeFace(const Image& image, const FaceBox& box,
                                                const PipelineOptions& options,
                                                StageTimings& timings) {
    DetectedFace face;
    face.box = box;
    QElapsedTimer timer;

    timer.start();
    auto landmarks = m_models->landmarks()->fit(image, box.rect);
    timings.landmarksMs += elapsedMs(timer);
    if (!landmarks) return landmarks.error();
    face.landmarks = *landmarks;

    timer.restart();
    auto chip = FaceAligner::extractChip(image, face.landmarks);
    timings.alignMs += elapsedMs(timer);
    if (!chip) return chip.error();
    face.chip = std::move(chip.value());

    timer.restart();
    face.quality = m_quality.assess(face.landmarks, face.chip);
    timings.qualityMs += elapsedMs(timer);

    if (options.computeDescriptors) {
        timer.restart();
        auto descriptor = m_network->compute(face.chip.image, options.descriptorMode);
        timings.descriptorMs += elapsedMs(timer);
        if (!descriptor) return descriptor.error();
        face.descriptor = *descriptor;
    }
    ++timings.faces;
    return face;
}

}  // namespace facecase
