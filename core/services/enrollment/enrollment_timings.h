#pragma once

#include "services/pipeline/stage_timings.h"

namespace facecase {

// Where an enrollment's time went, per stage, in milliseconds summed over that stage's threads.
// `pipeline` is the workers' decode/detect/landmarks/align/quality/descriptor time. The wait
// times show the bottleneck: workers waiting for input mean the reader is slow; workers
// blocked on output mean the writer is; a writer mostly waiting means the workers are.
struct EnrollmentTimings {
    // reader
    double readMs = 0, hashMs = 0, lookupMs = 0, readerBlockedMs = 0;
    // workers
    StageTimings pipeline;
    double workerWaitMs = 0, workerBlockedMs = 0;
    // writer
    double subjectsMs = 0, imagesMs = 0, itemsMs = 0, writerWaitMs = 0;
    int batches = 0;
    int workers = 0;
};

}  // namespace facecase
