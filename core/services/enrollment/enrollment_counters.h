#pragma once

#include "services/enrollment/enrollment_progress.h"

#include <QElapsedTimer>

#include <mutex>

namespace facecase {

// The live tallies behind EnrollmentProgress, updated by the reader (resumed items) and the
// writer (committed items), read by the thread that reports progress. Thread-safe.
class EnrollmentCounters {
public:
    EnrollmentCounters();

    void setJob(qint64 jobId, bool resumed);
    void setTotal(qint64 total);
    void startClock();  // rates and ETA count from here
    void addResumed(qint64 n = 1);
    void addCommitted(EnrollmentItem::Status status);
    EnrollmentProgress snapshot(bool finished = false) const;

private:
    mutable std::mutex m_mutex;
    EnrollmentProgress m_progress;
    QElapsedTimer m_clock;
};

}  // namespace facecase
