#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/pipeline_options_args.h"
#include "services/pipeline/batch_analyzer.h"
#include "services/evaluation/pair_evaluation.h"

#include <QJsonArray>

#include <cstdio>
#include <unistd.h>

namespace facecase::cli {

int runEvaluatePairs(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Face verification on an LFW pairs file (View 1 \"N\" header, or View 2 "
                       "\"folds N\"): accuracy with the threshold chosen by cross-validation, ROC "
                       "AUC, TAR at FAR 1e-3, best threshold, failures to detect."));
    parser.addOption({QStringLiteral("pairs"), QStringLiteral("The pairs file."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("images"), QStringLiteral("Folder with <Name>/<Name>_NNNN.jpg."), QStringLiteral("dir")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("Worker threads (default: all cores)."),
                      QStringLiteral("n"), QString::number(BatchAnalyzer::defaultThreadCount())});
    parser.addOption({QStringLiteral("folds"), QStringLiteral("Folds for View 1 files (default 10)."), QStringLiteral("n"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addPipelineOptions(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    if (!parser.isSet(QStringLiteral("pairs")) || !parser.isSet(QStringLiteral("images"))) {
        printError(QStringLiteral("evaluate-pairs needs --pairs FILE and --images DIR"));
        return kExitUsage;
    }
    auto pipeline = pipelineOptionsFrom(parser);
    const auto threads = positiveIntOption(parser, QStringLiteral("threads"));
    const auto folds = positiveIntOption(parser, QStringLiteral("folds"));
    if (!pipeline || !threads || !folds) return kExitUsage;

    PairEvaluationOptions options;
    options.pairsFile = parser.value(QStringLiteral("pairs"));
    options.imagesRoot = parser.value(QStringLiteral("images"));
    options.threads = *threads;
    options.folds = *folds;
    options.pipeline = *pipeline;
    options.pipeline.computeDescriptors = true;

    auto models = loadModels();
    if (!models) return exitCodeFor(models.error());
    const bool tty = isatty(fileno(stderr));
    auto result = PairEvaluation::run(*models, options, [tty](int done, int total) {
        if (tty && (done % 20 == 0 || done == total))
            std::fprintf(stderr, "\r  analysed %d / %d images", done, total);
        if (tty && done == total) std::fputc('\n', stderr);
    });
    if (!result) {
        printError(result.errorMessage());
        return exitCodeFor(result.error());
    }
    const VerificationReport& r = result->report;
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{
            {QStringLiteral("pairs"), r.pairs},
            {QStringLiteral("genuine_pairs"), r.genuinePairs},
            {QStringLiteral("impostor_pairs"), r.impostorPairs},
            {QStringLiteral("accuracy"), r.accuracy},
            {QStringLiteral("accuracy_std"), r.accuracyStdDev},
            {QStringLiteral("auc"), r.auc},
            {QStringLiteral("tar_at_far_1e-3"), r.tarAtFar},
            {QStringLiteral("threshold_at_far_1e-3"), r.thresholdAtFar},
            {QStringLiteral("threshold"), r.threshold},
            {QStringLiteral("accuracy_at_threshold"), r.accuracyAtThreshold},
            {QStringLiteral("fold_thresholds"), QJsonArray::fromVariantList([&] {
                 QVariantList v;
                 for (double t : r.foldThresholds) v << t;
                 return v;
             }())},
            {QStringLiteral("images"), result->images},
            {QStringLiteral("failed_to_detect"), result->imagesWithoutFace},
            {QStringLiteral("unreadable"), result->imagesUnreadable},
            {QStringLiteral("pairs_with_missing_face"), result->pairsWithMissingFace},
            {QStringLiteral("problems"), QJsonArray::fromStringList(result->problems)},
            {QStringLiteral("descriptor_mode"), options.pipeline.descriptorMode == DescriptorMode::FlipAveraged
                                                    ? QStringLiteral("flip") : QStringLiteral("plain")},
            {QStringLiteral("model"), (*models)->descriptorModelId()},
            {QStringLiteral("seconds"), result->wallSeconds},
        });
        return kExitOk;
    }
    printLine(QStringLiteral("Pairs: %1 (%2 same person, %3 different), %4 images, %5 s")
                  .arg(r.pairs).arg(r.genuinePairs).arg(r.impostorPairs).arg(result->images)
                  .arg(result->wallSeconds, 0, 'f', 1));
    printLine(QStringLiteral("Accuracy (threshold cross-validated over %1 folds): %2% ± %3")
                  .arg(r.foldThresholds.size()).arg(100 * r.accuracy, 0, 'f', 2).arg(100 * r.accuracyStdDev, 0, 'f', 2));
    printLine(QStringLiteral("ROC AUC: %1").arg(r.auc, 0, 'f', 4));
    printLine(QStringLiteral("TAR at FAR %1: %2% (threshold %3; %4 impostor pairs)")
                  .arg(r.targetFar).arg(100 * r.tarAtFar, 0, 'f', 2).arg(r.thresholdAtFar, 0, 'f', 3).arg(r.impostorPairs));
    printLine(QStringLiteral("Best single threshold: %1 (accuracy %2% on all pairs)")
                  .arg(r.threshold, 0, 'f', 3).arg(100 * r.accuracyAtThreshold, 0, 'f', 2));
    printLine(QStringLiteral("Failed to detect: %1 image(s); unreadable: %2; pairs scored as different for it: %3")
                  .arg(result->imagesWithoutFace).arg(result->imagesUnreadable).arg(result->pairsWithMissingFace));
    for (const QString& p : result->problems) printLine(QStringLiteral("  ! ") + p);
    return kExitOk;
}

}  // namespace facecase::cli
