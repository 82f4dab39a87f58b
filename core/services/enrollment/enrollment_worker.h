#pragma once

#include "services/pipeline/bounded_queue.h"
#include "services/enrollment/enrollment_options.h"
#include "services/enrollment/enrollment_outcome.h"
#include "services/enrollment/enrollment_timings.h"
#include "services/enrollment/enrollment_work_item.h"
#include "services/pipeline/pipeline_pool.h"

#include <atomic>

namespace facecase {

// The middle stage of an enrollment, one per worker thread: decodes a file from the bytes the
// reader read (no second read, no second decode), runs the face pipeline on its own leased
// FacePipeline, applies the mugshot policy and hands the writer an outcome without pixels:
//  - decode refused -> "unreadable" with the loader's message;
//  - pipeline error -> "failed" (never reported as "no face");
//  - no face -> "no_face"; one face -> "ok";
//  - several -> "several_faces": the largest enrolled, or nothing with SeveralFacesPolicy::Skip.
// A stop request ends the loop after the photo in hand. Not thread-safe: one thread per worker.
class EnrollmentWorker {
public:
    EnrollmentWorker(PipelinePool::Lease pipeline, const EnrollmentOptions& options, qint64 jobId,
                     BoundedQueue<EnrollmentWorkItem>& work,
                     BoundedQueue<EnrollmentOutcome>& outcomes, const std::atomic_bool& stop);

    void run();
    // The outcome for one photo; public for tests.
    EnrollmentOutcome analyse(EnrollmentWorkItem item);

    void addTimings(EnrollmentTimings& timings) const;

private:
    PipelinePool::Lease m_pipeline;
    EnrollmentOptions m_options;
    qint64 m_jobId;
    BoundedQueue<EnrollmentWorkItem>& m_work;
    BoundedQueue<EnrollmentOutcome>& m_outcomes;
    const std::atomic_bool& m_stop;
    StageTimings m_timings;
    double m_waitMs = 0, m_blockedMs = 0;
};

}  // namespace facecase
