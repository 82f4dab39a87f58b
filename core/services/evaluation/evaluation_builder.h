#pragma once

#include "services/evaluation/evaluation_report.h"
#include "services/pipeline/face_pipeline.h"
#include "services/evaluation/labeled_descriptors.h"
#include "services/evaluation/match_interpretation.h"

#include <QHash>

#include <atomic>
#include <functional>
#include <memory>

namespace facecase {

struct EvaluationOptions {
    QString labeledRoot;       // one sub-folder per identity (LabeledFolderSet)
    PipelineOptions pipeline;  // its descriptorMode is part of what is evaluated
    int threads = 1;
    double threshold = MatchInterpretation::kSamePersonThreshold;
    QHash<QString, QString> groups;  // identity folder name -> subgroup; empty: no breakdown
    QString groupsFile;              // where `groups` came from, for the report
    QString command;                 // recorded in the report; may be empty
};

// Measures the installed system on a labeled photo set: verification over every pair, open-set
// identification with a held-out half (protocol in EvaluationReport::identificationProtocol),
// acquisition failures and face quality, and optionally the same per subgroup.
// Cost: the photo analysis (LabeledDescriptorExtractor) is nearly all of it; on 3,708 LFW photos
// the pairs and searches take a few seconds. Thread-safe: no shared state.
class EvaluationBuilder {
public:
    static constexpr int kMaxRank = 20;          // CMC ranks 1..20
    static constexpr double kFpirTargets[] = {0.01, 0.003};

    using Progress = LabeledDescriptorExtractor::Progress;

    static Result<EvaluationReport> run(std::shared_ptr<const FaceModels> models,
                                        const EvaluationOptions& options,
                                        const Progress& progress = {},
                                        const std::atomic_bool* cancel = nullptr);

    // The measuring half, on descriptors extracted under `modelKey`. InvalidInput when no
    // genuine pair or no impostor pair exists (fewer than two identities with a face, or no
    // identity with two usable photos).
    static Result<EvaluationReport> fromDescriptors(const LabeledDescriptors& descriptors,
                                                    const QString& modelKey,
                                                    const EvaluationOptions& options,
                                                    const std::atomic_bool* cancel = nullptr);
};

}  // namespace facecase
