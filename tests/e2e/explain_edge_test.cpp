// Edge cases of explain through the real binary: bare phrases and file names as first operands,
// separately quoted phrases, unknown queries, and what a log line or header value gives.
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

TEST(ExplainEdge, UnknownQueryGetsNoNextStep) {
    const auto r = sipwhy({"explain", "Zorglub frobnicated"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out,
              "Zorglub frobnicated - unknown\n"
              "  Nothing in the knowledge base matches \"Zorglub frobnicated\".\n");
    const auto brief = sipwhy({"--brief", "explain", "Zorglub frobnicated"});
    EXPECT_EQ(brief.status, 1);
    EXPECT_EQ(brief.out, "Zorglub frobnicated - unknown\n");
}

}  // namespace
}  // namespace sipwhy::e2e
