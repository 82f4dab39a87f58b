#include "cli/interrupt_handler.h"

#include <csignal>
#include <unistd.h>

namespace facecase::cli {

namespace {
std::atomic_bool g_interrupted{false};
static_assert(std::atomic_bool::is_always_lock_free, "set from a signal handler");

extern "C" void onInterrupt(int) {
    g_interrupted.store(true);
    static const char message[] =
        "\nfacecase-cli: stopping after the current batch (Ctrl-C again to stop at once; "
        "run the same command again to resume)\n";
    // write(2) is async-signal-safe; stdio is not.
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message, sizeof message - 1);
}
}  // namespace

const std::atomic_bool& InterruptHandler::install() {
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;  // one-shot: the second signal takes the default action
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    return g_interrupted;
}

bool InterruptHandler::interrupted() { return g_interrupted.load(); }

}  // namespace facecase::cli
