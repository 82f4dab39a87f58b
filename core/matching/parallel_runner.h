#pragma once

#include <functional>

namespace facecase {

// Runs work(0) .. work(parts - 1) concurrently: part 0 on the calling thread, the others on
// std::threads created for the call and joined before returning. Creating a thread costs ~45 us
// here, negligible against the millisecond scans it splits, and keeps callers free of any
// long-lived pool. If the system refuses a thread, its part runs on the calling thread instead:
// slower, never wrong. `work` must not throw. Thread-safe.
class ParallelRunner {
public:
    static void run(int parts, const std::function<void(int part)>& work);
};

}  // namespace facecase
