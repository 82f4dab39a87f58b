#include "services/casework/case_overview.h"

#include "audit/audit_trail.h"
#include "store/case_repository.h"
#include "store/probe_repository.h"
#include "store/transaction.h"
#include "store/verdict_repository.h"

#include <map>

namespace facecase {

Result<CaseOverview::Contents> CaseOverview::read(const QString& caseNumber) const {
    // One snapshot: a search recorded or a verdict set meanwhile shows whole or not at all.
    auto snapshot = Transaction::begin(m_connection, Transaction::Kind::Read);
    if (!snapshot) return snapshot.error();
    auto theCase = CaseRepository(m_connection).findByNumber(caseNumber);
    if (!theCase) return theCase.error();
    auto probes = ProbeRepository(m_connection).listForCase(theCase->id);
    if (!probes) return probes.error();
    const SearchReader reader(m_connection);
    auto searches = reader.searchesOfCase(theCase->id);
    if (!searches) return searches.error();

    Contents contents{std::move(theCase).value(), std::move(probes).value(), {}};
    const VerdictRepository verdicts(m_connection);
    for (Search& search : *searches) {
        auto candidates = reader.candidatesOf(search.id);
        if (!candidates) return candidates.error();
        auto current = verdicts.currentVerdicts(search.id);
        if (!current) return current.error();
        std::map<qint64, VerdictRecord> verdictOf;  // candidate id -> its latest verdict
        for (VerdictRecord& v : *current) verdictOf.emplace(v.candidateId, std::move(v));
        SearchRows rows{std::move(search), {}};
        for (Candidate& c : *candidates) {
            const auto it = verdictOf.find(c.id);
            rows.candidates.push_back(
                {std::move(c), it == verdictOf.end() ? std::nullopt : std::optional(it->second)});
        }
        contents.searches.push_back(std::move(rows));
    }
    if (auto done = snapshot->commit(); !done) return done.error();
    return contents;
}

Result<CaseOverview::CandidateTarget> CaseOverview::findCandidate(const QString& caseNumber,
                                                                  qint64 searchId, int rank) const {
    auto theCase = CaseRepository(m_connection).findByNumber(caseNumber);
    if (!theCase) return theCase.error();
    const SearchReader reader(m_connection);
    auto search = reader.findSearch(searchId);
    if (!search) return search.error();
    if (search->caseId != theCase->id) {
        return Error::invalidInput(QStringLiteral("search %1 is not a search of case \"%2\" "
                                                  "(see facecase-cli case show %2)")
                                       .arg(searchId)
                                       .arg(theCase->caseNumber));
    }
    auto candidates = reader.candidatesOf(searchId);
    if (!candidates) return candidates.error();
    for (const Candidate& c : *candidates)
        if (c.rank == rank) return CandidateTarget{*theCase, c.id};
    return Error::invalidInput(QStringLiteral("search %1 of case \"%2\" has %3 candidate(s), no rank %4")
                                   .arg(searchId)
                                   .arg(theCase->caseNumber)
                                   .arg(candidates->size())
                                   .arg(rank));
}

Result<CaseOverview::Current> CaseOverview::current(qint64 caseId, qint64 searchId) const {
    auto snapshot = Transaction::begin(m_connection, Transaction::Kind::Read);
    if (!snapshot) return snapshot.error();
    auto theCase = CaseRepository(m_connection).findById(caseId);
    if (!theCase) return theCase.error();
    Current current{std::move(theCase).value(), {}};
    if (searchId > 0) {
        auto verdicts = VerdictRepository(m_connection).currentVerdicts(searchId);
        if (!verdicts) return verdicts.error();
        for (VerdictRecord& v : *verdicts) {
            if (v.caseId == caseId) current.verdicts.push_back(std::move(v));
        }
    }
    if (auto done = snapshot->commit(); !done) return done.error();
    return current;
}

Result<qint64> CaseOverview::changeSequence(qint64 caseId) const {
    return AuditTrail(m_connection).lastSeq(caseId);
}

}  // namespace facecase
