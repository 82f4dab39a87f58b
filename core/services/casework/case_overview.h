#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "store/case_record.h"
#include "store/database_connection.h"
#include "store/probe_record.h"
#include "store/search_reader.h"
#include "store/verdict_record.h"
#include "types/result.h"

namespace facecase {

// What is recorded in one case, read back for `facecase-cli case show` and for naming a
// candidate the way it lists them (case, search, rank: `facecase-cli verdict ...`): the case,
// its probes, each search with its candidates and each candidate's current verdict.
//
// Read-only: writes nothing, not even an audit record, so it needs no Actor. Uses the calling
// thread's connection; keeps a reference to it. Cost: one query per search for its candidates
// and one for its verdicts, all in one read transaction (one snapshot of the case).
class CaseOverview {
public:
    using Search = SearchReader::Search;
    using Candidate = SearchReader::Candidate;

    struct CandidateRow {
        Candidate candidate;
        std::optional<VerdictRecord> verdict;  // its latest verdict, none when not assessed
    };
    struct SearchRows {
        Search search;
        std::vector<CandidateRow> candidates;  // in rank order
    };
    struct Contents {
        CaseRecord theCase;
        std::vector<ProbeRecord> probes;   // in import order
        std::vector<SearchRows> searches;  // oldest first
    };
    // A candidate named by case number, search id and rank, checked to belong together.
    struct CandidateTarget {
        CaseRecord theCase;
        qint64 candidateId = 0;
    };

    explicit CaseOverview(const DatabaseConnection& connection) : m_connection(connection) {}

    // NotFound names the case number.
    Result<Contents> read(const QString& caseNumber) const;

    // What an open case page shows of case `caseId`, read in one snapshot: the case (status,
    // version) and the current verdict of each candidate of its search `searchId` (none for 0;
    // a search of another case reads as none). Cost: three indexed queries.
    struct Current {
        CaseRecord theCase;
        std::vector<VerdictRecord> verdicts;  // in rank order, candidates with a verdict only
    };
    Result<Current> current(qint64 caseId, qint64 searchId) const;

    // The case's change sequence: grows whenever anyone records anything in case `caseId` (a
    // verdict, a review, a probe, a search, a status change), since each writes an audit
    // record. An open case page polls it to follow other analysts' work. One index lookup.
    Result<qint64> changeSequence(qint64 caseId) const;

    // Refuses a search of another case ("search 7 is not a search of case "2024-CR-17" ...") and
    // a rank the search does not have (naming how many candidates it has).
    Result<CandidateTarget> findCandidate(const QString& caseNumber, qint64 searchId, int rank) const;

private:
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
