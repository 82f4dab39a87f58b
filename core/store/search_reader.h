#pragma once

#include <vector>

#include "store/database_connection.h"
#include "store/recorded_search.h"
#include "types/result.h"

namespace facecase {

// Reads recorded searches and their candidate lists back, for the case view, `case show` and
// exports. Read-only; uses the calling thread's connection; not thread-safe. Keeps a reference
// to `connection`, which must outlive it.
class SearchReader {
public:
    using Search = RecordedSearch;
    using Candidate = RecordedCandidate;

    explicit SearchReader(const DatabaseConnection& connection) : m_connection(connection) {}

    Result<std::vector<Search>> searchesOfCase(qint64 caseId) const;  // oldest first
    Result<Search> findSearch(qint64 searchId) const;                 // NotFound names the id
    Result<std::vector<Candidate>> candidatesOf(qint64 searchId) const;  // in rank order

private:
    Result<std::vector<Search>> select(const QString& where, qint64 value) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
