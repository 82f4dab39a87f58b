#include "cli/calibration_args.h"

#include "cli/cli_support.h"
#include "services/search/built_in_calibration.h"

namespace facecase::cli {

void addCalibrationOption(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("calibration"),
                      QStringLiteral("False-match-rate table made by `facecase-cli calibrate` "
                                     "(default: the table shipped for the descriptor model)."),
                      QStringLiteral("file")});
}

Result<std::shared_ptr<const ScoreCalibration>> calibrationFor(const QCommandLineParser& parser,
                                                               const QString& modelKey) {
    auto chosen = BuiltInCalibration::choose(modelKey, parser.value(QStringLiteral("calibration")));
    if (!chosen) {
        printError(chosen.errorMessage());
        return chosen.error();
    }
    if (!chosen->note.isEmpty()) printError(chosen->note);
    return chosen->table;
}

}  // namespace facecase::cli
