#include "store/verdict_record.h"

namespace facecase {

QString VerdictRecord::verdictName(Verdict value) {
    switch (value) {
        case Verdict::PossibleMatch: return QStringLiteral("possible_match");
        case Verdict::NoMatch: return QStringLiteral("no_match");
        case Verdict::Inconclusive: return QStringLiteral("inconclusive");
    }
    return QStringLiteral("inconclusive");
}

std::optional<VerdictRecord::Verdict> VerdictRecord::verdictFromName(const QString& name) {
    for (Verdict v : {Verdict::PossibleMatch, Verdict::NoMatch, Verdict::Inconclusive})
        if (verdictName(v) == name) return v;
    return std::nullopt;
}

QString VerdictRecord::sideName(Mark::Side side) {
    return side == Mark::Side::Probe ? QStringLiteral("probe") : QStringLiteral("candidate");
}

std::optional<VerdictRecord::Mark::Side> VerdictRecord::sideFromName(const QString& name) {
    if (name == QLatin1String("probe")) return Mark::Side::Probe;
    if (name == QLatin1String("candidate")) return Mark::Side::Candidate;
    return std::nullopt;
}

}  // namespace facecase
