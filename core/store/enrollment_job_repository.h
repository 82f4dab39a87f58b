#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

#include "store/database_connection.h"
#include "store/enrollment_job.h"
#include "store/enrollment_job_audit.h"
#include "types/result.h"

namespace facecase {

// Enrollment jobs: create one per run, find the unfinished one to resume, finish, list.
// A job is identified for resuming by (gallery, source): the newest job of that pair that is
// not completed. Uses the calling thread's connection (not thread-safe); each call is its own
// statement or transaction. Listing counts the items of every listed job (one indexed pass).
// Every change that starts or ends a job writes its audit record (EnrollmentJobAudit) in the
// same transaction as the job row change, on behalf of `actor`.
// Keeps a reference to `connection`, which must outlive it.
class EnrollmentJobRepository {
public:
    explicit EnrollmentJobRepository(const DatabaseConnection& connection)
        : m_connection(connection) {}

    Result<EnrollmentJob> create(qint64 galleryId, const QString& source,
                                 const QJsonObject& options, const QString& actor,
                                 const EnrollmentStart& start = {});
    // The newest job of (gallery, source) unless it completed; nullopt when there is none.
    Result<std::optional<EnrollmentJob>> findResumable(qint64 galleryId, const QString& source) const;
    // Marks the gallery's jobs still recorded as running (their process died) as interrupted.
    // Call only while holding the gallery's enrollment lock. Returns how many were changed.
    // Each gets its `enrollment_finished` record (status "interrupted") written by `actor`.
    Result<int> interruptRunning(qint64 galleryId, const QString& actor);
    // Back to running, with the options of the new run.
    Result<void> resume(qint64 jobId, const QJsonObject& options, const QString& actor,
                        const EnrollmentStart& start = {});
    // Returns the job as stored afterwards, with its item counts.
    Result<EnrollmentJob> finish(qint64 jobId, EnrollmentJob::Status status, const QString& actor);

    Result<EnrollmentJob> find(qint64 jobId) const;  // NotFound names the id
    // Newest first; all galleries when `galleryId` is nullopt.
    Result<std::vector<EnrollmentJob>> list(std::optional<qint64> galleryId = std::nullopt) const;

private:
    Result<std::vector<EnrollmentJob>> select(const QString& where, const QVariantList& values) const;

    const DatabaseConnection& m_connection;
};

}  // namespace facecase
