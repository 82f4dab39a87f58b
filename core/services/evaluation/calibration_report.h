#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "matching/score_calibration.h"
#include "types/result.h"

namespace facecase {

// A score calibration together with how it was made: which photos went in, which were left out
// and why, the command and FaceCase version that produced it, and how long each part took.
// The file written by save() is a ScoreCalibration file (ScoreCalibration::load reads it) with
// one extra "details" object, so that its provenance can be checked by a machine, not only read.
// A plain value; thread-compatible.
struct CalibrationReport {
    explicit CalibrationReport(ScoreCalibration built) : calibration(std::move(built)) {}

    ScoreCalibration calibration;
    QString labeledRoot;     // as given by the caller
    QString descriptorMode;  // "flip-averaged" or "plain"
    int minFaceSize = 0;     // px, the detector's smallest face
    QString command;         // what produced it, e.g. the facecase-cli command line
    QString facecaseVersion;
    int identities = 0;      // identity folders with at least one photo
    int identitiesUsed = 0;  // ... with at least one photo that gave a descriptor
    int photos = 0;
    int photosUsed = 0;  // photos with a descriptor: every pair of these was measured
    QStringList photosWithoutDescriptor;  // "<identity>/<photo>: why", relative to labeledRoot
    int threads = 0;
    double analysisSeconds = 0;     // decode .. descriptor over every photo
    double pairSeconds = 0;         // all pair distances
    double calibrationSeconds = 0;  // sorting them into the table
    double totalSeconds = 0;

    // calibration.toJson() plus "details".
    QJsonObject toJson() const;
    // Atomic (temporary file, then rename). InvalidInput naming the path when it cannot be written.
    Result<void> save(const QString& path) const;
};

}  // namespace facecase
