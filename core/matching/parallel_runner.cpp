#include "matching/parallel_runner.h"

#include <system_error>
#include <thread>
#include <vector>

namespace facecase {

void ParallelRunner::run(int parts, const std::function<void(int part)>& work) {
    if (parts <= 1) {
        if (parts == 1) work(0);
        return;
    }
    std::vector<std::thread> threads;
    threads.reserve(std::size_t(parts - 1));
    int spawned = 1;
    for (; spawned < parts; ++spawned) {
        try {
            threads.emplace_back(work, spawned);
        } catch (const std::system_error&) {
            break;  // out of threads: the remaining parts run here, after part 0
        }
    }
    work(0);
    for (int part = spawned; part < parts; ++part) work(part);
    for (std::thread& t : threads) t.join();
}

}  // namespace facecase
