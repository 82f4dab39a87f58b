#include "services/evaluation/pair_evaluation.h"

#include "evaluation/pairs_file_reader.h"
#include "services/pipeline/face_picker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QHash>

#include <limits>
#include <optional>

namespace facecase {

Result<PairEvaluationResult> PairEvaluation::run(std::shared_ptr<const FaceModels> models,
                                                 const PairEvaluationOptions& options,
                                                 const Progress& progress,
                                                 const std::atomic_bool* cancel) {
    auto pairs = PairsFileReader::read(options.pairsFile, options.folds);
    if (!pairs) return pairs.error();
    if (!QDir(options.imagesRoot).exists())
        return Error::notFound(QStringLiteral("%1: images folder not found").arg(options.imagesRoot));

    // Every distinct image once, however many pairs use it.
    QStringList paths;
    QHash<QString, int> indexOf;
    const auto imageIndex = [&](const QString& name, int number) {
        const QString path = PairsFileReader::lfwImagePath(options.imagesRoot, name, number);
        auto it = indexOf.find(path);
        if (it == indexOf.end()) {
            it = indexOf.insert(path, int(paths.size()));
            paths << path;
        }
        return *it;
    };
    std::vector<std::pair<int, int>> pairImages;
    for (const VerificationPair& p : *pairs)
        pairImages.emplace_back(imageIndex(p.nameA, p.imageA), imageIndex(p.nameB, p.imageB));

    PairEvaluationResult result;
    result.images = int(paths.size());
    std::vector<std::optional<Descriptor>> descriptors(std::size_t(paths.size()));
    int done = 0;
    QElapsedTimer wall;
    wall.start();
    BatchAnalyzer analyzer(std::move(models), options.pipeline, options.threads);
    auto ran = analyzer.run(
        paths,
        [&](int index, Result<PhotoAnalysis>&& analysis) {
            if (!analysis) {
                ++result.imagesUnreadable;
                result.problems << analysis.errorMessage();
            } else {
                const int pick = FacePicker::nearestCenter(analysis->faces, analysis->source.image.width(),
                                                           analysis->source.image.height());
                if (pick < 0) {
                    ++result.imagesWithoutFace;
                    result.problems << QStringLiteral("%1: no face found").arg(paths[index]);
                } else {
                    descriptors[std::size_t(index)] = analysis->faces[std::size_t(pick)].descriptor;
                }
            }
            if (progress) progress(++done, int(paths.size()));
        },
        cancel, &result.timings);
    if (!ran) return ran.error();
    result.wallSeconds = double(wall.elapsed()) / 1000.0;

    std::vector<ScoredTrial> trials;
    trials.reserve(pairs->size());
    for (std::size_t i = 0; i < pairs->size(); ++i) {
        const auto& a = descriptors[std::size_t(pairImages[i].first)];
        const auto& b = descriptors[std::size_t(pairImages[i].second)];
        ScoredTrial trial;
        trial.samePerson = (*pairs)[i].samePerson;
        trial.fold = (*pairs)[i].fold;
        if (a && b) trial.distance = a->distanceTo(*b);
        else ++result.pairsWithMissingFace;
        trials.push_back(trial);
    }
    result.report = VerificationMetrics::evaluate(trials, options.targetFar);
    result.problems.sort();
    return result;
}

}  // namespace facecase
