#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace facecase {

// Where an enrollment's watching thread sleeps until it has something to do: a stage ended (or
// failed), the run was cancelled, or the next progress report is due. Being woken, rather than
// looking every few milliseconds, is what makes a Cancel take effect at once and an idle
// watcher cost nothing. A notify() before wait() is not lost: the next wait() returns at once.
// Thread-safe; notify() from any thread (not from a signal handler: it locks a mutex).
class EnrollmentWatch {
public:
    void notify();
    // Returns once notify() was called since the previous return, or after `timeout` (none:
    // no limit).
    void wait(std::optional<std::chrono::milliseconds> timeout);

private:
    std::mutex m_mutex;
    std::condition_variable m_woken;
    bool m_notified = false;
};

}  // namespace facecase
