#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace facecase {

// A second analyst's review of a possible-match verdict (schema 4, `verdict_reviews`): confirmed
// or disputed, with the reason. Reviews belong to one verdict (annotation row): a later verdict
// on the same candidate starts without any, so a changed verdict is reviewed afresh. Appended,
// never edited. Plain value.
struct VerdictReview {
    enum class Outcome { Confirmed, Disputed };

    qint64 id = 0;
    qint64 annotationId = 0;  // the verdict reviewed
    Outcome outcome = Outcome::Disputed;
    QString reason;   // required
    QString analyst;  // never the verdict's analyst (the store and a trigger refuse it)
    QDateTime reviewedAt;  // UTC

    static QString outcomeName(Outcome value);  // "confirmed", "disputed"
    static std::optional<Outcome> outcomeFromName(const QString& name);
};

}  // namespace facecase
