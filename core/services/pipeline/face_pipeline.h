#pragma once

#include "embedding/descriptor_network.h"
#include "imaging/image_loader.h"
#include "services/pipeline/face_models.h"
#include "services/pipeline/stage_timings.h"
#include "types/detected_face.h"
#include "types/loaded_image.h"
#include "types/result.h"
#include "vision/face_detector.h"
#include "vision/quality_assessor.h"

#include <QRectF>

#include <functional>
#include <memory>
#include <vector>

namespace facecase {

struct PipelineOptions {
    FaceDetectorOptions detection;
    bool computeDescriptors = true;
    // Flip-averaged by default: on LFW View 1 test pairs it keeps accuracy (98.8% both ways) and
    // raises the true-accept rate at FAR 1e-3 from 81.2% to 88.2% -- what matters when one probe
    // is searched against a large gallery -- for one extra network pass (~8 ms) per face.
    DescriptorMode descriptorMode = DescriptorMode::FlipAveraged;
    ImageLoadLimits loadLimits;
    // Polled between stages (after decoding, after detection, before each face); when it returns
    // true the analysis stops with a Cancelled error. Called from the analysing thread.
    std::function<bool()> isCancelled;
};

// One photo, analysed: where it came from and every face in it. `faces` empty means the detector
// ran and found no face, which is not an error.
struct PhotoAnalysis {
    LoadedImage source;
    std::vector<DetectedFace> faces;
    double effectiveMinFaceSize = 0;  // smallest face side the detector could find in this photo
};

// From a photo to faces with landmarks, aligned chips, quality and descriptors: the one chain the
// CLI, the GUI and enrollment all call. Not thread-safe: each worker thread creates its own
// FacePipeline (cheap: ~20 ms) from the shared FaceModels.
class FacePipeline {
public:
    static Result<std::unique_ptr<FacePipeline>> create(std::shared_ptr<const FaceModels> models);
    ~FacePipeline();

    Result<PhotoAnalysis> analyzeFile(const QString& path, const PipelineOptions& options = {},
                                      StageTimings* timings = nullptr);
    Result<PhotoAnalysis> analyzeBytes(const QByteArray& bytes, const QString& displayName,
                                       const PipelineOptions& options = {},
                                       StageTimings* timings = nullptr);
    Result<std::vector<DetectedFace>> analyzeImage(const Image& image,
                                                   const PipelineOptions& options = {},
                                                   StageTimings* timings = nullptr);
    // A face the detector missed, boxed by hand: landmarks are fitted inside `box`.
    Result<DetectedFace> analyzeRegion(const Image& image, const QRectF& box,
                                       const PipelineOptions& options = {},
                                       StageTimings* timings = nullptr);

    // A photo decoded already (a probe read once when it was taken in as evidence): the same
    // analysis as analyzeFile() without a second read, decode and SHA-256.
    Result<PhotoAnalysis> analyzeDecoded(LoadedImage source, const PipelineOptions& options = {},
                                         StageTimings* timings = nullptr);

    const FaceModels& models() const { return *m_models; }

private:
    FacePipeline(std::shared_ptr<const FaceModels> models, std::unique_ptr<DescriptorNetwork> net);
    Result<PhotoAnalysis> analyzeLoaded(Result<LoadedImage> loaded, const PipelineOptions& options,
                                        StageTimings* timings, double decodeMs);
    Result<DetectedFace> describeFace(const Image& image, const FaceBox& box,
                                      const PipelineOptions& options, StageTimings& timings);

    std::shared_ptr<const FaceModels> m_models;
    std::unique_ptr<DescriptorNetwork> m_network;
    FaceDetector m_detector;
    QualityAssessor m_quality;
};

}  // namespace facecase
