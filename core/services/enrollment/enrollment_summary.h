#pragma once

#include "services/enrollment/enrollment_progress.h"
#include "services/enrollment/enrollment_timings.h"
#include "store/enrollment_job.h"

namespace facecase {

// How an enrollment run ended. Plain value.
struct EnrollmentSummary {
    EnrollmentJob job;       // as stored at the end, item counts over the whole job
    bool galleryCreated = false;
    bool resumed = false;    // this run continued an unfinished job
    int interruptedJobs = 0; // jobs found "running" from a dead process, marked interrupted
    bool cancelled = false;  // stopped early on request; job status "cancelled"
    EnrollmentProgress progress;  // this run's final tallies
    EnrollmentTimings timings;
    double wallSeconds = 0;  // the whole run, counting and set-up included
};

}  // namespace facecase
