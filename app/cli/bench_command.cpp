#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/pipeline_options_args.h"
#include "services/pipeline/batch_analyzer.h"
#include "services/bench/descriptor_benchmark.h"
#include "services/bench/pipeline_benchmark.h"

namespace facecase::cli {

namespace {
QJsonObject runJson(const PipelineBenchmarkRun& run) {
    const StageTimings& t = run.timings;
    const double perPhoto = run.photos > 0 ? 1.0 / run.photos : 0;
    const double perFace = t.faces > 0 ? 1.0 / t.faces : 0;
    return QJsonObject{
        {QStringLiteral("threads"), run.threads},
        {QStringLiteral("photos"), run.photos},
        {QStringLiteral("faces"), t.faces},
        {QStringLiteral("wall_seconds"), run.wallSeconds},
        {QStringLiteral("photos_per_second"), run.photosPerSecond},
        {QStringLiteral("ms_per_photo"), QJsonObject{
             {QStringLiteral("decode"), t.decodeMs * perPhoto},
             {QStringLiteral("detect"), t.detectMs * perPhoto},
             {QStringLiteral("total"), t.totalMs() * perPhoto}}},
        {QStringLiteral("ms_per_face"), QJsonObject{
             {QStringLiteral("landmarks"), t.landmarksMs * perFace},
             {QStringLiteral("align"), t.alignMs * perFace},
             {QStringLiteral("quality"), t.qualityMs * perFace},
             {QStringLiteral("descriptor"), t.descriptorMs * perFace}}},
    };
}

void printRun(const QString& title, const PipelineBenchmarkRun& run) {
    const StageTimings& t = run.timings;
    const double n = std::max(1, run.photos);
    const double f = std::max(1, t.faces);
    printLine(QStringLiteral("%1: %2 photos, %3 faces in %4 s = %5 photos/s")
                  .arg(title).arg(run.photos).arg(t.faces).arg(run.wallSeconds, 0, 'f', 2)
                  .arg(run.photosPerSecond, 0, 'f', 1));
    printLine(QStringLiteral("  per photo: decode %1 ms, detect %2 ms, all stages %3 ms (CPU time summed over threads)")
                  .arg(t.decodeMs / n, 0, 'f', 2).arg(t.detectMs / n, 0, 'f', 2).arg(t.totalMs() / n, 0, 'f', 2));
    printLine(QStringLiteral("  per face: landmarks %1 ms, align %2 ms, quality %3 ms, descriptor %4 ms")
                  .arg(t.landmarksMs / f, 0, 'f', 2).arg(t.alignMs / f, 0, 'f', 2)
                  .arg(t.qualityMs / f, 0, 'f', 2).arg(t.descriptorMs / f, 0, 'f', 2));
}

int runBenchPipeline(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Time the whole pipeline (decode, detect, landmarks, align, quality, "
                       "descriptor) over the photos on 1 thread, then on N threads."));
    parser.addPositionalArgument(QStringLiteral("images"), QStringLiteral("Photos to run."), QStringLiteral("IMAGE..."));
    parser.addOption({QStringLiteral("threads"), QStringLiteral("Threads for the parallel run (default: all cores)."),
                      QStringLiteral("n"), QString::number(BatchAnalyzer::defaultThreadCount())});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Run the photo list this many times (default 10)."),
                      QStringLiteral("n"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout.")});
    addPipelineOptions(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const QStringList photos = parser.positionalArguments();
    if (photos.isEmpty()) {
        printError(QStringLiteral("bench pipeline needs at least one IMAGE"));
        return kExitUsage;
    }
    auto options = pipelineOptionsFrom(parser);
    const auto threads = positiveIntOption(parser, QStringLiteral("threads"));
    const auto repeat = positiveIntOption(parser, QStringLiteral("repeat"));
    if (!options || !threads || !repeat) return kExitUsage;

    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());
    auto result = PipelineBenchmark::run(*models, photos, *repeat, *threads, *options);
    if (!result) {
        printError(result.errorMessage());
        return exitCodeFor(result.error());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("single"), runJson(result->single)},
                              {QStringLiteral("parallel"), runJson(result->parallel)},
                              {QStringLiteral("speedup"), result->speedup},
                              {QStringLiteral("descriptor_ms_per_chip"), result->descriptorMsPerChip},
                              {QStringLiteral("min_face_px"), options->detection.minFaceSize},
                              {QStringLiteral("failures"), result->failures}});
    } else {
        printRun(QStringLiteral("1 thread"), result->single);
        printRun(QStringLiteral("%1 threads").arg(result->parallel.threads), result->parallel);
        printLine(QStringLiteral("Speed-up: %1x; descriptor %2 ms per chip on one thread; min face %3 px")
                      .arg(result->speedup, 0, 'f', 2).arg(result->descriptorMsPerChip, 0, 'f', 2)
                      .arg(options->detection.minFaceSize));
        for (const QString& p : result->problems) printLine(QStringLiteral("  ! ") + p);
    }
    return result->failures > 0 ? kExitInputProblem : kExitOk;
}
int runBenchDescriptor(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Time the descriptor network alone on one thread, over the aligned faces of "
                       "the photos: single chips (plain and flip-averaged) and batches of 16."));
    parser.addPositionalArgument(QStringLiteral("images"), QStringLiteral("Photos with faces."), QStringLiteral("IMAGE..."));
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Passes over the chips (default 20)."),
                      QStringLiteral("n"), QStringLiteral("20")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout.")});
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const QStringList photos = parser.positionalArguments();
    const auto repeat = positiveIntOption(parser, QStringLiteral("repeat"));
    if (photos.isEmpty() || !repeat) {
        if (photos.isEmpty()) printError(QStringLiteral("bench descriptor needs at least one IMAGE"));
        return kExitUsage;
    }
    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());
    auto result = DescriptorBenchmark::run(*models, photos, *repeat);
    if (!result) {
        printError(result.errorMessage());
        return exitCodeFor(result.error());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("chips"), result->chips},
                              {QStringLiteral("passes"), result->passes},
                              {QStringLiteral("plain_ms_per_chip"), result->plainMsPerChip},
                              {QStringLiteral("flip_ms_per_chip"), result->flipMsPerChip},
                              {QStringLiteral("batch16_ms_per_chip"), result->batchMsPerChip}});
    } else {
        printLine(QStringLiteral("%1 chips x %2 passes, one thread: plain %3 ms/chip, flip-averaged %4 ms/chip, "
                                 "batches of 16 %5 ms/chip")
                      .arg(result->chips).arg(*repeat).arg(result->plainMsPerChip, 0, 'f', 2)
                      .arg(result->flipMsPerChip, 0, 'f', 2).arg(result->batchMsPerChip, 0, 'f', 2));
    }
    return kExitOk;
}
}  // namespace

int runBench(const QStringList& args) {
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QLatin1String("pipeline")) return runBenchPipeline(args.mid(1));
    if (what == QLatin1String("descriptor")) return runBenchDescriptor(args.mid(1));
    if (what == QLatin1String("enroll")) return runBenchEnroll(args.mid(1));
    if (what == QLatin1String("search")) return runBenchSearch(args.mid(1));
    if (what == QLatin1String("gallery-search")) return runBenchGallerySearch(args.mid(1));
    if (what == QLatin1String("index-update")) return runBenchIndexUpdate(args.mid(1));
    printError(QStringLiteral("bench what? Known benchmarks: pipeline, descriptor, enroll, search, "
                              "gallery-search, index-update"));
    return kExitUsage;
}

}  // namespace facecase::cli
