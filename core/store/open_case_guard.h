#pragma once

#include <QString>

#include "store/case_record.h"
#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// The one rule every change to a case's content obeys: probes, searches and verdicts are added
// only while the case is open. A closed case is a finished record; changing it needs the
// explicit, audited step of reopening it. Called inside the caller's write transaction so that
// a concurrent close cannot slip in between the check and the change.
class OpenCaseGuard {
public:
    // The case, or InvalidInput naming the case number and saying how to reopen it, e.g.
    // `case "2024-17" is closed: reopen it (facecase-cli case reopen 2024-17) to add a probe`.
    // `action` completes "to ...". A purged case: CaseRecord::purgedNotice(). NotFound for an
    // unknown id.
    static Result<CaseRecord> require(const DatabaseConnection& connection, qint64 caseId,
                                      const QString& action);
};

}  // namespace facecase
