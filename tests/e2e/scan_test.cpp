// Scanning logs through the real binary: every mode and flag, inputs, errors, exit statuses.
#include "run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sipwhy::e2e {
namespace {

const std::string k_fixtures = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/logs";

Result in_fixtures(std::vector<std::string> args, std::string input = {}) {
    return sipwhy(
        Invocation{.args = std::move(args), .input = std::move(input), .cwd = k_fixtures});
}

TEST(Scan, OneLinePerResponse) {
    const auto r = in_fixtures({"asterisk-pjsip.log", "plain.log"});
    EXPECT_EQ(
        r,
        (Outcome{
            0,
            "asterisk-pjsip.log:11: 407 Proxy Authentication Required - authentication (INVITE, "
            "call pjsip-call-0001)\n"
            "asterisk-pjsip.log:35: 486 Busy Here - busy (INVITE, call pjsip-call-0001)\n"
            "  ! The Reason header's Q.850 cause 16 (Normal call clearing) does not match 486 Busy "
            "Here: RFC 3398 pairs that cause with other statuses, so the cause says more about "
            "why. [RFC 3326 §2]\n"
            "  ! Sent by ExampleSBC 2.1 (Server). [RFC 3261 §20.35, §20.41]\n"
            "plain.log:1: 486 Busy Here - busy\n"
            "plain.log:2: 480 No money left - billing\n"
            "plain.log:3: 403 Wrong Guess - authentication\n"
            "plain.log:6: malformed status line \"SIP/2.0 4294967301 better not break the "
            "receiver\" (status code is not three digits)\n"
            "plain.log:7: malformed status line \"SIP/3.0 200 OK\" (unsupported SIP version "
            "(expected SIP/2.0))\n"
            "plain.log:8: 100 - progress\n",
            ""}));
}

TEST(Scan, StdinWhenPipedWithoutOperands) {
    const auto r = sipwhy(Invocation{.input = "junk\nSIP/2.0 486 Busy Here\n"});
    EXPECT_EQ(status_out(r), (StatusText{0, "(standard input):2: 486 Busy Here - busy\n"}));
    const auto dash = sipwhy(Invocation{.args = {"-"}, .input = "SIP/2.0 603 Decline\n"});
    EXPECT_EQ(dash.out, "(standard input):1: 603 Decline - declined\n");
    const auto scan = sipwhy(Invocation{.args = {"scan"}, .input = "SIP/2.0 603 Decline\n"});
    EXPECT_EQ(scan.out, "(standard input):1: 603 Decline - declined\n");
}

TEST(Scan, TheFirstOperandDecidesBetweenQueryAndFile) {
    const std::string dir = temp_dir();
    std::ofstream(dir + "/486") << "SIP/2.0 603 Decline\n";
    const auto query = sipwhy(Invocation{.args = {"--brief", "486"}, .cwd = dir});
    EXPECT_EQ(query.out.rfind("486 Busy Here - busy", 0), 0u);
    const auto file = sipwhy(Invocation{.args = {"./486"}, .cwd = dir});
    EXPECT_EQ(file.out, "./486:1: 603 Decline - declined\n");
    const auto scan = sipwhy(Invocation{.args = {"scan", "486"}, .cwd = dir});
    EXPECT_EQ(scan.out, "486:1: 603 Decline - declined\n");
}

TEST(Scan, NothingFoundExitsOne) {
    const auto r = sipwhy(Invocation{.input = "INVITE sip:a@b SIP/2.0\nVia: SIP/2.0/UDP x\n"});
    EXPECT_EQ(status_out(r), (StatusText{1, ""}));
    EXPECT_EQ(sipwhy(Invocation{.stdin_is_null = true}).status, 1);
}

TEST(Scan, DirectoriesAreReadRecursivelyInNameOrder) {
    const std::string dir = temp_dir();
    std::filesystem::create_directories(dir + "/logs/b");
    std::ofstream(dir + "/logs/b/z.log") << "SIP/2.0 404 Not Found\n";
    std::ofstream(dir + "/logs/a.log") << "SIP/2.0 486 Busy Here\n";
    const auto r = sipwhy(Invocation{.args = {"logs"}, .cwd = dir});
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0, "logs/a.log:1: 486 Busy Here - busy\nlogs/b/z.log:1: 404 Not Found - not_found\n"}));
}

TEST(Scan, GzipIsRecognizedByItsMagicBytes) {
    const std::string text = read_file(k_fixtures + "/asterisk-pjsip.log");
    const std::string path = temp_file("pbx.log.1", gzip(text));
    const auto gz = sipwhy({path});
    EXPECT_EQ(
        gz,
        (Outcome{
            0,
            path +
                ":11: 407 Proxy Authentication Required - authentication (INVITE, call "
                "pjsip-call-0001)\n" +
                path + ":35: 486 Busy Here - busy (INVITE, call pjsip-call-0001)\n" +
                "  ! The Reason header's Q.850 cause 16 (Normal call clearing) does not match 486 "
                "Busy "
                "Here: RFC 3398 pairs that cause with other statuses, so the cause says more about "
                "why. [RFC 3326 §2]\n"
                "  ! Sent by ExampleSBC 2.1 (Server). [RFC 3261 §20.35, §20.41]\n",
            ""}));
    // Concatenated members, as `cat a.gz b.gz` makes, and gzip on stdin.
    const auto two = sipwhy(Invocation{.args = {"-c"}, .input = gzip(text) + gzip(text)});
    EXPECT_EQ(two.out, "4\n");
}

TEST(Scan, CorruptAndTruncatedGzipAreErrorsButOtherFilesAreRead) {
    const std::string good = temp_file("good.log", "SIP/2.0 486 Busy Here\n");
    std::string data = gzip(std::string(5000, 'x') + "\nSIP/2.0 603 Decline\n");
    const std::string truncated = temp_file("truncated.gz", data.substr(0, data.size() / 2));
    std::string corrupt_data = data;
    corrupt_data[20] = static_cast<char>(corrupt_data[20] ^ 0x55);
    corrupt_data[21] = static_cast<char>(corrupt_data[21] ^ 0x55);
    const std::string corrupt = temp_file("corrupt.gz", corrupt_data);
    const auto r = sipwhy({truncated, corrupt, good});
    EXPECT_EQ(status_out(r), (StatusText{2, good + ":1: 486 Busy Here - busy\n"}));
    EXPECT_NE(r.err.find("sipwhy: error: " + truncated + ": truncated gzip data\n"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(has(r.err, "sipwhy: error: " + corrupt + ": corrupt gzip data"));
}

// ISA-L inflates where it is installed (as it is where the tests are built), zlib where it is not
// or SIPWHY_LIBISAL=none: the same responses, and the same errors in the same words.
TEST(Scan, BothInflatersReadTheSame) {
    const std::string text = read_file(k_fixtures + "/asterisk-pjsip.log");
    // Larger than one read: a member cut across reads, one line each of 8 KiB.
    std::string big;
    for (int i = 0; i < 400; ++i) {
        big += std::string(8192, static_cast<char>('a' + i % 26)) + "\n" + text;
    }
    std::string bad_crc = gzip(text);
    bad_crc[bad_crc.size() - 8] = static_cast<char>(bad_crc[bad_crc.size() - 8] ^ 1);
    std::string bad_method = gzip(text);
    bad_method[2] = 7;  // only 8, deflate, is defined (RFC 1952 §2.3.1)
    const std::vector<std::pair<std::string, std::string>> inputs = {
        {"members.gz", gzip(text) + gzip("") + gzip(text)},
        {"big.gz", gzip(big)},
        {"twice.gz", gzip(gzip(text))},
        {"crc.gz", bad_crc},
        {"method.gz", bad_method},
        {"garbage.gz", gzip(text) + "not gzip at all"},
        {"cut.gz", gzip(text).substr(0, 100)},
    };
    const std::string dir = temp_dir();
    std::vector<std::string> args = {"-c", "--debug"};
    for (const auto& [name, bytes] : inputs) {
        std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
        args.push_back(name);
    }
    // What an input gave before its error is counted, as grep -c counts.
    const std::string counts =
        "members.gz:4\nbig.gz:800\ntwice.gz:2\ncrc.gz:0\ngarbage.gz:2\ncut.gz:0\n";
    const std::string errors =
        "sipwhy: error: crc.gz: corrupt gzip data (incorrect data check)\n"
        "sipwhy: error: method.gz: corrupt gzip data (unknown compression method)\n"
        "sipwhy: error: garbage.gz: corrupt gzip data (incorrect header check)\n"
        "sipwhy: error: cut.gz: truncated gzip data\n";
    const auto debug_lines = [&](const std::string& inflater) {
        std::string d;
        for (const auto& [name, bytes] : inputs) {
            if (name != "method.gz") {  // its header is refused as it is opened
                d += "sipwhy: " + name + ": gzip, inflated by " + inflater + "\n";
            }
        }
        return d;
    };
    const auto isal = sipwhy({.args = args, .cwd = dir});
    const auto zlib = sipwhy({.args = args, .env = {{"SIPWHY_LIBISAL", "none"}}, .cwd = dir});
    const auto missing =
        sipwhy({.args = args, .env = {{"SIPWHY_LIBISAL", dir + "/no-such-lib.so"}}, .cwd = dir});
    for (const auto* r : {&isal, &zlib, &missing}) {
        EXPECT_EQ(r->status, 2);
        EXPECT_EQ(r->out, counts);
        std::string err = r->err;
        // The debug line of an input comes before its count or its error; the errors in order.
        std::string only_errors;
        std::string only_debug;
        std::size_t at = 0;
        while (at < err.size()) {
            const std::size_t nl = err.find('\n', at);
            const std::string line = err.substr(at, nl - at + 1);
            (line.find(": gzip, inflated by ") != std::string::npos ? only_debug : only_errors) +=
                line;
            at = nl + 1;
        }
        EXPECT_EQ(only_errors, errors);
        EXPECT_TRUE(only_debug == debug_lines("ISA-L") || only_debug == debug_lines("zlib"))
            << only_debug;
    }
    EXPECT_TRUE(has(zlib.err, "inflated by zlib"));
    EXPECT_TRUE(has(missing.err, "inflated by zlib"));
    if (std::filesystem::exists("/usr/lib/x86_64-linux-gnu/libisal.so.2") ||
        std::filesystem::exists("/lib/x86_64-linux-gnu/libisal.so.2")) {
        EXPECT_TRUE(has(isal.err, "inflated by ISA-L")) << isal.err;
    }
    std::filesystem::remove_all(dir);
}

TEST(Scan, MissingAndUnreadableFiles) {
    const std::string good = temp_file("good.log", "SIP/2.0 486 Busy Here\n");
    const auto r = sipwhy({"/nonexistent/pbx.log", good});
    EXPECT_EQ(r, (Outcome{2, good + ":1: 486 Busy Here - busy\n",
                          "sipwhy: error: /nonexistent/pbx.log: No such file or directory\n"}));
    // A file that opens but cannot be read, even by root.
    const auto eio = sipwhy({"/proc/self/mem", good});
    EXPECT_EQ(eio, (Outcome{2, good + ":1: 486 Busy Here - busy\n",
                            "sipwhy: error: /proc/self/mem: Input/output error\n"}));

    // File permissions do not stop root: as root, sipwhy runs as user nobody for this case.
    std::vector<std::string> wrapper;
    if (::geteuid() == 0) {
        wrapper = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
        if (sipwhy({.args = {"--version"}, .wrapper = wrapper}).status != 0) {
            GTEST_SKIP() << "running as root, and user nobody cannot run " SIPWHY_BINARY
                            " through setpriv: skipping the unreadable-file case";
        }
    }
    const std::string locked = temp_file("locked.log", "SIP/2.0 486 Busy Here\n");
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    const auto denied = sipwhy({.args = {locked, good}, .wrapper = wrapper});
    EXPECT_EQ(denied, (Outcome{2, good + ":1: 486 Busy Here - busy\n",
                               "sipwhy: error: " + locked + ": Permission denied\n"}));
}

TEST(Scan, Json) {
    const auto r = in_fixtures({"--json", "asterisk-pjsip.log", "plain.log"});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 8u);
    const auto& busy = lines[1];
    EXPECT_EQ(busy["source"], "asterisk-pjsip.log");
    EXPECT_EQ(busy["line"], 35);
    EXPECT_EQ(busy["code"], 486);
    EXPECT_EQ(busy["reason"], "Busy Here");
    EXPECT_EQ(busy["category"], "busy");
    EXPECT_EQ(busy["next_step"], "retry_later");
    EXPECT_EQ(busy["call_id"], "pjsip-call-0001");
    EXPECT_EQ(busy["method"], "INVITE");
    EXPECT_EQ(busy["cseq"], 101);
    EXPECT_EQ(busy["from"], "2001");
    EXPECT_EQ(busy["to"], "+442071234567");
    EXPECT_EQ(busy["reasons"][0]["protocol"], "Q.850");
    EXPECT_EQ(busy["reasons"][0]["cause"], 16);
    EXPECT_EQ(busy["server"], "ExampleSBC 2.1");
    EXPECT_EQ(busy["match"], "exact");
    EXPECT_EQ(lines[3]["category"], "billing");
    EXPECT_EQ(lines[3]["call_id"], nullptr);
    EXPECT_EQ(lines[5]["malformed"], true);
    EXPECT_EQ(lines[5]["problem"], "status code is not three digits");
}

TEST(Scan, Summary) {
    const auto r =
        in_fixtures({"--summary", "asterisk-pjsip.log", "freeswitch-siptrace.log", "sngrep.log"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
              "Count  Code  Phrase                         Category        Meaning");
    EXPECT_NE(
        r.out.find("\n3      200   OK                             success         Success.\n"),
        std::string::npos)
        << r.out;
    EXPECT_TRUE(has(r.out, "\nBy class:  1xx 1  2xx 3  4xx 2  6xx 1\n"));
    EXPECT_NE(
        r.out.find("\nBy category:  success 3  progress 1  authentication 1  busy 1  declined 1\n"),
        std::string::npos);
    EXPECT_TRUE(has(r.out, "\nTotal: 7 responses\n"));
}

TEST(Scan, SummaryCsvAndJson) {
    const auto csv =
        in_fixtures({"--summary", "--csv", "asterisk-pjsip.log", "freeswitch-siptrace.log"});
    EXPECT_EQ(csv.out,
              "count,code,reason,category,next_step,meaning\n"
              "1,180,Ringing,progress,none,The called device got the INVITE and is alerting the "
              "user; the call is not answered yet.\n"
              "1,407,Proxy Authentication Required,authentication,authenticate,\"A proxy, often "
              "the carrier's edge, challenges the request: resend it with Proxy-Authorization "
              "answering the Proxy-Authenticate challenge.\"\n"
              "1,486,Busy Here,busy,retry_later,The callee's device was reached but will not take "
              "another call right now.\n"
              "1,603,Decline,declined,stop,\"The callee's device was reached, but the user (or a "
              "system acting for them) refused the call, and no other endpoint will answer.\"\n");
    const auto lines =
        json_lines(in_fixtures({"--summary", "--json", "sngrep.log", "plain.log"}).out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["total"], 7);
    EXPECT_EQ(lines[0]["by_code"][0]["code"], 200);
    EXPECT_EQ(lines[0]["by_code"][0]["count"], 3);
    EXPECT_EQ(lines[0]["by_class"]["4xx"], 3);
    EXPECT_EQ(lines[0]["by_category"]["billing"], 1);
    // plain.log's two malformed status lines, as the text summary counts them.
    EXPECT_EQ(lines[0]["malformed"], 2);
    EXPECT_EQ(lines[0]["skipped"], 0);
    // The CSV counts them too, in a row of no code (it once left them out).
    const auto plain = in_fixtures({"--summary", "--csv", "plain.log"});
    EXPECT_TRUE(plain.out.ends_with("\n2,,(malformed status lines),,,\n")) << plain.out;
}

TEST(Scan, Calls) {
    const auto r = in_fixtures({"--calls", "asterisk-pjsip.log", "sngrep.log", "sipp-trace.log"});
    EXPECT_EQ(r.status, 0);
    // Calls are per input: each file's verdicts come when it ends.
    EXPECT_EQ(r.out,
              "asterisk-pjsip.log:2: call pjsip-call-0001: busy - 486 Busy Here (INVITE 2001 -> "
              "+442071234567, after 1 challenge)\n"
              "  Reason: Q.850 cause 16 (Normal call clearing) \"Normal Clearing\"\n"
              "  ! Reason Q.850 cause 16 (Normal call clearing) contradicts 486 Busy Here, which "
              "RFC 3398 maps to cause 17 (User busy)\n"
              "sngrep.log:2: 2026-11-21T12:20:00.100000 call sngrep-call-42: answered - 200 OK "
              "(INVITE 7000 -> 5551000)\n"
              "  endpoints: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
              "  timing: answered after 200 ms\n"
              "  ! 200 OK sent 3 times and no ACK seen: the caller's ACK is not arriving (NAT, "
              "firewall, a wrong Contact or Record-Route); the callee will likely end the call "
              "after about 32 s (RFC 3261 §13.3.1.4).\n"
              "sipp-trace.log:4: call 1-3001@127.0.0.1: failed - 408 Request Timeout (INVITE sipp "
              "-> service)\n");
}

TEST(Scan, CallsCsvAndJson) {
    const auto csv = in_fixtures({"--calls", "--csv", "sngrep.log", "asterisk-pjsip.log"});
    EXPECT_EQ(
        csv.out,
        "call_id,source,line,method,verdict,code,reason,category,from,to,challenges,reason_"
        "protocol,reason_cause,contradiction,no_ack,frame,time,caller_address,callee_address,"
        "pdd_ms,setup_ms,ring_ms,duration_ms,disconnect_ms,register_ms\n"
        "sngrep-call-42,sngrep.log,2,INVITE,answered,200,OK,success,7000,5551000,0,,,,true,,"
        "2026-11-21T12:20:00.100000,"
        "192.0.2.60:5060,198.51.100.3:5060,,200,,,,\n"
        "pjsip-call-0001,asterisk-pjsip.log,2,INVITE,busy,486,Busy "
        "Here,busy,2001,+442071234567,1,Q.850,16,\"Reason Q.850 cause 16 (Normal call clearing) "
        "contradicts 486 Busy Here, which RFC 3398 maps to cause 17 (User busy)\",false,,,,,,,,,,"
        "\n");
    const auto lines = json_lines(
        in_fixtures({"--calls", "--json", "zeek-sip.log", "freeswitch-siptrace.log"}).out);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["call_id"], "zeek-reg-1");
    EXPECT_EQ(lines[0]["verdict"], "registration_failed");
    EXPECT_EQ(lines[0]["code"], 403);
    EXPECT_EQ(lines[0]["category"], "authentication");
    EXPECT_EQ(lines[1]["verdict"], "declined");
    EXPECT_EQ(lines[1]["from"], "1001");
    EXPECT_EQ(lines[1]["no_ack"], false);
}

TEST(Scan, CountLikeGrep) {
    EXPECT_EQ(in_fixtures({"-c", "asterisk-pjsip.log"}).out, "2\n");
    EXPECT_EQ(in_fixtures({"-c", "asterisk-pjsip.log", "sngrep.log"}).out,
              "asterisk-pjsip.log:2\nsngrep.log:3\n");
    const auto none = in_fixtures({"--count", "--code", "699", "asterisk-pjsip.log"});
    EXPECT_EQ(none.out, "0\n");
    EXPECT_EQ(none.status, 1);
}

TEST(Scan, QuietStopsAtTheFirstMatch) {
    const auto r = in_fixtures({"-q", "plain.log", "/nonexistent"});
    EXPECT_EQ(status_out(r), (StatusText{0, ""}));
    EXPECT_EQ(in_fixtures({"-q", "--code", "699", "plain.log"}).status, 1);
}

TEST(Scan, Filters) {
    const auto failures = in_fixtures({"--failures", "sngrep.log", "plain.log"});
    EXPECT_EQ(failures.out,
              "plain.log:1: 486 Busy Here - busy\n"
              "plain.log:2: 480 No money left - billing\n"
              "plain.log:3: 403 Wrong Guess - authentication\n");
    EXPECT_EQ(in_fixtures({"--class", "2xx", "-c", "sngrep.log", "plain.log"}).out,
              "sngrep.log:3\nplain.log:0\n");
    EXPECT_EQ(in_fixtures({"--class", "4XX,1", "-c", "plain.log"}).out, "4\n");
    EXPECT_EQ(in_fixtures({"--category", "busy,billing", "plain.log"}).out,
              "plain.log:1: 486 Busy Here - busy\nplain.log:2: 480 No money left - billing\n");
    EXPECT_EQ(in_fixtures({"--code", "403", "--code", "486", "-c", "plain.log"}).out, "2\n");
    EXPECT_EQ(in_fixtures({"--next-step", "retry_later,stop", "plain.log"}).out,
              "plain.log:1: 486 Busy Here - busy\nplain.log:2: 480 No money left - billing\n");
    const auto calls =
        in_fixtures({"--calls", "--failures", "sngrep.log", "freeswitch-siptrace.log"});
    EXPECT_EQ(calls.out,
              "freeswitch-siptrace.log:4: 2026-12-02T10:00:01.101000 call fs-abc-1: declined - 603 "
              "Decline (INVITE 1001 -> 1002)\n"
              "  timing: pdd 12 ms, final answer after 8.1 s, 8.1 s ringing\n");
}

TEST(Scan, BadFilterValues) {
    const auto cls = sipwhy({"--class", "7xx", "x.log"});
    EXPECT_EQ(
        status_err(cls),
        (StatusText{2, "sipwhy: error: --class: \"7xx\" is not a response class (1xx to 6xx)\n"}));
    EXPECT_EQ(sipwhy({"--category", "bussy", "x.log"}).err,
              "sipwhy: error: --category: unknown category \"bussy\" (did you mean \"busy\"?)\n");
    EXPECT_EQ(sipwhy({"--next-step", "retry", "x.log"}).err,
              "sipwhy: error: --next-step: unknown next step \"retry\"\n");
    EXPECT_EQ(sipwhy({"--code", "4860", "x.log"}).err,
              "sipwhy: error: --code: \"4860\": not a SIP status code (expected three digits, "
              "100-699)\n");
}

TEST(Scan, OptionsOfTheOtherCommandAreRefused) {
    EXPECT_EQ(sipwhy({"--summary", "486"}).err,
              "sipwhy: error: --summary is for scanning logs, not for explaining codes\n");
    EXPECT_EQ(sipwhy({"--brief", "x.log"}).err,
              "sipwhy: error: --brief is for explaining codes, and \"x.log\" was read as a file to "
              "scan (sipwhy explain \"x.log\" reads it as a query)\n");
    EXPECT_EQ(sipwhy({"--csv", "-c", "x.log"}).err,
              "sipwhy: error: --csv cannot be combined with --count\n");
    EXPECT_EQ(sipwhy({"--summary", "--calls", "x.log"}).err,
              "sipwhy: error: --summary and --calls cannot be combined\n");
    EXPECT_EQ(sipwhy({"--summary", "--csv", "--json", "x.log"}).status, 2);
}

TEST(Scan, LineBufferedForTailF) {
    const auto r = sipwhy(Invocation{
        .args = {"--line-buffered"}, .input = "SIP/2.0 486 Busy Here\n\n", .hold_stdin = true});
    EXPECT_TRUE(r.output_before_eof);
    EXPECT_EQ(r.out, "(standard input):1: 486 Busy Here - busy\n");
    const auto calls =
        sipwhy(Invocation{.args = {"--calls", "--line-buffered"},
                          .input = "SIP/2.0 486 Busy Here\nCall-ID: t1\nCSeq: 1 INVITE\n\n"
                                   "ACK sip:x@y SIP/2.0\nCall-ID: t1\nCSeq: 1 ACK\n\n",
                          .hold_stdin = true});
    EXPECT_TRUE(calls.output_before_eof);
}

TEST(Scan, BrokenPipeEndsQuietly) {
    std::string input;
    for (int i = 0; i < 50000; ++i) {
        input += "SIP/2.0 486 Busy Here\n";
    }
    const auto r = sipwhy(Invocation{.input = input, .read_limit = 100});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
}

// Every log of the shared corpus: no crash, valid JSON, and a response from every file that holds
// a status line.
TEST(Scan, SharedCorpusLogs) {
    const std::string dir = std::string(SIPWHY_SHARED_DIR) + "/corpus/logs";
    if (!std::filesystem::is_directory(dir)) {
        GTEST_SKIP() << "no corpus at " << dir << ": skipping the corpus check";
    }
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        ++files;
        const std::string path = entry.path().string();
        const auto r = sipwhy({"--json", path});
        EXPECT_TRUE(r.status == 0 || r.status == 1) << path << ": " << r.err;
        EXPECT_EQ(r.err, "") << path;
        std::size_t responses = 0;
        for (const auto& j : json_lines(r.out)) {
            responses += j.contains("code") ? 1 : 0;
        }
        const std::string text = read_file(path);
        bool has_status_line = false;
        for (std::size_t at = text.find("SIP/2.0 "); at != std::string::npos && !has_status_line;
             at = text.find("SIP/2.0 ", at + 1)) {
            has_status_line = at + 11 <= text.size() &&
                              std::isdigit(static_cast<unsigned char>(text[at + 8])) &&
                              std::isdigit(static_cast<unsigned char>(text[at + 9])) &&
                              std::isdigit(static_cast<unsigned char>(text[at + 10]));
        }
        if (has_status_line) {
            EXPECT_GE(responses, 1u) << path << " has a status line but nothing was found";
        }
    }
    EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace sipwhy::e2e
