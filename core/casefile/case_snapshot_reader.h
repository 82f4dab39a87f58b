#pragma once

#include "casefile/case_snapshot.h"
#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// Reads a CaseSnapshot: the case, its probes, searches, candidates with their provenance and
// current verdicts, the case's audit records and the chain links from its first record to the
// head. Issues only SELECTs; the caller runs it inside its own transaction (the exporter's
// write transaction, so that the `case_exported` record follows exactly the head read here).
//
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`,
// which must outlive it. Cost: a few indexed queries per search plus one pass over the log
// from the case's first record (a workspace with 100,000 records reads in well under a second).
class CaseSnapshotReader {
public:
    explicit CaseSnapshotReader(const DatabaseConnection& connection) : m_connection(connection) {}

    Result<CaseSnapshot> read(qint64 caseId) const;

private:
    Result<void> readChain(CaseSnapshot& snapshot) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
