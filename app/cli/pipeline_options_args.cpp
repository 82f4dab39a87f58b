#include "cli/pipeline_options_args.h"

#include "cli/cli_support.h"
#include "services/pipeline/batch_analyzer.h"

namespace facecase::cli {

namespace {
QString modeName(DescriptorMode mode) {
    return mode == DescriptorMode::FlipAveraged ? QStringLiteral("flip") : QStringLiteral("plain");
}
}  // namespace

void addPipelineOptions(QCommandLineParser& parser) {
    const PipelineOptions defaults;
    parser.addOption({QStringLiteral("min-face"),
                      QStringLiteral("Smallest face to find, in pixels (default %1; 80 is ~4x faster "
                                     "and enough for mugshots).").arg(defaults.detection.minFaceSize),
                      QStringLiteral("px"), QString::number(defaults.detection.minFaceSize)});
    parser.addOption({QStringLiteral("descriptor-mode"),
                      QStringLiteral("plain, or flip (mean of the face and its mirror image: two "
                                     "network passes). Default: %1.").arg(modeName(defaults.descriptorMode)),
                      QStringLiteral("mode"), modeName(defaults.descriptorMode)});
}

std::optional<PipelineOptions> pipelineOptionsFrom(const QCommandLineParser& parser) {
    PipelineOptions options;
    const auto minFace = positiveIntOption(parser, QStringLiteral("min-face"));
    if (!minFace) return std::nullopt;
    options.detection.minFaceSize = *minFace;
    const QString mode = parser.value(QStringLiteral("descriptor-mode"));
    if (mode == QLatin1String("plain")) {
        options.descriptorMode = DescriptorMode::Plain;
    } else if (mode == QLatin1String("flip")) {
        options.descriptorMode = DescriptorMode::FlipAveraged;
    } else {
        printError(QStringLiteral("--descriptor-mode is plain or flip, not \"%1\"").arg(mode));
        return std::nullopt;
    }
    return options;
}

void addBatchOptions(QCommandLineParser& parser, const QString& jsonHelp) {
    parser.addOption({QStringLiteral("threads"),
                      QStringLiteral("Worker threads (default: all cores)."), QStringLiteral("n"),
                      QString::number(BatchAnalyzer::defaultThreadCount())});
    parser.addOption({QStringLiteral("json"), jsonHelp});
    addPipelineOptions(parser);
}

std::optional<BatchOptions> labeledBatchFrom(const QCommandLineParser& parser, const char* command,
                                             const char* outIs) {
    if (!parser.isSet(QStringLiteral("labeled")) || !parser.isSet(QStringLiteral("out"))) {
        printError(QStringLiteral("%1 needs --labeled DIR and --out %2")
                       .arg(QLatin1String(command), QLatin1String(outIs)));
        return std::nullopt;
    }
    auto pipeline = pipelineOptionsFrom(parser);
    const auto threads = positiveIntOption(parser, QStringLiteral("threads"));
    if (!pipeline || !threads) return std::nullopt;
    return BatchOptions{*pipeline, *threads};
}

}  // namespace facecase::cli
