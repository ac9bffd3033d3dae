// Edge cases of explain through the real binary: bare phrases and file names as first operands,
// separately quoted phrases, unknown queries, and what a log line or header value gives.
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

TEST(ExplainEdge, UnknownQueryGetsNoNextStep) {
    const auto r = sipwhy({"explain", "Zorglub frobnicated"});
    EXPECT_EQ(r, (Outcome{1,
                          "Zorglub frobnicated - unknown\n"
                          "  Nothing in the knowledge base matches \"Zorglub frobnicated\".\n",
                          ""}));
    const auto brief = sipwhy({"--brief", "explain", "Zorglub frobnicated"});
    EXPECT_EQ(status_out(brief), (StatusText{1, "Zorglub frobnicated - unknown\n"}));
}

TEST(ExplainEdge, BarePhraseIsExplainedWhenNoSuchFileExists) {
    const std::string dir = temp_dir();
    const auto r = sipwhy({.args = {"--brief", "No money left"}, .cwd = dir});
    EXPECT_EQ(
        r, (Outcome{
               0,
               "480 No money left - billing - stop - There is not enough money on the account for "
               "this call.\n",
               ""}));
    const auto unknown = sipwhy({.args = {"pbx.log"}, .cwd = dir});
    EXPECT_EQ(
        unknown,
        (Outcome{
            2, "",
            "sipwhy: error: pbx.log: No such file or directory (read as a file; sipwhy explain "
            "\"pbx.log\" reads it as a query)\n"}));
}

// `sipwhy NAME` run beside a log of that name that holds a 486: the log is scanned.
void expect_log_is_scanned(const std::string& name) {
    temp_file(name, "SIP/2.0 486 Busy Here\n");
    const auto r = sipwhy({.args = {name}, .cwd = temp_dir()});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), name + ":1: 486 Busy Here - busy");
}

TEST(ExplainEdge, PhraseNamingAFileIsScanned) {
    expect_log_is_scanned("No money left");
}

TEST(ExplainEdge, DateNamedLogIsScannedWhenItExists) {
    expect_log_is_scanned("20240101");
    const auto missing = sipwhy({.args = {"20240102"}, .cwd = temp_dir()});
    EXPECT_EQ(
        missing,
        (Outcome{2, "",
                 "sipwhy: error: \"20240102\": not a SIP status code (expected three digits, "
                 "100-699) (read as a query; sipwhy scan \"20240102\" reads it as a file)\n"}));
}

TEST(ExplainEdge, SeparatelyQuotedPhrasesAreSeparateQueries) {
    const auto r = sipwhy({"--brief", "explain", "Wrong Guess", "No money left"});
    EXPECT_EQ(
        r, (Outcome{
               0,
               "403 Wrong Guess - authentication - fix_request - Wrong SIP password: the digest "
               "response does not match the one computed from the stored password.\n"
               "480 No money left - billing - stop - There is not enough money on the account for "
               "this call.\n",
               ""}));
    const auto words = sipwhy({"--brief", "486", "Busy", "Here", "486", "Busy Here"});
    EXPECT_EQ(
        status_out(words),
        (StatusText{
            0,
            "486 Busy Here - busy - retry_later - The callee's device was reached but will not "
            "take another call right now.\n"
            "486 Busy Here - busy - retry_later - The callee's device was reached but will not "
            "take another call right now.\n"}));
}

TEST(ExplainEdge, ReadsWhatScanReads) {
    const auto r =
        sipwhy({"--brief", "explain",
                "-- Got SIP response 503 \"Service Unavailable\" back from 10.0.0.1:5060",
                "Q.850;cause=17", "486:Busy Here", "Status-Line: SIP/2.0 486 Busy Here"});
    EXPECT_EQ(
        r, (Outcome{
               0,
               "503 Service Unavailable - capacity - try_next_route - The server is temporarily "
               "overloaded, in maintenance or out of capacity (channels, licences, call limits).\n"
               "Reason Q.850 cause 17: User busy - busy\n"
               "486 Busy Here - busy - retry_later - The callee's device was reached but will not "
               "take another call right now.\n"
               "486 Busy Here - busy - retry_later - The callee's device was reached but will not "
               "take another call right now.\n",
               ""}));
    // Without "explain" too: a line with a response explains when no file has its name.
    const auto bare =
        sipwhy({.args = {"--brief", "Status-Line: SIP/2.0 486 Busy Here"}, .cwd = temp_dir()});
    EXPECT_EQ(bare.status, 0);
    EXPECT_EQ(bare.out.substr(0, bare.out.find(" - ")), "486 Busy Here");
}

TEST(ExplainEdge, BriefWithAnOperandReadAsAFileSaysSo) {
    const auto r = sipwhy({.args = {"--brief", "pbx.log"}, .cwd = temp_dir()});
    EXPECT_EQ(
        r, (Outcome{
               2, "",
               "sipwhy: error: --brief is for explaining codes, and \"pbx.log\" was read as a file "
               "to scan (sipwhy explain \"pbx.log\" reads it as a query)\n"}));
    const auto named = sipwhy({"scan", "--brief", "pbx.log"});
    EXPECT_EQ(named.err, "sipwhy: error: --brief is for explaining codes, not for scanning logs\n");
}

}  // namespace
}  // namespace sipwhy::e2e
