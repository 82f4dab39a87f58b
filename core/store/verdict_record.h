#pragma once

#include <QDateTime>
#include <QPointF>
#include <QString>
#include <optional>
#include <vector>

#include "store/verdict_review.h"

namespace facecase {

// An analyst's verdict on one candidate of a recorded search: an `annotations` row of kind
// 'verdict' with its marks. Verdicts are appended, never edited: the current verdict of a
// candidate is its latest. Plain value.
struct VerdictRecord {
    enum class Verdict { PossibleMatch, NoMatch, Inconclusive };

    // A point an analyst put on one of the two images, with what it shows.
    struct Mark {
        enum class Side { Probe, Candidate };
        Side side = Side::Probe;
        QPointF position;  // upright image pixels of that side's photo
        QString label;     // "scar above left eyebrow"
    };

    qint64 annotationId = 0;
    qint64 caseId = 0;
    qint64 searchId = 0;
    qint64 candidateId = 0;
    int rank = 0;  // the candidate's rank in its search
    Verdict verdict = Verdict::Inconclusive;
    QString reason;  // required
    QString notes;   // optional
    QString analyst;
    QDateTime createdAt;  // UTC
    std::vector<Mark> marks;
    // Second analysts' reviews of this verdict, oldest first (only possible matches get any).
    std::vector<VerdictReview> reviews;

    // The review that decides whether this verdict stands confirmed: the latest one. A dispute
    // after a confirmation undoes it, a confirmation after a dispute settles it. None if
    // nobody reviewed it.
    const VerdictReview* decisiveReview() const {
        return reviews.empty() ? nullptr : &reviews.back();
    }

    static QString verdictName(Verdict value);  // "possible_match", "no_match", "inconclusive"
    static std::optional<Verdict> verdictFromName(const QString& name);
    static QString sideName(Mark::Side side);  // "probe", "candidate"
    static std::optional<Mark::Side> sideFromName(const QString& name);
};

}  // namespace facecase
