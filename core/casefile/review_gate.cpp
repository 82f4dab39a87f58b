#include "casefile/review_gate.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

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
}  // namespace

ReviewGate::Review ReviewGate::check(const CaseSnapshot& snapshot) {
    Review review;
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
