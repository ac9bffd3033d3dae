// Inputs as an attacker would write them, through the real binary: failed writes, memory limits,
// hostile knowledge-base files, control characters and names meant to forge output. Each ends
// with one error line and status 2, or with output that shows the hostile bytes neutralised.
#include "run.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sipwhy::e2e {
namespace {

// A wrapper that runs sipwhy with standard output or standard error redirected as `redirect`
// says ("> /dev/full").
std::vector<std::string> shell_redirect(const std::string& redirect) {
    return {"sh", "-c", "exec \"$@\" " + redirect, "sh"};
}

// A wrapper that runs sipwhy with standard error a pipe whose reader is gone.
const std::vector<std::string> k_stderr_reader_gone = {
    "perl", "-e", "pipe(R, W) or die; close R; open(STDERR, '>&', \\*W) or die; exec @ARGV"};

TEST(Attack, AFullDiskOnStandardOutputIsAnError) {
    const auto explain =
        sipwhy({.args = {"--brief", "486"}, .wrapper = shell_redirect(">/dev/full")});
    EXPECT_EQ(explain.status, 2);
    EXPECT_EQ(explain.out, "");
    EXPECT_EQ(explain.err,
              "sipwhy: error: cannot write to standard output: No space left on device\n");
    const std::string log = temp_file("a.log", "SIP/2.0 486 Busy Here\n");
    const auto scan = sipwhy({.args = {log}, .wrapper = shell_redirect(">/dev/full")});
    EXPECT_EQ(scan.status, 2);
    EXPECT_EQ(scan.err,
              "sipwhy: error: cannot write to standard output: No space left on device\n");
}

TEST(Attack, AFullDiskOnStandardErrorKeepsTheStatus) {
    const auto missing =
        sipwhy({.args = {"no-such.log"}, .wrapper = shell_redirect("2>/dev/full")});
    EXPECT_EQ(missing.status, 2);
    EXPECT_EQ(missing.out, "");
    const auto fine =
        sipwhy({.args = {"--brief", "486"}, .wrapper = shell_redirect("2>/dev/full")});
    EXPECT_EQ(fine.status, 0);
    EXPECT_EQ(fine.out,
              "486 Busy Here - busy - retry_later - The callee's device was reached but will not "
              "take another call right now.\n");
}

TEST(Attack, AClosedStandardErrorIsNotAClosedStandardOutput) {
    const std::string log = temp_file("a.log", "SIP/2.0 486 Busy Here\n");
    const auto r = sipwhy({.args = {"no-such.log", log}, .wrapper = k_stderr_reader_gone});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, log + ":1: 486 Busy Here - busy\n");
}

TEST(Attack, AKbNumberOutOfRangeIsADiagnostic) {
    const std::string kb = temp_file("kb.json", "{\"variants\": [{\"code\": 1e400}]}\n");
    const std::string expected =
        "sipwhy: error: " + kb + ":1:24: number overflow parsing '1e400'\n";
    const auto given = sipwhy({"--kb", kb, "486"});
    EXPECT_EQ(given.status, 2);
    EXPECT_EQ(given.out, "");
    EXPECT_EQ(given.err, expected);
    const auto from_env = sipwhy({.args = {"list", "4xx"}, .env = {{"SIPWHY_KB", kb}}});
    EXPECT_EQ(from_env.status, 2);
    EXPECT_EQ(from_env.out, "");
    EXPECT_EQ(from_env.err, expected);
}

TEST(Attack, OutOfMemoryIsAnErrorNamingTheInput) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "AddressSanitizer needs more address space than the limit";
#endif
    // Three million nested arrays take over 200 MB to parse; the limit is 100 MB.
    const std::size_t depth = 3'000'000;
    const std::string kb =
        temp_file("deep.json", std::string(depth, '[') + std::string(depth, ']'));
    const auto r = sipwhy({.args = {"--kb", kb, "486"},
                           .wrapper = {"sh", "-c", "ulimit -v 100000 && exec \"$@\"", "sh"}});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "sipwhy: error: knowledge-base file \"" + kb + "\": out of memory\n");
}

}  // namespace
}  // namespace sipwhy::e2e
