#include "store/verdict_review.h"

namespace facecase {

QString VerdictReview::outcomeName(Outcome value) {
    return value == Outcome::Confirmed ? QStringLiteral("confirmed") : QStringLiteral("disputed");
}

std::optional<VerdictReview::Outcome> VerdictReview::outcomeFromName(const QString& name) {
    if (name == QLatin1String("confirmed")) return Outcome::Confirmed;
    if (name == QLatin1String("disputed")) return Outcome::Disputed;
    return std::nullopt;
}

}  // namespace facecase
