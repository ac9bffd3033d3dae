// Whatever is piped in, sipwhy ends with a documented status, a clear message or none, valid JSON,
// and no crash: random bytes, NULs, invalid UTF-8, a huge line, mixed line endings, empty input.
// (Missing, unreadable and corrupt inputs, broken pipes and bad --kb files: scan_test.cpp and
// explain_test.cpp.)
#include "run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace sipwhy::e2e {
namespace {

// Every line of `out` parses as JSON (nlohmann rejects invalid UTF-8).
void expect_json_lines(const std::string& out) {
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        EXPECT_TRUE(nlohmann::json::accept(line)) << line.substr(0, 200);
    }
}

std::string random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s) {
        c = static_cast<char>(rng() & 0xFF);
    }
    return s;
}

TEST(BadInput, RandomBinary) {
    for (const unsigned seed : {1u, 2u, 3u}) {
        std::string data = random_bytes(1 << 20, seed);
        // Some status lines among the noise, with junk around them.
        data += "\x01\x02SIP/2.0 486 Busy\xff\xfe Here\r\n\xc3\x28 SIP/2.0 4294967301 x\n";
        data += random_bytes(4096, seed + 10);
        const auto r = sipwhy(Invocation{.args = {"--json"}, .input = data});
        EXPECT_TRUE(r.status == 0 || r.status == 1) << r.status;
        EXPECT_EQ(r.err, "");
        expect_json_lines(r.out);
        const auto text = sipwhy(Invocation{.input = data});
        EXPECT_EQ(text.err, "");
        const auto calls = sipwhy(Invocation{.args = {"--calls", "--json"}, .input = data});
        EXPECT_EQ(calls.err, "");
        expect_json_lines(calls.out);
        const auto summary = sipwhy(Invocation{.args = {"--summary", "--json"}, .input = data});
        expect_json_lines(summary.out);
    }
}

TEST(BadInput, NulBytesAndInvalidUtf8StayValidJson) {
    const std::string data = std::string("SIP/2.0 480 No\0 money\xff left\n", 28) +
                             "SIP/2.0 603 D\xc3\x28"
                             "cline\nCall-ID: \xfe\xfe\nCSeq: 1 INV\xffITE\n\n";
    const auto r = sipwhy(Invocation{.args = {"--json"}, .input = data});
    EXPECT_EQ(r.status, 0);
    expect_json_lines(r.out);
    std::istringstream in(r.out);
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(nlohmann::json::parse(first)["reason"], "No\xEF\xBF\xBD money\xEF\xBF\xBD left");
    // Explaining a query with such bytes: the same.
    const auto q = sipwhy({"--json", std::string("486 Bu\xffsy")});
    EXPECT_EQ(q.status, 0);
    expect_json_lines(q.out);
    const auto text = sipwhy({std::string("486 Bu\xffsy")});
    EXPECT_TRUE(has(text.out, "486 Bu\xEF\xBF\xBDsy - busy"));
}

TEST(BadInput, AHugeLineWithoutNewline) {
    std::string data(5 << 20, 'a');
    data += " SIP/2.0 503 Service Unavailable";
    const auto r = sipwhy(Invocation{.args = {"-c"}, .input = data});
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(r.status == 0 || r.status == 1);
    EXPECT_TRUE(r.out == "1\n" || r.out == "0\n") << r.out;
}

TEST(BadInput, MixedLineEndings) {
    const std::string data =
        "SIP/2.0 486 Busy Here\r\nCall-ID: crlf\r\nCSeq: 1 INVITE\r\n\r\n"
        "SIP/2.0 603 Decline\nCall-ID: lf\nCSeq: 2 INVITE\n\n"
        "SIP/2.0 404 Not Found\rCall-ID: cr\rCSeq: 3 INVITE\r\r";
    const auto r = sipwhy(Invocation{.input = data});
    EXPECT_EQ(status_out(r),
              (StatusText{0,
                          "(standard input):1: 486 Busy Here - busy (INVITE, call crlf)\n"
                          "(standard input):5: 603 Decline - declined (INVITE, call lf)\n"
                          "(standard input):9: 404 Not Found - not_found\n"}));
}

TEST(BadInput, EmptyInputs) {
    const auto empty_stdin = sipwhy(Invocation{.input = ""});
    EXPECT_EQ(empty_stdin, (Outcome{1, "", ""}));
    const std::string empty = temp_file("empty.log", "");
    EXPECT_EQ(sipwhy({empty}).status, 1);
    EXPECT_EQ(
        sipwhy({"--summary", empty}).out,
        "Count  Code  Phrase  Category  Meaning\n\nBy class:\nBy category:\nTotal: 0 responses\n");
    EXPECT_EQ(sipwhy({"-c", empty}).out, "0\n");
    EXPECT_EQ(sipwhy({"--calls", empty}).status, 1);
    const auto empty_dir = sipwhy({temp_dir()});
    EXPECT_EQ(status_err(empty_dir), (StatusText{1, ""}));
    // No queries on stdin: nothing to explain, nothing unresolved.
    EXPECT_EQ(sipwhy(Invocation{.args = {"explain", "-"}, .input = ""}).status, 0);
}

TEST(BadInput, OverlongCodesAreMalformedNeverExplained) {
    const auto r = sipwhy(Invocation{.args = {"--json"},
                                     .input = "SIP/2.0 4294967301 better not break the receiver\n"
                                              "SIP/2.0 99999999999999999999999999 x\n"});
    EXPECT_EQ(r.status, 1);
    std::istringstream in(r.out);
    int malformed = 0;
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        EXPECT_TRUE(j.contains("malformed"));
        EXPECT_FALSE(j.contains("code"));
        ++malformed;
    }
    EXPECT_EQ(malformed, 2);
    EXPECT_EQ(sipwhy({"SIP/2.0 4294967301 x"}).status, 2);
    EXPECT_EQ(
        sipwhy({"99999999999999999999"}).err,
        "sipwhy: error: \"99999999999999999999\": not a SIP status code (expected three digits, "
        "100-699) (read as a query; sipwhy scan \"99999999999999999999\" reads it as a file)\n");
}

TEST(BadInput, HugeQueriesAndArguments) {
    const auto r = sipwhy({"486 " + std::string(100000, 'x')});
    EXPECT_EQ(
        status_err(r),
        (StatusText{2, "sipwhy: error: query of 100004 bytes is too long (the limit is 4096)\n"}));
    const auto kb = temp_file("huge.json", "[" + std::string(200000, '['));
    const auto k = sipwhy({"--kb", kb, "486"});
    EXPECT_EQ(k.status, 2);
    EXPECT_NE(k.err.find("sipwhy: error: " + kb + ":1:"), std::string::npos)
        << k.err.substr(0, 300);
}

// A log that logrotate's copytruncate empties while sipwhy reads it: the file is read from memory
// (mapped), where the lost pages would have been a SIGBUS. sipwhy blocks on its full output pipe
// inside the first window, the file is emptied, and then the output is drained.
TEST(BadInput, AFileThatShrinksWhileReadIsAnErrorNotACrash) {
    std::string log;
    for (int i = 0; i < 700'000; ++i) {
        log += "SIP/2.0 486 Busy Here\n";
    }
    const std::string path = temp_file("shrinking.log", log);
    int out_pipe[2];
    int err_pipe[2];
    ASSERT_EQ(::pipe(out_pipe), 0);
    ASSERT_EQ(::pipe(err_pipe), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    std::string binary = SIPWHY_BINARY;
    std::string operand = path;
    char* argv[] = {binary.data(), operand.data(), nullptr};
    char path_env[] = "PATH=/usr/bin:/bin";
    char* envp[] = {path_env, nullptr};
    pid_t pid = 0;
    ASSERT_EQ(::posix_spawn(&pid, argv[0], &actions, nullptr, argv, envp), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    // The first output shows the scan has begun; the pipe's 64 KiB then fill long before the
    // first 1 MiB window of input is read.
    char first = 0;
    ASSERT_EQ(::read(out_pipe[0], &first, 1), 1);
    ::usleep(300'000);
    ASSERT_EQ(::truncate(path.c_str(), 0), 0);
    std::string out(1, first);
    char buffer[1 << 16];
    for (ssize_t n; (n = ::read(out_pipe[0], buffer, sizeof buffer)) > 0;) {
        out.append(buffer, static_cast<std::size_t>(n));
    }
    std::string err;
    for (ssize_t n; (n = ::read(err_pipe[0], buffer, sizeof buffer)) > 0;) {
        err.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    EXPECT_EQ(WEXITSTATUS(status), 2);
    EXPECT_EQ(err, "sipwhy: error: " + path + ": the file shrank while it was read\n");
    // What was read before is printed, whole lines only.
    EXPECT_GT(out.size(), std::size_t{1} << 16);
    EXPECT_EQ(out.back(), '\n');
    EXPECT_EQ(out.substr(0, out.find('\n') + 1), path + ":1: 486 Busy Here - busy\n");
}

}  // namespace
}  // namespace sipwhy::e2e
