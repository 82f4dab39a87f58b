#pragma once

#include <QString>
#include <QStringList>
#include <memory>

#include "matching/score_calibration.h"
#include "types/result.h"

namespace facecase {

// THE score calibration of a descriptor model: the tables shipped in resources/calibration/
// (made by `facecase-cli calibrate` on LFW dev-test, one per descriptor model key, each stating
// its provenance) and compiled into core as Qt resources, or a user's own calibration file.
// The shipped tables are parsed once, on first use (~1 ms); thread-safe.
class BuiltInCalibration {
public:
    // Where the tables live in the resource system.
    static QString resourceDirectory() { return QStringLiteral(":/facecase/calibration"); }

    // The table shipped for `modelKey` (DescriptorModelKey::of). NotFound naming the models
    // there are tables for; Internal if a shipped file is unreadable (a broken build).
    static Result<ScoreCalibration> forModel(const QString& modelKey);

    // The model keys with a shipped table, sorted.
    static QStringList models();

    // A calibration file the user supplied (e.g. `search --calibration FILE`). Refused
    // (InvalidInput) when it was made for another descriptor model than `modelKey`: its rates
    // would describe other distances.
    static Result<ScoreCalibration> fromFile(const QString& path, const QString& modelKey);

    // fromFile(path) when `path` is not empty, else forModel(modelKey).
    static Result<ScoreCalibration> select(const QString& modelKey, const QString& path = {});

    // The calibration a search uses, chosen one way for the app and the CLI: the user's file
    // when `path` is given (a bad file is an error), else the shipped table. No shipped table
    // for these weights is not an error: distances stay right, the table is null and `note`
    // says why no false-match rates are shown.
    struct Choice {
        std::shared_ptr<const ScoreCalibration> table;
        QString note;
    };
    static Result<Choice> choose(const QString& modelKey, const QString& path = {});
};

}  // namespace facecase
