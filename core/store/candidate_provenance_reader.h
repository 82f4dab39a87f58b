#pragma once

#include <vector>

#include "store/candidate_provenance.h"
#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// Looks up the provenance of search hits: face -> image -> subject and enrollment job, in one
// indexed query per call (k is at most a few hundred; one `IN (...)` list). Uses the calling
// thread's connection, which must outlive the reader.
class CandidateProvenanceReader {
public:
    explicit CandidateProvenanceReader(const DatabaseConnection& connection)
        : m_connection(connection) {}

    // One entry per id, in the order given. A face deleted since the index was built is NotFound
    // naming it: the caller's index is stale and must be reloaded.
    Result<std::vector<CandidateProvenance>> read(const std::vector<qint64>& faceIds) const;

private:
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
