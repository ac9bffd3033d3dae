#include "interrupt.hpp"

#include <csignal>

namespace sipwhy::cli {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int signal) {
    g_signal = signal;
    std::signal(signal, SIG_DFL);  // the next one ends sipwhy at once
}

}  // namespace

void catch_interrupts() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() {
    return g_signal != 0;
}

int interrupted_status() {
    return 128 + g_signal;
}

}  // namespace sipwhy::cli
