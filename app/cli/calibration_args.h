#pragma once

#include <QCommandLineParser>
#include <memory>

#include "matching/score_calibration.h"
#include "types/result.h"

namespace facecase::cli {

// --calibration FILE, for the commands that turn distances into false-match rates.
void addCalibrationOption(QCommandLineParser& parser);
// The calibration for `modelKey`: the --calibration file, else the table shipped for that model.
// Null (after a warning) when no table ships for this model: the search then shows distances
// only, and says so.
// A file made for another descriptor model is refused: its rates would be wrong. Prints errors.
Result<std::shared_ptr<const ScoreCalibration>> calibrationFor(const QCommandLineParser& parser,
                                                               const QString& modelKey);

}  // namespace facecase::cli
