// Inputs as an attacker would write them, through the real binary: failed writes, memory limits,
// hostile knowledge-base files, control characters and names meant to forge output. Each ends
// with one error line and status 2, or with output that shows the hostile bytes neutralised.
#include "run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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
    EXPECT_EQ(
        explain,
        (Outcome{2, "",
                 "sipwhy: error: cannot write to standard output: No space left on device\n"}));
    const std::string log = temp_file("a.log", "SIP/2.0 486 Busy Here\n");
    const auto scan = sipwhy({.args = {log}, .wrapper = shell_redirect(">/dev/full")});
    EXPECT_EQ(status_err(scan),
              (StatusText{
                  2, "sipwhy: error: cannot write to standard output: No space left on device\n"}));
}

TEST(Attack, AFullDiskOnStandardErrorKeepsTheStatus) {
    const auto missing =
        sipwhy({.args = {"no-such.log"}, .wrapper = shell_redirect("2>/dev/full")});
    EXPECT_EQ(status_out(missing), (StatusText{2, ""}));
    const auto fine =
        sipwhy({.args = {"--brief", "486"}, .wrapper = shell_redirect("2>/dev/full")});
    EXPECT_EQ(
        status_out(fine),
        (StatusText{
            0,
            "486 Busy Here - busy - retry_later - The callee's device was reached but will not "
            "take another call right now.\n"}));
}

TEST(Attack, AClosedStandardErrorIsNotAClosedStandardOutput) {
    const std::string log = temp_file("a.log", "SIP/2.0 486 Busy Here\n");
    const auto r = sipwhy({.args = {"no-such.log", log}, .wrapper = k_stderr_reader_gone});
    EXPECT_EQ(r, (Outcome{2, log + ":1: 486 Busy Here - busy\n", ""}));
}

TEST(Attack, AKbNumberOutOfRangeIsADiagnostic) {
    const std::string kb = temp_file("kb.json", "{\"variants\": [{\"code\": 1e400}]}\n");
    const std::string expected =
        "sipwhy: error: " + kb + ":1:24: number overflow parsing '1e400'\n";
    const auto given = sipwhy({"--kb", kb, "486"});
    EXPECT_EQ(given, (Outcome{2, "", expected}));
    const auto from_env = sipwhy({.args = {"list", "4xx"}, .env = {{"SIPWHY_KB", kb}}});
    EXPECT_EQ(from_env, (Outcome{2, "", expected}));
}

TEST(Attack, OutOfMemoryIsAnErrorNamingTheInput) {
#if defined(SIPWHY_SANITIZED)
    GTEST_SKIP() << "AddressSanitizer needs more address space than the limit";
#endif
    // Three million nested arrays take over 200 MB to parse; the limit is 100 MB.
    const std::size_t depth = 3'000'000;
    const std::string kb =
        temp_file("deep.json", std::string(depth, '[') + std::string(depth, ']'));
    const auto r = sipwhy({.args = {"--kb", kb, "486"},
                           .wrapper = {"sh", "-c", "ulimit -v 100000 && exec \"$@\"", "sh"}});
    EXPECT_EQ(
        r, (Outcome{2, "", "sipwhy: error: knowledge-base file \"" + kb + "\": out of memory\n"}));
}

// U+FFFD, what every hostile character becomes.
const std::string k_r = "\xEF\xBF\xBD";

TEST(Attack, C1ControlsAndBidiOverridesAreNeutralised) {
    // CSI (U+009B), OSC (U+009D), ST (U+009C), NEL (U+0085), RLO (U+202E), LRE (U+202A), LRI
    // (U+2066): each would drive or reorder a terminal.
    const std::string log = temp_file(
        "c1.log",
        "SIP/2.0 486 Bu\xC2\x9B"
        "2Jsy\xE2\x80\xAE"
        "ereH\r\nCall-ID: a\xC2\x9D"
        "0;x\xC2\x9C"
        "b\xE2\x81\xA6\r\nCSeq: 1 INVITE\r\nFrom: <sip:\xE2\x80\xAA"
        "al@x>\r\nTo: <sip:b\xC2\x85@y>\r\nReason: Q.850;cause=17;text=\"x\xC2\x9By\"\r\n\r\n");
    const auto lines = sipwhy({log});
    EXPECT_EQ(status_out(lines), (StatusText{0, log + ":1: 486 Bu" + k_r + "2Jsy" + k_r +
                                                    "ereH - busy (INVITE, call a" + k_r + "0;x" +
                                                    k_r + "b" + k_r + ")\n"}));
    const auto calls = sipwhy({"--calls", log});
    EXPECT_EQ(
        status_out(calls),
        (StatusText{0, log + ":1: call a" + k_r + "0;x" + k_r + "b" + k_r + ": busy - 486 Bu" +
                           k_r + "2Jsy" + k_r + "ereH (INVITE " + k_r + "al -> b" + k_r +
                           ")\n  Reason: Q.850 cause 17 (User busy) \"x" + k_r + "y\"\n"}));
    const auto json = sipwhy({"--json", log});
    EXPECT_EQ(json_lines(json.out).at(0)["reason"], "Bu" + k_r + "2Jsy" + k_r + "ereH");
    // Queries too: a phrase typed (or pasted) with an override.
    const auto query = sipwhy({"--brief", "486 Busy\xE2\x80\xAEHere"});
    EXPECT_EQ(query.out.substr(0, 19 + k_r.size()), "486 Busy" + k_r + "Here - busy");
}

TEST(Attack, FileNamesCannotDriveTheTerminalOrForgeLines) {
    const std::string dir = temp_dir();
    const std::string name = dir + "/a\x1B[31mb\nc\xC2\x9B.log";
    std::ofstream(name) << "SIP/2.0 486 Busy Here\nSIP/2.0 4294967301 x\n";
    const std::string shown = dir + "/a" + k_r + "[31mb" + k_r + "c" + k_r + ".log";
    const auto lines = sipwhy({name});
    EXPECT_EQ(
        status_out(lines),
        (StatusText{0, shown + ":1: 486 Busy Here - busy\n" + shown +
                           ":2: malformed status line \"SIP/2.0 4294967301 x\" (status code is "
                           "not three digits)\n"}));
    const auto count = sipwhy({"-c", name, name});
    EXPECT_EQ(count.out, shown + ":1\n" + shown + ":1\n");
    const auto missing = sipwhy({"x\x1B]0;title\x07\nsipwhy: forged.log"});
    EXPECT_EQ(status_err(missing),
              (StatusText{2, "sipwhy: error: x" + k_r + "]0;title" + k_r + k_r +
                                 "sipwhy: forged.log: No such file or directory\n"}));
}

TEST(Attack, CsvCellsCannotBeFormulas) {
    const std::string log =
        temp_file("csv.log",
                  "SIP/2.0 486 -2+3\r\nCall-ID: =cmd|' /C calc'!A0\r\nCSeq: 1 INVITE\r\n"
                  "From: <sip:+4930123@x>\r\nTo: <sip:@SUM(1)@y>\r\n"
                  "Reason: Q.850;cause=17;text=\"x\"\r\n\r\n"
                  "SIP/2.0 603 \t=1\r\nCall-ID: -1\r\nCSeq: 1 INVITE\r\nTo: <sip:=1+2@y>\r\n\r\n");
    const auto calls = sipwhy({"--calls", "--csv", log});
    EXPECT_EQ(status_out(calls),
              (StatusText{
                  0,
                  "call_id,source,line,method,verdict,code,reason,category,from,to,challenges,"
                  "reason_protocol,reason_cause,contradiction,no_ack,frame,time,caller_address,"
                  "callee_address,pdd_ms,setup_ms,ring_ms,duration_ms,disconnect_ms,register_ms\n"
                  "'=cmd|' /C calc'!A0," +
                      log +
                      ",1,INVITE,busy,486,'-2+3,busy,+4930123,,0,Q.850,17,,"
                      "false,,,,,,,,,,\n"
                      "-1," +
                      log + ",8,INVITE,declined,603,'=1,declined,,'=1+2,0,,,,false,,,,,,,,,,\n"}));
    const auto summary = sipwhy({"--summary", "--csv", log});
    EXPECT_EQ(summary.out,
              "count,code,reason,category,next_step,meaning\n"
              "1,486,'-2+3,busy,retry_later,The callee's device was reached but will not take "
              "another call right now.\n"
              "1,603,'=1,declined,stop,\"The callee's device was reached, but the user (or a "
              "system acting for them) refused the call, and no other endpoint will answer.\"\n");
}

TEST(Attack, CallsCsvWithEmptyFieldsIsWritten) {
    // An unanswered call leaves most fields empty; each is written as nothing (the sanitizer build
    // once stopped here, at a copy from a null pointer).
    const auto r = sipwhy(Invocation{.args = {"--calls", "--csv"},
                                     .input = "INVITE sip:b@y SIP/2.0\r\nCall-ID: two\r\n"
                                              "CSeq: 1 INVITE\r\n\r\n"});
    EXPECT_EQ(
        r, (Outcome{0,
                    "call_id,source,line,method,verdict,code,reason,category,from,to,challenges,"
                    "reason_protocol,reason_cause,contradiction,no_ack,frame,time,caller_address,"
                    "callee_address,pdd_ms,setup_ms,ring_ms,duration_ms,disconnect_ms,register_ms\n"
                    "two,(standard input),1,INVITE,no_final_response,,,,,,0,,,,false,,,,,,,,,,\n",
                    ""}));
}

TEST(Attack, KbTextsWithControlCharactersAreRefused) {
    const std::string kb =
        temp_file("kb.json", R"({"variants": [{"code": 486, "phrase": "Busy\u009b",
  "meaning": {"en": "x\u001b[2J"}, "category": "busy", "kind": "carrier", "vendor": "v\u202e",
  "source": "s\u0007", "checks": ["ok", "\u2066"]}]})");
    const auto r = sipwhy({"--kb", kb, "486"});
    EXPECT_EQ(status_out(r), (StatusText{2, ""}));
    const std::string rule = ": no control characters or bidirectional overrides in a text\n";
    EXPECT_EQ(r.err, "sipwhy: error: " + kb + ": /variants/0/phrase: holds U+009B" + rule +
                         "sipwhy: error: " + kb + ": /variants/0/meaning/en: holds U+001B" + rule +
                         "sipwhy: error: " + kb + ": /variants/0/vendor: holds U+202E" + rule +
                         "sipwhy: error: " + kb + ": /variants/0/source: holds U+0007" + rule +
                         "sipwhy: error: " + kb + ": /variants/0/checks/1: holds U+2066" + rule);
}

TEST(Attack, SummaryCutsLongPhrasesBetweenCharacters) {
    // Byte 200 of the phrase falls inside the Cyrillic letter: the cut comes before it.
    const std::string phrase = std::string(199, 'a') + "\xD0\x96" + "b";
    const auto r = sipwhy(
        Invocation{.args = {"--summary", "--json"}, .input = "SIP/2.0 486 " + phrase + "\n"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(json_lines(r.out).at(0)["by_code"][0]["reason"], std::string(199, 'a'));
}

TEST(Attack, LongArgumentsAreCutWithTheirLength) {
    const std::string huge(100000, 'x');
    const std::string shown = std::string(80, 'x') + "... (100000 bytes)";
    const auto category = sipwhy({"--category=" + huge, "-"});
    EXPECT_EQ(status_err(category),
              (StatusText{2, "sipwhy: error: --category: unknown category \"" + shown + "\"\n"}));
    const auto option = sipwhy({"--" + huge});
    EXPECT_EQ(option.err, "sipwhy: error: unknown option --" + std::string(78, 'x') +
                              "... (100002 bytes) (see sipwhy --help)\n");
    const auto file = sipwhy({"./" + huge});
    EXPECT_EQ(status_err(file), (StatusText{2, "sipwhy: error: ./" + std::string(254, 'x') +
                                                   "... (100002 bytes): File name too long\n"}));
    const auto cause = sipwhy({"cause", huge});
    EXPECT_EQ(cause.err,
              "sipwhy: error: \"" + shown + "\": no platform has a cause of this name\n");
}

TEST(Attack, AKbDirectoryIsADirectory) {
    const std::string dir = temp_dir();
    const auto r = sipwhy({"--kb", dir, "486"});
    EXPECT_EQ(r, (Outcome{2, "",
                          "sipwhy: error: cannot read knowledge-base file \"" + dir +
                              "\": is a directory\n"}));
}

TEST(Attack, SummaryColumnsCountTerminalCells) {
    // Each CJK character and the emoji take two columns; the phrase column is 30 wide.
    const std::string wide_16 = [] {
        std::string s;
        for (int i = 0; i < 16; ++i) {
            s += "\xE4\xB8\xAD";  // 中
        }
        return s;
    }();
    const auto table =
        sipwhy(Invocation{.args = {"--summary"},
                          .input = "SIP/2.0 486 \xE5\xBF\x99\xE7\xA2\x8C\xE4\xB8\xAD\nSIP/2.0 603 "
                                   "\xE6\x8B\x92\xE7\xBB\x9D\xF0\x9F\x98\x80\nSIP/2.0 480 " +
                                   wide_16 + "\n"});
    EXPECT_EQ(table.status, 0);
    std::string cut;
    for (int i = 0; i < 14; ++i) {
        cut += "\xE4\xB8\xAD";
    }
    EXPECT_EQ(
        table.out.substr(0, table.out.find("\n\nBy class")),
        "Count  Code  Phrase                          Category     Meaning\n"
        "1      480   " +
            cut +
            " ~  unavailable  The callee is known but cannot be reached now: "
            "not registered, DND, offline or not answering.\n"
            "1      486   \xE5\xBF\x99\xE7\xA2\x8C\xE4\xB8\xAD                          busy       "
            "  "
            "The callee's device was reached but will not take another call right now.\n"
            "1      603   \xE6\x8B\x92\xE7\xBB\x9D\xF0\x9F\x98\x80                          "
            "declined     "
            "The callee's device was reached, but the user (or a system acting for them) refused "
            "the call, and no other endpoint will answer.");
}

TEST(Attack, AnEmptyOptionValueDoesNotTakeTheNextArgument) {
    const std::string log = temp_file("a.log", "SIP/2.0 486 Busy Here\n");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--class=", log}, {"--code", ",", log}, {"--category=,", log}, {"--kb=", "486"}}) {
        const auto r = sipwhy(args);
        EXPECT_EQ(r.status, 2) << args[0];
        EXPECT_EQ(r.out, "") << args[0];
        const std::string name = args[0].substr(0, args[0].find('='));
        EXPECT_EQ(r.err, "sipwhy: error: " + name + ": the value is empty (see sipwhy --help)\n");
    }
}

}  // namespace
}  // namespace sipwhy::e2e
