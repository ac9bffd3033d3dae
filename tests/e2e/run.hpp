// Runs the built sipwhy binary as a user would: arguments, standard input, a controlled
// environment; captures standard output, standard error and the exit status.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sipwhy::e2e {

// Whether the binary under test carries the sanitizers: it runs ten to twenty times slower then,
// and needs far more address space.
#if defined(SIPWHY_SANITIZED)
inline constexpr bool k_sanitized = true;
#else
inline constexpr bool k_sanitized = false;
#endif

// How many times longer a wait is, or how many times smaller an input, under the sanitizers.
inline constexpr int k_slowdown = k_sanitized ? 10 : 1;

// The fixtures: calls (docs/calls.md) and logs from real systems.
inline const std::string k_calls = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/calls";
inline const std::string k_logs = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/logs";

// What a test compares of a run, all at once so that a failure shows all three:
// EXPECT_EQ(r, (Outcome{0, "486 Busy Here - busy ...\n", ""})).
struct Outcome {
    int status = -1;  // exit status, or 128 + signal number
    std::string out;
    std::string err;
    bool operator==(const Outcome&) const = default;
};

struct Result : Outcome {
    bool output_before_eof = false;  // with hold_stdin: a line arrived while stdin was still open
    bool ended_before_eof = false;   // with hold_stdin: it finished while stdin was still open
};

// The status and one stream of a run, for the checks that compare only those two:
// EXPECT_EQ(status_err(r), (StatusText{2, "sipwhy: error: ...\n"})).
struct StatusText {
    int status = -1;
    std::string text;
    bool operator==(const StatusText&) const = default;
};

// Of a Result, or of any run with the same three members.
template <class Run>
StatusText status_out(const Run& r) {
    return {r.status, r.out};
}

template <class Run>
StatusText status_err(const Run& r) {
    return {r.status, r.err};
}

// Whether `part` is in `text`; a failure shows both: EXPECT_TRUE(has(r.out, "...")).
::testing::AssertionResult has(const std::string& text, const std::string& part);

// How GoogleTest shows them: the status, then stdout and stderr as escaped strings.
void PrintTo(const Outcome& o, std::ostream* os);
void PrintTo(const Result& r, std::ostream* os);
void PrintTo(const StatusText& s, std::ostream* os);

struct Invocation {
    std::vector<std::string> args;
    std::string input;
    bool stdin_is_null = false;                            // stdin from /dev/null instead of a pipe
    std::vector<std::pair<std::string, std::string>> env;  // on top of PATH and HOME only
    std::optional<std::size_t> read_limit;  // close stdout after this many bytes (broken pipe)
    std::string cwd;
    bool hold_stdin = false;  // keep stdin open after the input until a line comes out (tail -f)
    std::vector<std::string> wrapper;  // a command that runs sipwhy (setpriv ...), found on PATH
};

// Runs sipwhy with `run`; the environment has no LANG, NO_COLOR or SIPWHY_KB unless given.
Result sipwhy(const Invocation& run);

// Shorthand: sipwhy with these arguments and empty standard input.
Result sipwhy(std::vector<std::string> args);

// sipwhy with `args`, then `log`, run in the calls' directory so that its output names `log` as
// given.
Result in_calls(const std::string& log, std::vector<std::string> args);

// What `sipwhy 486` prints from its Sent by line to the end, with or without an overlay.
extern const std::string k_486_tail;

// Writes `content` to a fresh file under a per-test temporary directory and returns its path.
std::string temp_file(const std::string& name, const std::string& content);

// A fresh temporary directory for this test.
std::string temp_dir();

// Each line of JSON Lines output, parsed (a parse error fails the test with an exception).
std::vector<nlohmann::json> json_lines(const std::string& out);

// `data` compressed as one gzip member.
std::string gzip(const std::string& data);

// The bytes of a file.
std::string read_file(const std::string& path);

}  // namespace sipwhy::e2e
