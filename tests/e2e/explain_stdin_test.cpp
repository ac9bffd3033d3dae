// explain - through the real binary: each query on standard input is answered as it comes, and a
// line longer than a query may be is reported without being held.
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

const std::string k_busy =
    "486 Busy Here - busy - retry_later - The callee's device was reached but will not take "
    "another call right now.\n";

TEST(ExplainStdin, EachQueryIsAnsweredAsItComes) {
    // Standard input stays open after the query, as a terminal or a pipe from a program would.
    const auto r = sipwhy(
        Invocation{.args = {"--brief", "explain", "-"}, .input = "486\n", .hold_stdin = true});
    EXPECT_TRUE(r.output_before_eof);
    EXPECT_EQ(status_out(r), (StatusText{0, k_busy}));
}

TEST(ExplainStdin, EndlessInputIsAnsweredUntilTheReaderGoes) {
    // yes 486 | sipwhy explain - | head -1: a megabyte of queries with more to come, and the
    // reader leaves after the first answer.
    std::string input;
    for (int i = 0; i < 250000; ++i) {
        input += "486\n";
    }
    const auto r = sipwhy(Invocation{.args = {"--brief", "explain", "-"},
                                     .input = input,
                                     .read_limit = k_busy.size(),
                                     .hold_stdin = true});
    EXPECT_TRUE(r.output_before_eof);
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(r.out.substr(0, k_busy.size()), k_busy);
}

TEST(ExplainStdin, ALineOverTheQueryLimitIsNotHeld) {
#if defined(SIPWHY_SANITIZED)
    GTEST_SKIP() << "AddressSanitizer needs more address space than the limit";
#endif
    // A 128 MB line under a 64 MB limit: once read whole (and then lost with what followed it).
    const std::string line(128 << 20, 'x');
    const auto r =
        sipwhy(Invocation{.args = {"--brief", "explain", "-"},
                          .input = line + "\n486\n",
                          .wrapper = {"sh", "-c", "ulimit -v 65536 && exec \"$@\"", "sh"}});
    EXPECT_EQ(
        r, (Outcome{2, k_busy,
                    "sipwhy: error: query of 134217728 bytes is too long (the limit is 4096)\n"}));
}

}  // namespace
}  // namespace sipwhy::e2e
