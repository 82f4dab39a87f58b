#pragma once

#include "store/enrollment_item.h"

#include <array>

namespace facecase {

// A snapshot of an enrollment, for progress bars and JSON progress lines. Plain value.
struct EnrollmentProgress {
    qint64 jobId = 0;
    bool resumedJob = false;  // the run continues an unfinished job
    qint64 total = -1;    // inputs in the source; -1 while still counting
    qint64 done = 0;      // inputs with a committed item row (including `resumed`)
    qint64 resumed = 0;   // of done: recorded by an earlier run of this job, skipped unread
    qint64 processed = 0; // of done: committed by this run
    std::array<qint64, EnrollmentItem::kStatusCount> byStatus{};  // this run's, by status
    double elapsedSeconds = 0;   // since the stages started
    double imagesPerSecond = 0;  // processed / elapsed
    double etaSeconds = -1;      // -1 when unknown
    bool finished = false;

    qint64 count(EnrollmentItem::Status status) const { return byStatus[std::size_t(status)]; }
    qint64 problems() const;  // this run's items whose status EnrollmentItem::isProblem()
};

}  // namespace facecase
