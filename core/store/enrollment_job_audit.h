#pragma once

#include <QString>

#include "store/database_connection.h"
#include "store/enrollment_job.h"
#include "store/transaction.h"
#include "types/result.h"

namespace facecase {

// What an enrollment run states about itself when it starts, beyond its job row. Plain value.
struct EnrollmentStart {
    QString manifestSha256;       // of the manifest file's bytes; empty for a folder
    bool galleryCreated = false;  // the run created the gallery it enrolls into
};

// The audit records of enrollment jobs (docs/audit.md): `enrollment_started` when a job row is
// created or a job resumed, `enrollment_finished` when its status becomes final (completed,
// cancelled, failed, or interrupted for a run whose process died). Enrolling puts people's faces
// into a searchable gallery, so each run must be on the record with its source and what came of
// it. EnrollmentJobRepository calls these inside the transaction that changes the job row.
//
// Uses `connection` (the transaction's), not thread-safe. Costs two indexed counts at the finish.
class EnrollmentJobAudit {
public:
    static Result<void> recordStarted(const DatabaseConnection& connection,
                                      const Transaction& transaction, const EnrollmentJob& job,
                                      const QString& actor, const EnrollmentStart& start,
                                      bool resumed);
    // `job` as stored after the status change, with its item counts.
    static Result<void> recordFinished(const DatabaseConnection& connection,
                                       const Transaction& transaction, const EnrollmentJob& job,
                                       const QString& actor);
};

}  // namespace facecase
