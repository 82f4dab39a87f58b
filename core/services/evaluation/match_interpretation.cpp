#include "services/evaluation/match_interpretation.h"

#include <cmath>

namespace facecase {

MatchInterpretation::Verdict MatchInterpretation::verdictFor(double distance) {
    if (std::abs(distance - kSamePersonThreshold) < kUncertainMargin) return Verdict::Uncertain;
    return distance < kSamePersonThreshold ? Verdict::ConsistentWithSame : Verdict::ConsistentWithDifferent;
}

QString MatchInterpretation::verdictName(Verdict verdict) {
    switch (verdict) {
        case Verdict::ConsistentWithSame: return QStringLiteral("same");
        case Verdict::Uncertain: return QStringLiteral("uncertain");
        case Verdict::ConsistentWithDifferent: return QStringLiteral("different");
    }
    return {};
}

QString MatchInterpretation::describe(double distance) {
    const QString d = QString::number(distance, 'f', 3);
    const QString t = QString::number(kSamePersonThreshold, 'f', 2);
    switch (verdictFor(distance)) {
        case Verdict::ConsistentWithSame:
            return QStringLiteral("distance %1 is below the %2 threshold: consistent with the same "
                                  "person. This is an investigative lead, not an identification; "
                                  "a trained examiner must compare the faces.").arg(d, t);
        case Verdict::Uncertain:
            return QStringLiteral("distance %1 is within %3 of the %2 threshold: inconclusive.")
                .arg(d, t, QString::number(kUncertainMargin, 'f', 2));
        case Verdict::ConsistentWithDifferent:
            return QStringLiteral("distance %1 is above the %2 threshold: consistent with different "
                                  "people.").arg(d, t);
    }
    return {};
}

}  // namespace facecase
