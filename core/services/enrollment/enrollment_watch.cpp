#include "services/enrollment/enrollment_watch.h"

namespace facecase {

void EnrollmentWatch::notify() {
    {
        const std::lock_guard lock(m_mutex);
        m_notified = true;
    }
    m_woken.notify_one();
}

void EnrollmentWatch::wait(std::optional<std::chrono::milliseconds> timeout) {
    std::unique_lock lock(m_mutex);
    const auto notified = [this] { return m_notified; };
    if (timeout) {
        m_woken.wait_for(lock, *timeout, notified);
    } else {
        m_woken.wait(lock, notified);
    }
    m_notified = false;
}

}  // namespace facecase
