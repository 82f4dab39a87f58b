#pragma once

namespace facecase::cli {

// This process's resident memory (from /proc/self/status, Linux; 0 where unavailable) and CPU
// time. For benchmarks and progress lines that show memory staying flat, and for rates that
// mean something on a machine shared with other work (CPU seconds per image).
class ProcessStats {
public:
    static double residentMb();      // VmRSS
    static double peakResidentMb();  // VmHWM
    static double cpuSeconds();      // user + system, all threads
};

}  // namespace facecase::cli
