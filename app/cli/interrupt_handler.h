#pragma once

#include <atomic>

namespace facecase::cli {

// Ctrl-C (SIGINT) and SIGTERM for long commands: the first one sets a flag the command polls
// (it then stops cleanly after the current batch) and says so on stderr; the handler then
// uninstalls itself, so a second Ctrl-C ends the process at once (a later run resumes).
class InterruptHandler {
public:
    static const std::atomic_bool& install();
    static bool interrupted();
};

}  // namespace facecase::cli
