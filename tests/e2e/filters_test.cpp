// Following calls: --call-id, --since, --until, --from, --to, --host and --method select whole
// calls, in every mode, on logs and captures.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <ctime>

namespace sipwhy::e2e {
namespace {

using namespace packets;

// sipwhy on follow.log (four calls, docs/calls.md).
Result follow(std::vector<std::string> args) {
    return in_calls("follow.log", std::move(args));
}

const std::string k_answered =
    "follow.log:2: 2026-11-21T10:00:00.000000 call follow-a1: answered - 200 OK (INVITE 2001 -> "
    "+442071234567)\n"
    "  endpoints: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
    "  timing: pdd 2.0 s, answered after 10.0 s, 8.0 s ringing, 1 min 0.1 s talk, BYE answered in "
    "200 ms\n";
const std::string k_busy =
    "follow.log:65: 2026-11-21T10:05:00.000000 call follow-a2: busy - 486 Busy Here (INVITE 2002 "
    "-> 5551000)\n"
    "  endpoints: 192.0.2.60:5060 -> 198.51.100.9:5060\n"
    "  timing: final answer after 3.0 s\n";
const std::string k_registered =
    "follow.log:92: 2026-11-21T10:30:00.000000 call follow-b1: registered - 200 OK (REGISTER 2001 "
    "-> 2001, after 1 "
    "challenge)\n"
    "  endpoints: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
    "  timing: registered in 250 ms\n";
const std::string k_unanswered =
    "follow.log:128: 2026-11-21T11:00:00.000000 call other-c1: no_final_response (INVITE 3003 -> "
    "4471999)\n"
    "  endpoints: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
    "  timing: pdd 1.5 s\n";

TEST(Filters, CallIdSelectsOneCall) {
    const auto r = follow({"--calls", "--call-id", "follow-a2"});
    EXPECT_EQ(r, (Outcome{0, k_busy, ""}));
}

TEST(Filters, CallIdIsRepeatable) {
    const auto r = follow({"--calls", "--call-id", "other-c1", "--call-id", "follow-a1"});
    EXPECT_EQ(status_out(r), (StatusText{0, k_answered + k_unanswered}));
}

TEST(Filters, UniqueCallIdPrefixIsEnough) {
    const auto r = follow({"--call-id", "follow-b"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(r.out,
              "follow.log:101: 2026-11-21T10:30:00.040000 401 Unauthorized - authentication "
              "(REGISTER, call follow-b1)\n"
              // The fixture's 401 carries no challenge, and a finding says so.
              "  ! The 401 carries no WWW-Authenticate header, which RFC 3261 requires: the "
              "client has no challenge to answer. [RFC 3261 \u00a721.4.2, \u00a721.4.8]\n"
              "follow.log:119: 2026-11-21T10:30:00.250000 200 OK - success (REGISTER, call "
              "follow-b1)\n");
}

TEST(Filters, AmbiguousPrefixFollowsTheFirstCallAndSaysSo) {
    const auto r = follow({"--calls", "--call-id", "follow-a"});
    EXPECT_EQ(
        r,
        (Outcome{0, k_answered,
                 "sipwhy: --call-id follow-a matches more than one call: follow-a1 and follow-a2; "
                 "only the first is followed\n"}));
}

TEST(Filters, NoSuchCallIdFindsNothing) {
    const auto r = follow({"--calls", "--call-id", "nothing"});
    EXPECT_EQ(r, (Outcome{1, "", ""}));
}

TEST(Filters, TimesOfDayAreOfTheLogsOwnDate) {
    const auto r = follow({"--calls", "--since", "10:04", "--until", "10:45"});
    EXPECT_EQ(status_out(r), (StatusText{0, k_busy + k_registered}));
}

TEST(Filters, ACallIsSelectedByItsFirstMessageAndKeepsTheRest) {
    // follow-a1 began at 10:00:00 and ended at 10:01:10: --since 10:01 does not take its BYE.
    const auto r = follow({"--since", "10:01", "--until", "10:05:00", "--calls"});
    EXPECT_EQ(r.out, k_busy);
    const auto lines = follow({"--until", "10:00:00"});
    EXPECT_EQ(lines.out,
              "follow.log:11: 2026-11-21T10:00:00.050000 100 Trying - progress (INVITE, call "
              "follow-a1)\n"
              "follow.log:20: 2026-11-21T10:00:02.000000 180 Ringing - progress (INVITE, call "
              "follow-a1)\n"
              "follow.log:29: 2026-11-21T10:00:10.000000 200 OK - success (INVITE, call "
              "follow-a1)\n"
              "follow.log:56: 2026-11-21T10:01:10.300000 200 OK - success (BYE, call "
              "follow-a1)\n");
}

TEST(Filters, Iso8601Times) {
    EXPECT_EQ(follow({"--calls", "--since", "2026-11-21T10:29:00"}).out,
              k_registered + k_unanswered);
    EXPECT_EQ(follow({"--calls", "--until", "2026-11-21 10:00:00.5"}).out, k_answered);
    EXPECT_EQ(follow({"--calls", "--since", "2026-11-22"}).status, 1);
}

TEST(Filters, BadTimeIsAUsageError) {
    const auto r = follow({"--calls", "--since", "yesterday"});
    EXPECT_EQ(
        r,
        (Outcome{2, "",
                 "sipwhy: error: --since: \"yesterday\" is not a time (2026-11-20T10:00:00, 10:00, "
                 "-15m)\n"}));
    EXPECT_EQ(follow({"--until", "25:00"}).status, 2);
}

// A log written a few minutes and a few hours ago, in local time as servers write them.
std::string recent_log() {
    const auto stamp = [](std::time_t t) {
        std::tm local{};
        ::localtime_r(&t, &local);
        char text[64];
        std::strftime(text, sizeof text, "%Y/%m/%d %H:%M:%S.000000", &local);
        return std::string(text);
    };
    const std::time_t now = std::time(nullptr);
    const auto message = [&](std::time_t t, const std::string& id, const std::string& status) {
        return stamp(t) + " 198.51.100.3:5060 -> 192.0.2.60:5060\n" + status +
               "\nFrom: <sip:1@a>;tag=x\nTo: <sip:2@b>\nCall-ID: " + id +
               "\nCSeq: 1 INVITE\nContent-Length: 0\n\n";
    };
    return message(now - 3 * 3600, "old-call", "SIP/2.0 503 Service Unavailable") +
           message(now - 10 * 60, "new-call", "SIP/2.0 486 Busy Here");
}

TEST(Filters, RelativeTimesCountBackFromNow) {
    const std::string path = temp_file("recent.log", recent_log());
    const auto r = sipwhy({"--calls", "-I", "--since", "-15m", path});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.out, "call new-call: busy"));
    EXPECT_EQ(r.out.find("old-call"), std::string::npos) << r.out;
    const auto hours = sipwhy({"--calls", "--since=-4h", "--until=-2h", path});
    EXPECT_TRUE(has(hours.out, "call old-call: failed"));
    EXPECT_EQ(hours.out.find("new-call"), std::string::npos) << hours.out;
}

TEST(Filters, ToNumberBySubstringOrDigits) {
    EXPECT_EQ(follow({"--calls", "--to", "4471"}).out, k_unanswered);
    EXPECT_EQ(follow({"--calls", "--to", "+44 (20) 7123-4567"}).out, k_answered);
    EXPECT_EQ(follow({"--calls", "--to", "555"}).out, k_busy);
}

TEST(Filters, FromNumber) {
    EXPECT_EQ(follow({"--calls", "--from", "2001"}).out, k_answered + k_registered);
    EXPECT_EQ(follow({"--calls", "--from", "2002", "--from", "3003"}).out, k_busy + k_unanswered);
}

TEST(Filters, FiltersCombine) {
    EXPECT_EQ(follow({"--calls", "--from", "2001", "--method", "invite"}).out, k_answered);
    EXPECT_EQ(follow({"--calls", "--from", "2001", "--since", "10:10"}).out, k_registered);
}

TEST(Filters, MethodOfTheCallsFirstMessage) {
    EXPECT_EQ(follow({"--calls", "--method", "REGISTER"}).out, k_registered);
    EXPECT_EQ(follow({"--calls", "--method", "REGISTER,INVITE"}).out,
              k_answered + k_busy + k_registered + k_unanswered);
}

TEST(Filters, WorkInSummaryAndCount) {
    EXPECT_EQ(follow({"--count", "--to", "4471"}).out, "1\n");
    EXPECT_EQ(follow({"--count", "--from", "2001"}).out, "6\n");
    const auto r = follow({"--summary", "--call-id", "follow-a2", "--csv"});
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "count,code,reason,category,next_step,meaning\n"
            "1,486,Busy Here,busy,retry_later,The callee's device was reached but will not take "
            "another call right now.\n"}));
}

TEST(Filters, EmptyValueIsAUsageError) {
    const auto r = follow({"--to", " "});
    EXPECT_EQ(status_err(r), (StatusText{2, "sipwhy: error: --to: an empty value\n"}));
}

TEST(Filters, ExplainRefusesThem) {
    const auto r = sipwhy({"486", "--call-id", "x"});
    EXPECT_EQ(status_err(r),
              (StatusText{
                  2, "sipwhy: error: --call-id is for scanning logs, not for explaining codes\n"}));
}

// Two calls to one server from two phones, two seconds apart.
std::string two_phones_pcap() {
    const auto call = [](const char* phone, unsigned port, const std::string& id,
                         std::uint32_t at) {
        return std::vector<Frame>{
            {udp4(phone, port, "203.0.113.5", 5060, sip_request("INVITE", id, 1)), at, 0},
            {udp4("203.0.113.5", 5060, phone, port,
                  sip_response(486, "Busy Here", id, 1, "INVITE")),
             at, 300000},
            {udp4(phone, port, "203.0.113.5", 5060, sip_request("ACK", id, 1)), at, 310000},
        };
    };
    std::vector<Frame> frames = call("192.0.2.10", 5062, "cap-1", 1700000000);
    for (auto& f : call("192.0.2.20", 5064, "cap-2", 1700000002)) {
        frames.push_back(f);
    }
    return temp_file("phones.pcap", pcap(link::ethernet, frames));
}

// The --calls verdicts of the two calls, after the capture's name.
const std::string k_phone_1_verdict =
    ":1: 2023-11-14T22:13:20.000000Z call cap-1: busy - 486 Busy Here (INVITE alice -> bob)\n"
    "  endpoints: 192.0.2.10:5062 -> 203.0.113.5:5060\n"
    "  timing: final answer after 300 ms\n";
const std::string k_phone_2_verdict =
    ":4: 2023-11-14T22:13:22.000000Z call cap-2: busy - 486 Busy Here (INVITE alice -> bob)\n"
    "  endpoints: 192.0.2.20:5064 -> 203.0.113.5:5060\n"
    "  timing: final answer after 300 ms\n";

TEST(Filters, HostOfALogWhoseFramingNamesIt) {
    // sngrep's "src -> dst" line before each message.
    EXPECT_EQ(follow({"--calls", "--host", "198.51.100.9"}).out, k_busy);
    EXPECT_EQ(follow({"--calls", "--host", "198.51.100.9:5060"}).out, k_busy);
    EXPECT_EQ(follow({"--calls", "--host", "198.51.100.9:5061"}).status, 1);
}

TEST(Filters, HostOfALogThatNamesOnlyTheFarEnd) {
    // Asterisk's and FreeSWITCH's framing lines name the trunk, 203.0.113.5:5060, and nothing in
    // the call's messages does; the other call is from a phone at [2001:db8::7].
    struct Case {
        std::string log;
        std::string verdict;  // of the call from the trunk
    };
    const std::vector<Case> cases = {
        {"asterisk-trunk.log",
         "asterisk-trunk.log:3: 2026-11-21T10:00:01 call ast-trunk-1: busy - 486 Busy Here (INVITE "
         "2001 -> "
         "+442071234567)\n"
         "  timing: final answer after 3.0 s\n"},
        {"freeswitch-trunk.log",
         "freeswitch-trunk.log:4: 2026-12-02T10:00:01.101000 call fs-trunk-1: failed - 480 "
         "Temporarily Unavailable (INVITE "
         "1001 -> 1002)\n"
         "  timing: final answer after 2.4 s\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.log);
        EXPECT_EQ(in_calls(c.log, {"--calls", "--host", "203.0.113.5"}),
                  (Outcome{0, c.verdict, ""}));
        EXPECT_EQ(in_calls(c.log, {"--calls", "--host", "203.0.113.5:5060"}).out, c.verdict);
        EXPECT_EQ(in_calls(c.log, {"--calls", "--host", "203.0.113.5:5061"}).status, 1);
    }
    EXPECT_EQ(in_calls("asterisk-trunk.log", {"--calls", "--host", "[2001:db8::7]:5061"}).out,
              "asterisk-trunk.log:45: 2026-11-21T10:02:30 call ast-desk-2: failed - 404 Not Found "
              "(INVITE 2003 -> "
              "2002)\n"
              "  timing: final answer after 0 ms\n");

    // chan_sip's "<--- SIP read from UDP:203.0.113.9:5060 --->".
    const auto chan_sip = sipwhy(Invocation{
        .args = {"--calls", "--host", "203.0.113.9", "asterisk-chan_sip.log"}, .cwd = k_logs});
    EXPECT_EQ(chan_sip.out,
              "asterisk-chan_sip.log:3: 2026-11-21T10:02:11 call 4a5b6c7d@192.0.2.10:5060: failed "
              "- 503 Service "
              "Unavailable (INVITE 2001 -> 018005550100)\n");
}

// PJSIP's "RX ... from UDP 198.51.100.3:5060:" and belle-sip's "message received from
// [udp://198.51.100.3:5060]" name the far end too; and --host reads them in every mode, -c and
// --summary too, where no timestamp is read.
TEST(Filters, HostOfAPjsipOrBelleSipLog) {
    const auto in_logs = [](std::vector<std::string> args) {
        return sipwhy(Invocation{.args = std::move(args), .cwd = k_logs});
    };
    // pjsua's lines have a clock and no date: the file's modification gives the date, so a copy
    // of the log is dated for the test (the checkout's date would change the line).
    const std::string pjsua = temp_file("pjsua.log", read_file(k_logs + "/pjsua.log"));
    const timespec written[2] = {{1796126400, 0}, {1796126400, 0}};  // 2026-12-01T12:00:00Z
    ASSERT_EQ(::utimensat(AT_FDCWD, pjsua.c_str(), written, 0), 0);
    EXPECT_EQ(
        sipwhy(Invocation{.args = {"--host", "198.51.100.3", "-I", pjsua}, .env = {{"TZ", "UTC"}}})
            .out,
        "2: 2026-12-01T12:55:00.101 403 Forbidden - forbidden (INVITE, call "
        "pjsua-call-9)\n");
    EXPECT_EQ(in_logs({"--host", "198.51.100.3:5060", "-c", "pjsua.log"}).out, "1\n");
    EXPECT_EQ(in_logs({"--host", "198.51.100.3:5061", "-c", "pjsua.log"}).out, "0\n");
    EXPECT_EQ(in_logs({"--host", "198.51.100.3", "-c", "android-logcat.log"}).out, "1\n");
    const auto summary =
        in_logs({"--host", "198.51.100.3", "--summary", "--json", "android-logcat.log"});
    EXPECT_EQ(json_lines(summary.out).at(0)["total"], 1);
    EXPECT_EQ(in_logs({"--host", "203.0.113.99", "android-logcat.log"}).status, 1);
    EXPECT_EQ(in_logs({"--flow", "android-logcat.log"}).out,
              "android-logcat.log: call android-call-2 (1 message)\n"
              "                 198.51.100.3:5060                                         local\n"
              "13:05:00.120     +0.000  |------------ 480 Temporarily Unavailable ----------->|\n");
}

TEST(Filters, HostOfACapture) {
    const std::string path = two_phones_pcap();
    const auto r = sipwhy({"--calls", "--host", "192.0.2.20", path});
    EXPECT_EQ(status_out(r), (StatusText{0, path + k_phone_2_verdict}));
    const auto port = sipwhy({"-I", "--host", "192.0.2.10:5062", path});
    EXPECT_EQ(port.out,
              "2: 2023-11-14T22:13:20.300000Z udp 203.0.113.5:5060 -> 192.0.2.10:5062 486 Busy "
              "Here - busy (INVITE, call cap-1)\n");
    EXPECT_EQ(sipwhy({"--calls", "--host", "192.0.2.10:5099", path}).status, 1);
}

TEST(Filters, TimesOfACaptureAreUtc) {
    const std::string path = two_phones_pcap();
    const auto r = sipwhy({"--calls", "--since", "22:13:21", path});
    EXPECT_EQ(r.out, path + k_phone_2_verdict);
    const auto iso = sipwhy({"--calls", "--until", "2023-11-14T23:13:20+01:00", path});
    EXPECT_EQ(iso.out, path + k_phone_1_verdict);
}

}  // namespace
}  // namespace sipwhy::e2e
