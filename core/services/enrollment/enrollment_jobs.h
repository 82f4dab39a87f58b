#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "store/database_connection.h"
#include "store/enrollment_item.h"
#include "store/enrollment_job.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase {

// Reading enrollment jobs and their per-file items: `facecase-cli job list | report`, the end
// of `facecase-cli enroll`, and the Galleries dialog's table of files needing attention. One
// place decides which statuses are "problems" and whether a job recorded as running is alive.
// Read-only. Uses the calling thread's connection, which must outlive it; not thread-safe.
class EnrollmentJobs {
public:
    // Which items of a job a report lists.
    enum class Items {
        Problems,               // no face, several faces, unreadable, failed
        ProblemsAndDuplicates,  // and the photos already in the gallery
        All,                    // every file, the cleanly enrolled ones included
    };

    explicit EnrollmentJobs(const DatabaseConnection& connection) : m_connection(connection) {}

    // Newest first, with item counts: every gallery's, or only gallery `galleryName`'s
    // (NotFound names the galleries there are).
    Result<std::vector<EnrollmentJob>> list(
        const std::optional<QString>& galleryName = std::nullopt) const;
    Result<EnrollmentJob> find(qint64 jobId) const;  // NotFound names the id
    // By status, then path.
    Result<std::vector<EnrollmentItem>> items(qint64 jobId, Items which) const;
    Result<std::vector<EnrollmentItem>> problems(qint64 jobId) const {
        return items(jobId, Items::Problems);
    }

    // The statuses `which` lists; empty for All.
    static std::vector<EnrollmentItem::Status> statuses(Items which);
    // Whether a live process is enrolling the job now: recorded as running and its gallery's
    // lock held. A job recorded as running without the lock lost its process (crash, kill).
    static bool isActive(const Workspace& workspace, const EnrollmentJob& job);

private:
    const DatabaseConnection& m_connection;
};

}  // namespace facecase
