#pragma once

#include <atomic>
#include <stop_token>

namespace facecase::cli {

// Ctrl-C (SIGINT) and SIGTERM for long commands: the first one sets a flag the command reads
// (it then stops cleanly after the current batch) and says so on stderr; the handler then
// uninstalls itself, so a second Ctrl-C ends the process at once (a later run resumes).
class InterruptHandler {
public:
    static const std::atomic_bool& install();
    // install(), and a token whose stop is requested on that first signal, for a service that
    // sleeps until woken (Enrollment) rather than reading a flag between items.
    static std::stop_token stopToken();
    static bool interrupted();
};

}  // namespace facecase::cli
