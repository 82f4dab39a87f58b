#include "cli/interrupt_handler.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

namespace facecase::cli {

namespace {
std::atomic_bool g_interrupted{false};
static_assert(std::atomic_bool::is_always_lock_free, "set from a signal handler");
// The write end of stopToken()'s pipe; -1 until a command asks for the token.
std::atomic_int g_wakeFd{-1};
static_assert(std::atomic_int::is_always_lock_free, "read from a signal handler");

extern "C" void onInterrupt(int) {
    g_interrupted.store(true);
    static const char message[] =
        "\nfacecase-cli: stopping after the current batch (Ctrl-C again to stop at once; "
        "run the same command again to resume)\n";
    // write(2) is async-signal-safe; stdio is not.
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message, sizeof message - 1);
    if (const int fd = g_wakeFd.load(); fd >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t woke = ::write(fd, &byte, 1);
    }
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

std::stop_token InterruptHandler::stopToken() {
    // A signal handler may not lock or notify, so it writes a byte into a pipe; this thread,
    // asleep in read(2) until then, requests the stop on its behalf. Both live as long as the
    // process (the source is never destroyed: the detached thread may outlive main()).
    static std::stop_source* const source = [] {
        auto* stop = new std::stop_source;
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) == 0) {
            std::thread([stop, readFd = fds[0]] {
                char byte = 0;
                while (::read(readFd, &byte, 1) < 0 && errno == EINTR) {
                }
                stop->request_stop();
            }).detach();
            g_wakeFd.store(fds[1]);
        }
        // Without a pipe (no free descriptor) the first Ctrl-C only sets the flag; the second
        // still ends the process.
        return stop;
    }();
    install();
    // A signal before the pipe existed only set the flag.
    if (g_interrupted.load()) source->request_stop();
    return source->get_token();
}

bool InterruptHandler::interrupted() { return g_interrupted.load(); }

}  // namespace facecase::cli
