#include "services/evaluation/calibration_builder.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLocale>
#include <set>

#include "services/pipeline/descriptor_model_key.h"
#include "services/evaluation/labeled_pair_distances.h"

namespace facecase {

namespace {

// Counts in the provenance text with thousands separators, whatever the user's locale.
QString grouped(qint64 value) {
    return QLocale(QLocale::English).toString(value);
}

QString modeName(DescriptorMode mode) {
    return mode == DescriptorMode::FlipAveraged ? QStringLiteral("flip-averaged")
                                                : QStringLiteral("plain");
}

// Problem lines name photos by absolute path; the file keeps them relative to the set, so that
// a shipped table does not carry the paths of the machine that made it.
QStringList relativeProblems(const QStringList& problems, const QString& root) {
    const QString prefix = QDir(root).absolutePath() + QLatin1Char('/');
    QStringList out;
    for (QString line : problems) out << line.replace(prefix, QString());
    return out;
}

}  // namespace

Result<CalibrationReport> CalibrationBuilder::run(std::shared_ptr<const FaceModels> models,
                                                  const CalibrationBuildOptions& options,
                                                  const Progress& progress,
                                                  const std::atomic_bool* cancel) {
    if (!models) return Error::model(QStringLiteral("calibration needs the face models"));
    const QString modelKey = DescriptorModelKey::of(*models, options.pipeline.descriptorMode);
    auto descriptors = LabeledDescriptorExtractor::run(
        std::move(models), options.labeledRoot, options.pipeline, options.threads,
        [&](int done, int total) {
            if (progress) progress(Stage::AnalysingPhotos, done, total);
        },
        cancel);
    if (!descriptors) return descriptors.error();
    return fromDescriptors(*descriptors, modelKey, options, progress, cancel);
}

Result<CalibrationReport> CalibrationBuilder::fromDescriptors(
    const LabeledDescriptors& descriptors, const QString& modelKey,
    const CalibrationBuildOptions& options, const Progress& progress,
    const std::atomic_bool* cancel) {
    QElapsedTimer clock;
    clock.start();
    std::vector<Descriptor> rows;
    std::vector<int> identities;
    std::set<int> identitiesUsed;
    for (const LabeledDescriptors::Photo& photo : descriptors.photos) {
        if (!photo.descriptor) continue;
        rows.push_back(*photo.descriptor);
        identities.push_back(photo.identity);
        identitiesUsed.insert(photo.identity);
    }
    if (identitiesUsed.size() < 2)
        return Error::invalidInput(
            QStringLiteral("%1: a calibration needs photos of at least two people with a face "
                           "found; faces were found for %2 of %3 identities (%4 of %5 photos)")
                .arg(options.labeledRoot)
                .arg(identitiesUsed.size())
                .arg(descriptors.identities.size())
                .arg(rows.size())
                .arg(descriptors.photos.size()));

    auto pairs = LabeledPairDistances::compute(
        rows, identities, std::max(1, options.threads),
        [&](qint64 done, qint64 total) {
            if (progress) progress(Stage::MeasuringPairs, done, total);
        },
        cancel);
    if (!pairs) return pairs.error();
    const double pairSeconds = double(clock.nsecsElapsed()) / 1e9;
    const auto impostorCount = qint64(pairs->impostor.size());
    const auto genuineCount = qint64(pairs->genuine.size());

    const QString mode = modeName(options.pipeline.descriptorMode);
    const QString version = QStringLiteral(FACECASE_VERSION);
    CalibrationSource source;
    source.modelId = modelKey;
    source.dataset = options.dataset.isEmpty() ? options.labeledRoot : options.dataset;
    source.provenance =
        QStringLiteral(
            "Every pair of the %1 photos (of %2, %3 identity folders) in %4 where a face was "
            "found: %5 different-person (impostor) pairs give the false-match rates, %6 "
            "same-person (genuine) pairs the match rates. One descriptor per photo (the face "
            "nearest its centre), %7, smallest face %8 px; Euclidean distance computed as a "
            "gallery search computes it. ")
            .arg(grouped(qint64(rows.size())), grouped(qint64(descriptors.photos.size())),
                 grouped(qint64(descriptors.identities.size())), options.labeledRoot,
                 grouped(impostorCount), grouped(genuineCount), mode)
            .arg(options.pipeline.detection.minFaceSize) +
        (options.command.isEmpty()
             ? QStringLiteral("Made by FaceCase %1.").arg(version)
             : QStringLiteral("Made by `%1` (FaceCase %2).").arg(options.command, version));

    clock.restart();
    auto calibration = ScoreCalibration::fromImpostorDistances(
        std::move(pairs->impostor), std::move(pairs->genuine), std::move(source));
    if (!calibration) return calibration.error();

    CalibrationReport report(std::move(calibration).value());
    report.labeledRoot = options.labeledRoot;
    report.descriptorMode = mode;
    report.minFaceSize = options.pipeline.detection.minFaceSize;
    report.command = options.command;
    report.facecaseVersion = version;
    report.identities = int(descriptors.identities.size());
    report.identitiesUsed = int(identitiesUsed.size());
    report.photos = int(descriptors.photos.size());
    report.photosUsed = int(rows.size());
    report.photosWithoutDescriptor = relativeProblems(descriptors.problems, options.labeledRoot);
    report.threads = std::max(1, options.threads);
    report.analysisSeconds = descriptors.wallSeconds;
    report.pairSeconds = pairSeconds;
    report.calibrationSeconds = double(clock.nsecsElapsed()) / 1e9;
    report.totalSeconds = report.analysisSeconds + report.pairSeconds + report.calibrationSeconds;
    return report;
}

}  // namespace facecase
