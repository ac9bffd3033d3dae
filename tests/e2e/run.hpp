// Runs the built sipwhy binary as a user would: arguments, standard input, a controlled
// environment; captures standard output, standard error and the exit status.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sipwhy::e2e {

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

// How GoogleTest shows them: the status, then stdout and stderr as escaped strings.
void PrintTo(const Outcome& o, std::ostream* os);
void PrintTo(const Result& r, std::ostream* os);

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
