#include "cli/calibration_args.h"

#include "cli/cli_support.h"
#include "services/built_in_calibration.h"

namespace facecase::cli {

void addCalibrationOption(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("calibration"),
                      QStringLiteral("False-match-rate table made by `facecase-cli calibrate` "
                                     "(default: the table shipped for the descriptor model)."),
                      QStringLiteral("file")});
}

Result<std::shared_ptr<const ScoreCalibration>> calibrationFor(const QCommandLineParser& parser,
                                                               const QString& modelKey) {
    const bool fromFile = parser.isSet(QStringLiteral("calibration"));
    auto selected = BuiltInCalibration::select(modelKey, parser.value(QStringLiteral("calibration")));
    if (!selected) {
        // No shipped table for these weights is not fatal: distances are still right, and the
        // output says that no rates are available. A bad --calibration file is the user's error.
        if (!fromFile && selected.error().kind == Error::Kind::NotFound) {
            printError(selected.errorMessage());
            return std::shared_ptr<const ScoreCalibration>{};
        }
        printError(selected.errorMessage());
        return selected.error();
    }
    return std::make_shared<const ScoreCalibration>(std::move(selected).value());
}

}  // namespace facecase::cli
