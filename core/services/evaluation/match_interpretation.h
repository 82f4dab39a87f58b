#pragma once

#include <QString>

namespace facecase {

// Puts a descriptor distance into words for an analyst. A distance is evidence for a human
// examiner, never an identification: the words say so.
class MatchInterpretation {
public:
    // Distance below which two faces are called "consistent with the same person": the single
    // best threshold measured by `facecase-cli evaluate-pairs` on LFW's View 1 test pairs with
    // this build's descriptor (see docs/cli.md for the numbers behind it).
    static constexpr double kSamePersonThreshold = 0.60;
    // Within this margin of the threshold the call is too close to make.
    static constexpr double kUncertainMargin = 0.05;

    enum class Verdict { ConsistentWithSame, Uncertain, ConsistentWithDifferent };
    static Verdict verdictFor(double distance);
    static QString verdictName(Verdict verdict);  // "same", "uncertain", "different"
    static QString describe(double distance);
};

}  // namespace facecase
