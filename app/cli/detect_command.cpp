#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/pipeline_options_args.h"
#include "services/pipeline/face_json.h"

namespace facecase::cli {

namespace {
QString describeFace(const DetectedFace& f) {
    const QRectF& r = f.box.rect;
    QString text = QStringLiteral("  face %1: box %2,%3 %4x%5  score %6  quality %7 "
                                  "(eyes %8 px, sharpness %9, yaw %10°, roll %11°, brightness %12)")
                       .arg(f.index).arg(r.x(), 0, 'f', 0).arg(r.y(), 0, 'f', 0)
                       .arg(r.width(), 0, 'f', 0).arg(r.height(), 0, 'f', 0)
                       .arg(f.box.detectorScore, 0, 'f', 2)
                       .arg(FaceQuality::levelName(f.quality.overall()))
                       .arg(f.quality.eyeDistancePx, 0, 'f', 0).arg(f.quality.sharpness, 0, 'f', 0)
                       .arg(f.quality.yawDegrees, 0, 'f', 0).arg(f.quality.rollDegrees, 0, 'f', 0)
                       .arg(f.quality.brightness, 0, 'f', 0);
    for (const QString& warning : f.quality.warnings) text += QStringLiteral("\n    ! ") + warning;
    return text;
}
}  // namespace

int runDetect(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Find every face in each photo: box, 68 landmarks, quality (and descriptor "
                       "with --descriptors). With --json, one JSON object per photo per line."));
    parser.addPositionalArgument(QStringLiteral("images"), QStringLiteral("Photos to analyse."),
                                 QStringLiteral("IMAGE..."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Machine-readable output (docs/cli.md).")});
    parser.addOption({QStringLiteral("descriptors"), QStringLiteral("Include 128-D descriptors in --json output.")});
    addPipelineOptions(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const QStringList images = parser.positionalArguments();
    if (images.isEmpty()) {
        printError(QStringLiteral("detect needs at least one IMAGE"));
        return kExitUsage;
    }
    auto options = pipelineOptionsFrom(parser);
    if (!options) return kExitUsage;
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool withDescriptors = parser.isSet(QStringLiteral("descriptors"));
    options->computeDescriptors = withDescriptors;

    auto pipeline = createPipeline();
    if (!pipeline) return exitCodeFor(pipeline.error());

    // One photo that cannot be analysed is that photo's result (its line names the file and the
    // reason); the others are still analysed, and exit code 1 says some had problems.
    int exitCode = kExitOk;
    for (const QString& path : images) {
        auto analysis = (*pipeline)->analyzeFile(path, *options);
        if (!analysis) {
            exitCode = kExitInputProblem;
            if (json) printJson(FaceJson::error(path, analysis.error()));
            else printError(analysis.errorMessage());
            continue;
        }
        if (json) {
            printJson(FaceJson::photo(*analysis, withDescriptors));
            continue;
        }
        const LoadedImage& src = analysis->source;
        printLine(QStringLiteral("%1: %2 face%3  (%4 %5x%6, sha256 %7, faces from %8 px)")
                      .arg(path).arg(analysis->faces.size())
                      .arg(analysis->faces.size() == 1 ? QString() : QStringLiteral("s"))
                      .arg(src.format).arg(src.image.width()).arg(src.image.height())
                      .arg(src.sha256.left(16) + QStringLiteral("…"))
                      .arg(analysis->effectiveMinFaceSize, 0, 'f', 0));
        for (const DetectedFace& face : analysis->faces) printLine(describeFace(face));
    }
    return exitCode;
}

}  // namespace facecase::cli
