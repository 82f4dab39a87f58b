#include "services/enrollment/enrollment_jobs.h"

#include "services/enrollment/gallery_catalog.h"
#include "services/enrollment/gallery_lock.h"
#include "store/enrollment_item_repository.h"
#include "store/enrollment_job_repository.h"

namespace facecase {

Result<std::vector<EnrollmentJob>> EnrollmentJobs::list(
    const std::optional<QString>& galleryName) const {
    std::optional<qint64> galleryId;
    if (galleryName) {
        auto gallery = GalleryCatalog(m_connection).findByName(*galleryName);
        if (!gallery) return gallery.error();
        galleryId = gallery->id;
    }
    return EnrollmentJobRepository(m_connection).list(galleryId);
}

Result<EnrollmentJob> EnrollmentJobs::find(qint64 jobId) const {
    return EnrollmentJobRepository(m_connection).find(jobId);
}

Result<std::vector<EnrollmentItem>> EnrollmentJobs::items(qint64 jobId, Items which) const {
    return EnrollmentItemRepository(m_connection).list(jobId, statuses(which));
}

std::vector<EnrollmentItem::Status> EnrollmentJobs::statuses(Items which) {
    std::vector<EnrollmentItem::Status> statuses;
    if (which == Items::All) return statuses;  // the repository's "no filter"
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        const auto status = static_cast<EnrollmentItem::Status>(i);
        if (EnrollmentItem::isProblem(status) || (status == EnrollmentItem::Status::Duplicate &&
                                                  which == Items::ProblemsAndDuplicates)) {
            statuses.push_back(status);
        }
    }
    return statuses;
}

bool EnrollmentJobs::isActive(const Workspace& workspace, const EnrollmentJob& job) {
    return job.status == EnrollmentJob::Status::Running &&
           GalleryLock::isHeld(workspace, job.galleryId);
}

}  // namespace facecase
