// SIGINT and SIGTERM through the real binary: `tail -f LOG | sipwhy --summary` then Ctrl-C prints
// what the mode owes so far, then ends with 128 + the signal's number.
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

// Runs sipwhy with its standard input, sends it `signal` a second later, and exits with its status.
std::vector<std::string> signal_after_a_second(const std::string& signal) {
    return {"sh", "-c",
            "exec 3<&0; \"$@\" <&3 3<&- & pid=$!; sleep 1; kill -" + signal + " $pid; wait $pid",
            "sh"};
}

const std::string k_log =
    "SIP/2.0 486 Busy Here\nSIP/2.0 486 Busy Here\nSIP/2.0 603 Decline\n"
    "INVITE sip:bob@example.net SIP/2.0\nCall-ID: open\nCSeq: 1 INVITE\n\n";

TEST(Interrupt, SummarySoFarThenStatus130) {
    const auto r = sipwhy(Invocation{.args = {"--summary"},
                                     .input = k_log,
                                     .hold_stdin = true,
                                     .wrapper = signal_after_a_second("INT")});
    EXPECT_TRUE(r.output_before_eof);
    EXPECT_EQ(status_err(r), (StatusText{130, ""}));
    EXPECT_EQ(r.out.substr(r.out.find("By class")),
              "By class:  4xx 2  6xx 1\nBy category:  busy 2  declined 1\nTotal: 3 responses\n");
}

TEST(Interrupt, CountSoFar) {
    const auto r = sipwhy(Invocation{.args = {"-c"},
                                     .input = k_log,
                                     .hold_stdin = true,
                                     .wrapper = signal_after_a_second("INT")});
    EXPECT_EQ(status_out(r), (StatusText{130, "3\n"}));
}

TEST(Interrupt, OpenCallsAsNoFinalResponseThenStatus143) {
    const auto r = sipwhy(Invocation{.args = {"--calls"},
                                     .input = k_log,
                                     .hold_stdin = true,
                                     .wrapper = signal_after_a_second("TERM")});
    EXPECT_EQ(r, (Outcome{143, "(standard input):4: call open: no_final_response (INVITE)\n", ""}));
}

}  // namespace
}  // namespace sipwhy::e2e
