// The exit statuses of sipwhy: one contract for every subcommand, documented in the README,
// docs/json.md and the man page. Like grep: 0 found, 1 not found, 2 trouble.
#pragma once

namespace sipwhy {

enum class ExitStatus : int {
    // explain: every query resolved to a knowledge-base entry; scan: a matching response was found.
    ok = 0,
    // explain: some query resolved only to its class, or to nothing (what is known is still
    // printed); scan: no matching response was found.
    not_found = 1,
    // Usage error, unreadable input, invalid knowledge-base file. Always with a message on stderr.
    error = 2,
    // 128 + the signal's number (130, 143): interrupted by SIGINT or SIGTERM, after what was
    // found so far was printed (src/cli/interrupt.hpp).
};

constexpr int to_int(ExitStatus s) {
    return static_cast<int>(s);
}

}  // namespace sipwhy
