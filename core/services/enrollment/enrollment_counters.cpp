#include "services/enrollment/enrollment_counters.h"

namespace facecase {

EnrollmentCounters::EnrollmentCounters() = default;

void EnrollmentCounters::setJob(qint64 jobId, bool resumed) {
    const std::lock_guard lock(m_mutex);
    m_progress.jobId = jobId;
    m_progress.resumedJob = resumed;
}

void EnrollmentCounters::setTotal(qint64 total) {
    const std::lock_guard lock(m_mutex);
    m_progress.total = total;
}

void EnrollmentCounters::startClock() {
    const std::lock_guard lock(m_mutex);
    m_clock.start();
}

void EnrollmentCounters::addResumed(qint64 n) {
    const std::lock_guard lock(m_mutex);
    m_progress.resumed += n;
    m_progress.done += n;
}

void EnrollmentCounters::addCommitted(EnrollmentItem::Status status) {
    const std::lock_guard lock(m_mutex);
    ++m_progress.byStatus[std::size_t(status)];
    ++m_progress.processed;
    ++m_progress.done;
}

EnrollmentProgress EnrollmentCounters::snapshot(bool finished) const {
    const std::lock_guard lock(m_mutex);
    EnrollmentProgress p = m_progress;
    p.finished = finished;
    p.elapsedSeconds = m_clock.isValid() ? double(m_clock.nsecsElapsed()) / 1e9 : 0.0;
    // Early rates swing wildly; the final one is exact however short the run.
    if ((p.elapsedSeconds > 0.5 || (finished && p.elapsedSeconds > 0)) && p.processed > 0) {
        p.imagesPerSecond = double(p.processed) / p.elapsedSeconds;
        if (p.total >= 0) p.etaSeconds = double(std::max<qint64>(0, p.total - p.done)) / p.imagesPerSecond;
    }
    if (finished) p.etaSeconds = 0;
    return p;
}

}  // namespace facecase
