#include "services/evaluation/labeled_descriptors.h"

#include "services/pipeline/face_picker.h"

#include <QElapsedTimer>

namespace facecase {

Result<LabeledDescriptors> LabeledDescriptorExtractor::run(std::shared_ptr<const FaceModels> models,
                                                           const QString& labeledRoot,
                                                           const PipelineOptions& options, int threads,
                                                           const Progress& progress,
                                                           const std::atomic_bool* cancel) {
    auto identities = LabeledFolderSet::read(labeledRoot);
    if (!identities) return identities.error();
    LabeledDescriptors out;
    out.identities = std::move(identities.value());
    QStringList paths;
    for (int i = 0; i < int(out.identities.size()); ++i) {
        for (const QString& photo : out.identities[std::size_t(i)].photos) {
            out.photos.push_back({i, photo, std::nullopt, false, std::nullopt});
            paths << photo;
        }
    }

    PipelineOptions withDescriptors = options;
    withDescriptors.computeDescriptors = true;
    int done = 0;
    QElapsedTimer wall;
    wall.start();
    BatchAnalyzer analyzer(std::move(models), withDescriptors, threads);
    auto ran = analyzer.run(
        paths,
        [&](int index, Result<PhotoAnalysis>&& analysis) {
            auto& photo = out.photos[std::size_t(index)];
            if (!analysis) {
                out.problems << analysis.errorMessage();
            } else {
                photo.readable = true;
                const int pick = FacePicker::nearestCenter(analysis->faces, analysis->source.image.width(),
                                                           analysis->source.image.height());
                if (pick < 0) out.problems << QStringLiteral("%1: no face found").arg(photo.path);
                else {
                    const DetectedFace& face = analysis->faces[std::size_t(pick)];
                    photo.descriptor = face.descriptor;
                    photo.quality = face.quality.overall();
                }
            }
            if (progress) progress(++done, int(paths.size()));
        },
        cancel, &out.timings);
    if (!ran) return ran.error();
    out.wallSeconds = double(wall.elapsed()) / 1000.0;
    out.problems.sort();
    return out;
}

}  // namespace facecase
