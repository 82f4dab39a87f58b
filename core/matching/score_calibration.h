#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

#include "types/result.h"

namespace facecase {

// Where a calibration came from, kept with it in the JSON file and shown in reports.
struct CalibrationSource {
    QString provenance;  // free text: how the pairs were chosen and scored
    QString dataset;     // e.g. "LFW View 1 devtest"
    QString modelId;     // descriptor model, e.g. "dlib-resnet-v1/plain"
    QDateTime created;   // UTC; now() when left invalid
};

// False-match rate at a distance. `beyondData`: closer than every different-person pair
// measured, so `fmr` is only an upper bound (1 / number of impostor pairs).
struct FmrEstimate {
    double fmr = 1.0;
    bool beyondData = false;
};

// Operating point: "match" when distance < `distance` accepts at most a share `fmr` of the
// different-person pairs measured, and `genuineMatchRate` of the same-person ones (-1 without
// genuine pairs).
struct CalibrationThreshold {
    double fmr = 0;
    double distance = 0;
    double genuineMatchRate = -1;
};

// What a descriptor distance means in numbers an analyst can weigh: how often two different
// people score this close (false-match rate, from a set of different-person "impostor" pairs),
// and how many such false candidates to expect in a gallery of N.
//
// Built from raw impostor distances into a compact table (~200 points, dense where the rate is
// small) plus thresholds for FMR 1e-1 .. 1e-6 where the data reaches (n x FMR >= 1). Empirical
// FMR(d) = share of impostor pairs with distance <= d; between table points it is interpolated
// linearly in log(FMR), so it stays monotone and exact at every table point. No extrapolation:
// closer than the closest impostor pair is "beyond the data", reported as an upper bound.
// Immutable value; thread-safe; lookups O(log 200).
class ScoreCalibration {
public:
    static constexpr int kTablePoints = 200;

    // InvalidInput if there are no impostor distances or a distance is negative or not finite.
    // Cost: sorting the distances (O(n log n); 10 million in ~1 s).
    static Result<ScoreCalibration> fromImpostorDistances(std::vector<double> impostor,
                                                          std::vector<double> genuine = {},
                                                          CalibrationSource source = {});

    FmrEstimate fmrAt(double distance) const;
    // fmr x galleryFaces: the false candidates a search of that gallery should return at least
    // this close (an upper bound beyond the data).
    double expectedFalseCandidates(double distance, std::size_t galleryFaces) const;
    // In plain words: FmrWording (matching/fmr_wording.h).

    const std::vector<CalibrationThreshold>& thresholds() const { return m_thresholds; }
    std::optional<CalibrationThreshold> thresholdFor(double fmr) const;
    const std::vector<std::pair<double, double>>& table() const {
        return m_table;
    }  // (distance, FMR)
    qint64 impostorPairs() const { return m_impostorPairs; }
    qint64 genuinePairs() const { return m_genuinePairs; }
    const CalibrationSource& source() const { return m_source; }

    QJsonObject toJson() const;
    // `origin` (a file name) starts every error message.
    static Result<ScoreCalibration> fromJson(const QJsonObject& json, const QString& origin);
    Result<void> save(const QString& path) const;  // atomic (temporary file, then rename)
    static Result<ScoreCalibration> load(const QString& path);

private:
    ScoreCalibration() = default;

    std::vector<std::pair<double, double>> m_table;  // distance strictly up, FMR non-decreasing
    std::vector<CalibrationThreshold> m_thresholds;
    qint64 m_impostorPairs = 0;
    qint64 m_genuinePairs = 0;
    CalibrationSource m_source;
};

}  // namespace facecase
