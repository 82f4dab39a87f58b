#pragma once

#include "evaluation/verification_metrics.h"
#include "services/pipeline/batch_analyzer.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace facecase {

struct PairEvaluationOptions {
    QString pairsFile;    // LFW pairs file (View 1 or View 2)
    QString imagesRoot;   // folder holding <Name>/<Name>_NNNN.jpg
    int folds = 10;       // for View 1 files (View 2 brings its own)
    double targetFar = 1e-3;
    int threads = 1;
    PipelineOptions pipeline;
};

struct PairEvaluationResult {
    VerificationReport report;
    int images = 0;
    int imagesWithoutFace = 0;        // detector found no face: the pairs count as "different"
    int imagesUnreadable = 0;
    int pairsWithMissingFace = 0;
    QStringList problems;             // one line per image that failed, naming it and why
    StageTimings timings;
    double wallSeconds = 0;
};

// LFW-style face verification of the whole pipeline: detect the face nearest each image's centre
// (LFW photos are centred on their subject), describe it, score every pair by distance, and
// report accuracy (threshold cross-validated over the folds), ROC AUC and TAR at a FAR.
class PairEvaluation {
public:
    using Progress = std::function<void(int done, int total)>;
    static Result<PairEvaluationResult> run(std::shared_ptr<const FaceModels> models,
                                            const PairEvaluationOptions& options,
                                            const Progress& progress = {},
                                            const std::atomic_bool* cancel = nullptr);
};

}  // namespace facecase
