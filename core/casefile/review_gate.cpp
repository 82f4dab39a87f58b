#include "casefile/review_gate.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace facecase {

namespace {
// Holds a search's stored candidate list against the list its search_run record says was shown.
void checkListIsComplete(const CaseSnapshot& snapshot, const CaseSnapshot::SearchEntry& entry,
                         std::vector<ReviewGate::Finding>& refusals) {
    const qint64 searchId = entry.search.id;
    const auto refuse = [&](int rank, const QString& what) {
        refusals.push_back({searchId, rank, what});
    };
    if (!entry.runRecordSeq) {
        refuse(0, QStringLiteral("search %1: the audit log of case %2 has no search_run record for "
                                 "it, so the candidate list shown cannot be proven")
                      .arg(searchId)
                      .arg(snapshot.theCase.caseNumber));
        return;
    }
    const QJsonArray shown = entry.runRecord.value(QStringLiteral("candidates")).toArray();
    if (qsizetype(entry.candidates.size()) != shown.size()) {
        refuse(0, QStringLiteral("search %1: %2 candidates were shown (audit record %3) but %4 are stored")
                      .arg(searchId)
                      .arg(shown.size())
                      .arg(*entry.runRecordSeq)
                      .arg(entry.candidates.size()));
        return;
    }
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const QJsonObject listed = shown[i].toObject();
        const SearchReader::Candidate& stored = entry.candidates[std::size_t(i)].candidate;
        const int rank = int(i) + 1;
        if (stored.rank != rank || listed.value(QStringLiteral("rank")).toInt() != rank ||
            listed.value(QStringLiteral("candidate_id")).toInteger() != stored.id) {
            refuse(rank, QStringLiteral("search %1 rank %2: the stored candidate (id %3, rank %4) is "
                                        "not the one shown (audit record %5 lists id %6)")
                             .arg(searchId)
                             .arg(rank)
                             .arg(stored.id)
                             .arg(stored.rank)
                             .arg(*entry.runRecordSeq)
                             .arg(listed.value(QStringLiteral("candidate_id")).toInteger()));
        }
    }
}

// The second-reviewer rule for one possible match: nothing when it stands confirmed by another
// analyst, otherwise why not, with the command that settles it.
std::optional<QString> unconfirmed(const CaseSnapshot& snapshot, qint64 searchId, int rank,
                                   const VerdictRecord& verdict) {
    const QString where = QStringLiteral("search %1 rank %2").arg(searchId).arg(rank);
    const QString howTo = QStringLiteral("another analyst reviews it (facecase-cli verdict review --case %1 "
                                         "--search %2 --rank %3 --confirm|--dispute --reason ...)")
                              .arg(snapshot.theCase.caseNumber)
                              .arg(searchId)
                              .arg(rank);
    const VerdictReview* decisive = verdict.decisiveReview();
    if (!decisive) {
        return QStringLiteral("%1: the possible-match verdict by %2 is not confirmed by a second analyst, "
                              "as the agency policy requires; %3")
            .arg(where, verdict.analyst, howTo);
    }
    // The store refuses self-review; a row written around it must not pass either.
    if (decisive->analyst.trimmed().compare(verdict.analyst.trimmed(), Qt::CaseInsensitive) == 0) {
        return QStringLiteral("%1: the possible-match verdict by %2 was reviewed by the same analyst; "
                              "the confirmation must come from another analyst: %3")
            .arg(where, verdict.analyst, howTo);
    }
    if (decisive->outcome == VerdictReview::Outcome::Disputed) {
        return QStringLiteral("%1: the possible-match verdict by %2 was disputed by %3 on %4 (%5); "
                              "settle it: change the verdict, or %6")
            .arg(where, verdict.analyst, decisive->analyst,
                 decisive->reviewedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd")), decisive->reason, howTo);
    }
    return std::nullopt;
}
}  // namespace

QStringList ReviewGate::rules(const AgencyPolicy& policy) {
    QStringList names{QStringLiteral("every_candidate_shown_is_listed"),
                      QStringLiteral("possible_match_needs_verdict_with_reason")};
    if (policy.secondReviewerRequired) names << QStringLiteral("possible_match_confirmed_by_second_analyst");
    return names;
}

ReviewGate::Review ReviewGate::check(const CaseSnapshot& snapshot, const AgencyPolicy& policy) {
    Review review;
    review.secondReviewerRequired = policy.secondReviewerRequired;
    for (const CaseSnapshot::SearchEntry& entry : snapshot.searches) {
        checkListIsComplete(snapshot, entry, review.refusals);
        for (const CaseSnapshot::CandidateEntry& c : entry.candidates) {
            switch (outcomeOf(c)) {
            case Outcome::PossibleMatch: ++review.possibleMatches; break;
            case Outcome::NoMatch: ++review.noMatches; break;
            case Outcome::Inconclusive: ++review.inconclusive; break;
            case Outcome::NotAssessed: ++review.notAssessed; break;
            }
            if (c.verdict && c.verdict->verdict == VerdictRecord::Verdict::PossibleMatch &&
                c.verdict->reason.trimmed().isEmpty()) {
                review.refusals.push_back(
                    {entry.search.id, c.candidate.rank,
                     QStringLiteral("search %1 rank %2: the possible-match verdict by %3 gives no "
                                    "reason; record it again with one (facecase-cli verdict set "
                                    "--case %4 --search %1 --rank %2 --verdict possible_match "
                                    "--reason ...)")
                         .arg(entry.search.id)
                         .arg(c.candidate.rank)
                         .arg(c.verdict->analyst, snapshot.theCase.caseNumber)});
            }
            if (outcomeOf(c) != Outcome::PossibleMatch) continue;
            const auto why = unconfirmed(snapshot, entry.search.id, c.candidate.rank, *c.verdict);
            if (!why) {
                ++review.confirmedBySecondAnalyst;
            } else if (policy.secondReviewerRequired) {
                review.refusals.push_back({entry.search.id, c.candidate.rank, *why});
            }
        }
    }
    return review;
}

QString ReviewGate::Review::refusalMessage() const {
    QStringList parts;
    for (const Finding& f : refusals) parts << f.message;
    return QStringLiteral("export refused by the review gate: ") + parts.join(QStringLiteral("; "));
}

ReviewGate::Outcome ReviewGate::outcomeOf(const CaseSnapshot::CandidateEntry& candidate) {
    if (!candidate.verdict) return Outcome::NotAssessed;
    switch (candidate.verdict->verdict) {
    case VerdictRecord::Verdict::PossibleMatch: return Outcome::PossibleMatch;
    case VerdictRecord::Verdict::NoMatch: return Outcome::NoMatch;
    case VerdictRecord::Verdict::Inconclusive: return Outcome::Inconclusive;
    }
    return Outcome::NotAssessed;
}

QString ReviewGate::outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::PossibleMatch: return QStringLiteral("possible_match");
    case Outcome::NoMatch: return QStringLiteral("no_match");
    case Outcome::Inconclusive: return QStringLiteral("inconclusive");
    case Outcome::NotAssessed: return QStringLiteral("not_assessed");
    }
    return QStringLiteral("not_assessed");
}

}  // namespace facecase
