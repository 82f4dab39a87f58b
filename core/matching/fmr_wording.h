#pragma once

#include <QCoreApplication>
#include <QString>
#include <cstddef>
#include <optional>

#include "matching/score_calibration.h"

namespace facecase {

// A calibrated score in plain words: the one wording of match strength that the app's cards,
// the CLI's tables and the PDF report all print, so the three never disagree. Rates keep two significant
// digits because they are estimates; an upper bound ("beyond the data") is rounded so that the
// sentence stays true ("fewer than 1 in 120,000" for a bound of 1 in 123,456).
class FmrWording {
    Q_DECLARE_TR_FUNCTIONS(FmrWording)

public:
    // "1 in 40,000 different people score this close", "12% of different people score this
    // close", "Fewer than 1 in 120,000 different people score this close"; without a calibration
    // "Not calibrated: the distance alone".
    static QString rate(const std::optional<FmrEstimate>& fmr);
    // Just the ratio for tight spaces: "1 in 40,000", "12%", "< 1 in 120,000"; "—" without one.
    static QString shortRate(const std::optional<FmrEstimate>& fmr);
    // "In a gallery of 300,000 expect ~7.5 false candidates this close" (or "fewer than 7.5" for
    // an upper bound); empty when `expected` is negative (no calibration).
    static QString expected(double expected, std::size_t gallerySize, bool upperBound);
    // "~7.5 expected by chance in 300,000" for a card.
    static QString shortExpected(double expected, std::size_t gallerySize, bool upperBound);

    static QString grouped(double value, int decimals = 0);  // "40,000" in any locale
    static QString approximately(double value);              // two significant digits
};

}  // namespace facecase
