#pragma once

#include "services/enrollment/enrollment_options.h"
#include "services/enrollment/enrollment_progress.h"
#include "services/enrollment/enrollment_source.h"
#include "services/enrollment/enrollment_summary.h"
#include "services/pipeline/pipeline_pool.h"
#include "store/workspace.h"
#include "types/result.h"

#include <atomic>
#include <functional>
#include <memory>
#include <stop_token>

namespace facecase {

// Enrolls the photos of a folder or manifest into a gallery: the use-case behind
// `facecase-cli enroll` and the GUI's enrollment view.
//
// A staged pipeline (DESIGN.md "Threading"): one reader thread (lists, reads, hashes, skips
// what the gallery or the job already has) -> N worker threads (decode from the read bytes,
// detect / align / embed on a leased FacePipeline, mugshot policy) -> ONE writer thread that
// commits in batches. Bounded queues between the stages keep memory flat for any gallery size
// (at most ~2N files' bytes, and a few hundred face records without pixels, in flight).
//
// Resumable and idempotent: every run is a job row, every input an item row. A run into the
// same gallery from the same source resumes the newest unfinished job (crashed, killed,
// cancelled, failed): files it recorded are skipped unread, the rest are processed, and images
// are keyed by SHA-256 per gallery so nothing is stored twice. A crash or kill loses at most
// the batch in flight. One run per gallery at a time (GalleryLock). Each run is on the audit
// record: `enrollment_started` (source, manifest SHA-256) and `enrollment_finished` (status,
// counts), each committed with the job row change it describes (EnrollmentJobAudit).
//
// Thread-safety: run() blocks the calling thread (which only watches and reports progress);
// don't call it concurrently on one instance.
class Enrollment {
public:
    using ProgressHandler = std::function<void(const EnrollmentProgress&)>;

    Enrollment(std::shared_ptr<PipelinePool> pool, Workspace workspace, EnrollmentOptions options);

    // `cancel`: once its stop is requested (a Cancel button, Ctrl-C), from any thread, the run
    // stops reading at once, lets the workers finish the photo in hand, commits what was done
    // and ends the job as "cancelled" -- that is not an error; see EnrollmentSummary::cancelled.
    // `onProgress` is called on the calling thread every options.progressIntervalMs and once at
    // the end.
    // Errors: the gallery cannot be found or created or is locked, the source cannot be used,
    // the models' descriptors differ from the gallery's, or the database failed (the job is
    // then recorded as failed and can be resumed).
    Result<EnrollmentSummary> run(EnrollmentSource& source, std::stop_token cancel,
                                  const ProgressHandler& onProgress = {});
    // As above with a plain flag, which nobody can wake the run for: it is read whenever the
    // run wakes anyway (after each progress report, when a stage ends, while counting). Set it
    // from `onProgress` and the run stops at once; to cancel from another thread, use the
    // stop_token.
    Result<EnrollmentSummary> run(EnrollmentSource& source, const std::atomic_bool* cancel = nullptr,
                                  const ProgressHandler& onProgress = {});

    const EnrollmentOptions& options() const { return m_options; }

private:
    // `token` or `flag` (or neither) says when to cancel.
    Result<EnrollmentSummary> execute(EnrollmentSource& source, const std::stop_token& token,
                                      const std::atomic_bool* flag, const ProgressHandler& onProgress);

    std::shared_ptr<PipelinePool> m_pool;
    Workspace m_workspace;
    EnrollmentOptions m_options;
};

}  // namespace facecase
