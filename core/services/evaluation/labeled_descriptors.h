#pragma once

#include "evaluation/labeled_folder_set.h"
#include "services/pipeline/batch_analyzer.h"

#include <optional>
#include <vector>

namespace facecase {

// One descriptor per photo of a labeled set (the face nearest the photo's centre, as LFW photos
// are centred on their subject): the raw material of calibration and 1:N evaluation.
struct LabeledDescriptors {
    struct Photo {
        int identity = 0;                     // index into `identities`
        QString path;
        std::optional<Descriptor> descriptor;  // absent: unreadable or no face found
        // Kept so that an evaluation can count failures to acquire (unreadable vs no face) and
        // the quality of the faces it compared.
        bool readable = false;
        std::optional<FaceQuality::Level> quality;  // of the chosen face
    };
    std::vector<LabeledIdentity> identities;
    std::vector<Photo> photos;                // identity by identity, in the set's order
    QStringList problems;                     // one line per photo without a descriptor
    StageTimings timings;
    double wallSeconds = 0;

    int photosWithoutDescriptor() const { return int(problems.size()); }
};

class LabeledDescriptorExtractor {
public:
    using Progress = std::function<void(int done, int total)>;
    static Result<LabeledDescriptors> run(std::shared_ptr<const FaceModels> models,
                                          const QString& labeledRoot, const PipelineOptions& options,
                                          int threads, const Progress& progress = {},
                                          const std::atomic_bool* cancel = nullptr);
};

}  // namespace facecase
