#pragma once

// A real face analysed by the FacePipeline as a search would (box, landmarks, chip), and the
// canonical chip positions of the eye centres, for the tests of LandmarkChipSource (core) and
// of the report's aligned chips (ui/report). Header-only; returns nullopt (with a warning) when
// the test photos or the face models are missing, so callers can QSKIP.

#include <QtGlobal>
#include <optional>

#include "services/pipeline/face_pipeline.h"
#include "support/test_data.h"

namespace facecase::test {

struct AlignedFaceFixture {
    std::shared_ptr<const FaceModels> models;
    QString path;
    QString sha256;
    DetectedFace face;

    static std::optional<AlignedFaceFixture> create() {
        const QString path = testDataPath(QStringLiteral("detection/face-recognition-samples/examples/obama.jpg"));
        if (path.isEmpty()) return std::nullopt;
        auto models = FaceModels::loadDefault();
        if (!models) {
            qWarning("%s", qPrintable(models.errorMessage()));
            return std::nullopt;
        }
        auto pipeline = FacePipeline::create(*models);
        if (!pipeline) return std::nullopt;
        PipelineOptions options;
        options.computeDescriptors = false;
        auto analysis = (*pipeline)->analyzeFile(path, options);
        if (!analysis || analysis->faces.size() != 1) return std::nullopt;
        return AlignedFaceFixture{*models, path, analysis->source.sha256, analysis->faces.front()};
    }

    // Where dlib's alignment puts the eye centres (mean of the six contour points of its mean
    // face shape, get_face_chip_details(shape, 150, 0.25)) on a 150x150 chip.
    static QPointF canonicalLeftEye() { return {47.5, 46.6}; }
    static QPointF canonicalRightEye() { return {100.5, 46.6}; }
};

}  // namespace facecase::test
