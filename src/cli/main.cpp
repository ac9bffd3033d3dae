#include "app.hpp"
#include "interrupt.hpp"

#include <csignal>

int main(int argc, char** argv) {
    // A reader that goes away (sipwhy ... | head -1) shows up as EPIPE on write, which ends the
    // run quietly, instead of as a signal.
    std::signal(SIGPIPE, SIG_IGN);
    sipwhy::cli::catch_interrupts();
    return sipwhy::cli::run(argc, argv);
}
