#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/pipeline_options_args.h"
#include "services/pipeline/face_json.h"
#include "services/pipeline/face_picker.h"
#include "services/evaluation/match_interpretation.h"

namespace facecase::cli {

namespace {
struct ChosenFace {
    PhotoAnalysis analysis;
    int index = 0;  // into analysis.faces
};

// The face numbered `wanted` (1-based), or the largest one when `wanted` is 0.
Result<ChosenFace> chooseFace(FacePipeline& pipeline, const QString& path, int wanted,
                              const PipelineOptions& options) {
    auto analysis = pipeline.analyzeFile(path, options);
    if (!analysis) return analysis.error();
    const int count = int(analysis->faces.size());
    if (count == 0)
        return Error::invalidInput(QStringLiteral("%1: no face found (faces from %2 px; try "
                                                  "--min-face)").arg(path).arg(analysis->effectiveMinFaceSize, 0, 'f', 0));
    if (wanted > count)
        return Error::invalidInput(QStringLiteral("%1: has %2 face(s), no face %3").arg(path).arg(count).arg(wanted));
    ChosenFace chosen;
    chosen.index = wanted > 0 ? wanted - 1 : FacePicker::largest(analysis->faces);
    chosen.analysis = std::move(analysis.value());
    return chosen;
}
}  // namespace

int runCompare(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Distance between a face in photo A and a face in photo B, and what it means. "
                       "By default the largest face of each photo."));
    parser.addPositionalArgument(QStringLiteral("a"), QStringLiteral("First photo."), QStringLiteral("A"));
    parser.addPositionalArgument(QStringLiteral("b"), QStringLiteral("Second photo."), QStringLiteral("B"));
    parser.addOption({QStringLiteral("face-a"), QStringLiteral("Face number in A (as `detect` numbers them)."), QStringLiteral("n"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("face-b"), QStringLiteral("Face number in B."), QStringLiteral("n"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Machine-readable output (docs/cli.md).")});
    addPipelineOptions(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (parser.positionalArguments().size() != 2) {
        printError(QStringLiteral("compare needs exactly two photos, A and B"));
        return kExitUsage;
    }
    auto options = pipelineOptionsFrom(parser);
    if (!options) return kExitUsage;
    bool okA = false, okB = false;
    const int faceA = parser.value(QStringLiteral("face-a")).toInt(&okA);
    const int faceB = parser.value(QStringLiteral("face-b")).toInt(&okB);
    if (!okA || !okB || faceA < 0 || faceB < 0) {
        printError(QStringLiteral("--face-a and --face-b take a face number (1, 2, …)"));
        return kExitUsage;
    }

    auto pipeline = createPipeline();
    if (!pipeline) return exitCodeFor(pipeline.error());
    const QStringList photos = parser.positionalArguments();
    auto a = chooseFace(**pipeline, photos[0], faceA, *options);
    auto b = a ? chooseFace(**pipeline, photos[1], faceB, *options) : Result<ChosenFace>(a.error());
    if (!a || !b) {
        const Error& e = !a ? a.error() : b.error();
        printError(e.message);
        return exitCodeFor(e);
    }
    const DetectedFace& fa = a->analysis.faces[std::size_t(a->index)];
    const DetectedFace& fb = b->analysis.faces[std::size_t(b->index)];
    const double distance = fa.descriptor->distanceTo(*fb.descriptor);
    const auto verdict = MatchInterpretation::verdictFor(distance);

    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{
            {QStringLiteral("a"), QJsonObject{{QStringLiteral("path"), photos[0]},
                                              {QStringLiteral("sha256"), a->analysis.source.sha256},
                                              {QStringLiteral("face"), fa.index},
                                              {QStringLiteral("quality"), FaceJson::quality(fa.quality)}}},
            {QStringLiteral("b"), QJsonObject{{QStringLiteral("path"), photos[1]},
                                              {QStringLiteral("sha256"), b->analysis.source.sha256},
                                              {QStringLiteral("face"), fb.index},
                                              {QStringLiteral("quality"), FaceJson::quality(fb.quality)}}},
            {QStringLiteral("distance"), distance},
            {QStringLiteral("threshold"), MatchInterpretation::kSamePersonThreshold},
            {QStringLiteral("verdict"), MatchInterpretation::verdictName(verdict)},
            {QStringLiteral("explanation"), MatchInterpretation::describe(distance)},
            {QStringLiteral("model"), (*pipeline)->models().descriptorModelId()},
        });
        return kExitOk;
    }
    printLine(QStringLiteral("A: %1 face %2 of %3 (quality %4)").arg(photos[0]).arg(fa.index)
                  .arg(a->analysis.faces.size()).arg(FaceQuality::levelName(fa.quality.overall())));
    printLine(QStringLiteral("B: %1 face %2 of %3 (quality %4)").arg(photos[1]).arg(fb.index)
                  .arg(b->analysis.faces.size()).arg(FaceQuality::levelName(fb.quality.overall())));
    for (const QString& w : fa.quality.warnings) printLine(QStringLiteral("  ! A: ") + w);
    for (const QString& w : fb.quality.warnings) printLine(QStringLiteral("  ! B: ") + w);
    printLine(QStringLiteral("Distance %1 — %2").arg(distance, 0, 'f', 3).arg(MatchInterpretation::describe(distance)));
    return kExitOk;
}

}  // namespace facecase::cli
