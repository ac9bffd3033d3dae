// Timing and endpoints in --calls verdicts, the method of a verdict without its request, and
// calls per input unless --join.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

using namespace packets;

Result follow(std::vector<std::string> args) {
    return in_calls("follow.log", std::move(args));
}

TEST(Timing, TextSaysWhatIsKnown) {
    const auto r = follow({"--calls"});
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "follow.log:2: 2026-11-21T10:00:00.000000 call follow-a1: answered - 200 OK (INVITE "
            "2001 -> +442071234567)\n"
            "  endpoints: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
            "  timing: pdd 2.0 s, answered after 10.0 s, 8.0 s ringing, 1 min 0.1 s talk, BYE "
            "answered in 200 ms\n"
            "follow.log:65: 2026-11-21T10:05:00.000000 call follow-a2: busy - 486 Busy Here "
            "(INVITE 2002 -> 5551000)\n"
            "  endpoints: 192.0.2.60:5060 -> 198.51.100.9:5060\n"
            "  timing: final answer after 3.0 s\n"
            "follow.log:92: 2026-11-21T10:30:00.000000 call follow-b1: registered - 200 OK "
            "(REGISTER 2001 -> 2001, after 1 "
            "challenge)\n"
            "  endpoints: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
            "  timing: registered in 250 ms\n"
            "follow.log:128: 2026-11-21T11:00:00.000000 call other-c1: no_final_response (INVITE "
            "3003 -> 4471999)\n"
            "  endpoints: 192.0.2.60:5060 -> 198.51.100.3:5060\n"
            "  timing: pdd 1.5 s\n"}));
}

TEST(Timing, JsonHasEveryTimingInMilliseconds) {
    const std::string out = follow({"--calls", "--json"}).out;
    EXPECT_NE(out.find(R"("timing":{"pdd_ms":2000,"setup_ms":10000,"ring_ms":8000,)"
                       R"("duration_ms":60100,"disconnect_ms":200,"register_ms":null},)"
                       R"("findings":[]})"),
              std::string::npos)
        << out;
    const auto lines = json_lines(out);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[1]["timing"]["setup_ms"], 3000);
    EXPECT_TRUE(lines[1]["timing"]["pdd_ms"].is_null());
    EXPECT_TRUE(lines[1]["timing"]["duration_ms"].is_null());
    EXPECT_EQ(lines[2]["timing"]["register_ms"], 250);
    EXPECT_EQ(lines[3]["timing"]["pdd_ms"], 1500);
    EXPECT_TRUE(lines[3]["timing"]["setup_ms"].is_null());
    // sngrep's framing names the addresses.
    EXPECT_EQ(lines[0]["caller_address"], "192.0.2.60:5060");
    EXPECT_EQ(lines[0]["callee_address"], "198.51.100.3:5060");
}

TEST(Timing, CsvHasAColumnForEach) {
    const auto r = follow({"--calls", "--csv"});
    EXPECT_EQ(r.out,
              "call_id,source,line,method,verdict,code,reason,category,from,to,challenges,"
              "reason_protocol,reason_cause,contradiction,no_ack,frame,time,caller_address,"
              "callee_address,pdd_ms,setup_ms,ring_ms,duration_ms,disconnect_ms,register_ms\n"
              "follow-a1,follow.log,2,INVITE,answered,200,OK,success,2001,+442071234567,0,,,,"
              "false,,2026-11-21T10:00:00.000000,192.0.2.60:5060,198.51.100.3:5060,2000,10000,8000,"
              "60100,200,\n"
              "follow-a2,follow.log,65,INVITE,busy,486,Busy Here,busy,2002,5551000,0,,,,false,,"
              "2026-11-21T10:05:00.000000,"
              "192.0.2.60:5060,198.51.100.9:5060,,3000,,,,\n"
              "follow-b1,follow.log,92,REGISTER,registered,200,OK,success,2001,2001,1,,,,false,,"
              "2026-11-21T10:30:00.000000,"
              "192.0.2.60:5060,198.51.100.3:5060,,,,,,250\n"
              "other-c1,follow.log,128,INVITE,no_final_response,,,,3003,4471999,0,,,,false,,"
              "2026-11-21T11:00:00.000000,"
              "192.0.2.60:5060,198.51.100.3:5060,1500,,,,,\n");
}

// An answered call in a capture: INVITE, 100, 183, 200, ACK, then the callee's BYE and its 200
// `talk` seconds after the 200.
std::string answered_pcap(std::uint32_t talk = 30, const std::string& name = "answered.pcap") {
    const std::string id = "cap-answered";
    const auto phone = [](const Bytes& b) {
        return udp4("192.0.2.10", 5062, "203.0.113.5", 5060, b);
    };
    const auto server = [](const Bytes& b) {
        return udp4("203.0.113.5", 5060, "192.0.2.10", 5062, b);
    };
    return temp_file(
        name, pcap(link::ethernet,
                   {
                       {phone(sip_request("INVITE", id, 1)), 1700000000, 0},
                       {server(sip_response(100, "Trying", id, 1, "INVITE")), 1700000000, 10000},
                       {server(sip_response(183, "Session Progress", id, 1, "INVITE")), 1700000001,
                        500000},
                       {server(sip_response(200, "OK", id, 1, "INVITE")), 1700000004, 0},
                       {phone(sip_request("ACK", id, 1)), 1700000004, 20000},
                       {server(sip_request("BYE", id, 7)), 1700000004 + talk, 0},
                       {phone(sip_response(200, "OK", id, 7, "BYE")), 1700000004 + talk, 45000},
                   }));
}

TEST(Timing, CaptureVerdictHasEndpointsAndTiming) {
    const std::string path = answered_pcap();
    const auto r = sipwhy({"--calls", path});
    EXPECT_EQ(
        status_out(r),
        (StatusText{0, path +
                           ":1: 2023-11-14T22:13:20.000000Z call cap-answered: answered - 200 OK "
                           "(INVITE alice -> bob)\n"
                           "  endpoints: 192.0.2.10:5062 -> 203.0.113.5:5060\n"
                           "  timing: pdd 1.5 s, answered after 4.0 s, 2.5 s ringing, 30.0 s talk, "
                           "BYE answered in 45 ms\n"}));
    const auto json = json_lines(sipwhy({"--calls", "--json", path}).out);
    ASSERT_EQ(json.size(), 1u);
    EXPECT_EQ(json[0]["caller_address"], "192.0.2.10:5062");
    EXPECT_EQ(json[0]["callee_address"], "203.0.113.5:5060");
    EXPECT_EQ(json[0]["timing"]["duration_ms"], 30000);
    EXPECT_EQ(json[0]["timing"]["disconnect_ms"], 45);
}

// Hours and days are said in hours and days (a capture whose clock jumped, a call left up).
TEST(Timing, LongDurationsInHoursAndDays) {
    const auto timing = [](std::uint32_t talk, const std::vector<std::string>& lang) {
        std::vector<std::string> args = lang;
        args.push_back("--calls");
        args.push_back(answered_pcap(talk, "long-" + std::to_string(talk) + ".pcap"));
        const std::string out = sipwhy(args).out;
        const auto at = out.find("  timing: ");
        return at == std::string::npos ? out : out.substr(at);
    };
    EXPECT_EQ(timing(2 * 3600 + 5 * 60 + 3, {}),
              "  timing: pdd 1.5 s, answered after 4.0 s, 2.5 s ringing, 2 h 5 min talk, BYE "
              "answered in 45 ms\n");
    EXPECT_EQ(timing(3 * 86400 + 4 * 3600 + 59 * 60, {}),
              "  timing: pdd 1.5 s, answered after 4.0 s, 2.5 s ringing, 3 d 4 h talk, BYE "
              "answered in 45 ms\n");
    EXPECT_TRUE(has(timing(3 * 86400 + 4 * 3600, {"--lang", "ru"}), "разговор 3 д 4 ч"));
    EXPECT_TRUE(has(timing(2 * 3600 + 5 * 60, {"--lang", "ru"}), "разговор 2 ч 5 мин"));
}

// Responses only, as many logs print them: the method comes from their CSeq.
const std::string k_ringing_only =
    "SIP/2.0 180 Ringing\n"
    "From: <sip:2001@a>;tag=1\n"
    "To: <sip:3003@b>;tag=2\n"
    "Call-ID: only-ringing\n"
    "CSeq: 4 INVITE\n"
    "\n";

TEST(Timing, MethodFromTheResponsesCSeq) {
    const auto r = sipwhy(Invocation{.args = {"--calls"}, .input = k_ringing_only});
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "(standard input):1: call only-ringing: no_final_response (INVITE 2001 -> 3003)\n"}));
}

// One call whose INVITE is in one file and whose answer is in the next.
const std::string k_first_half =
    "INVITE sip:3003@b SIP/2.0\n"
    "From: <sip:2001@a>;tag=1\n"
    "To: <sip:3003@b>\n"
    "Call-ID: split-call\n"
    "CSeq: 1 INVITE\n"
    "\n";
const std::string k_second_half =
    "SIP/2.0 486 Busy Here\n"
    "From: <sip:2001@a>;tag=1\n"
    "To: <sip:3003@b>;tag=2\n"
    "Call-ID: split-call\n"
    "CSeq: 1 INVITE\n"
    "\n";

TEST(Timing, CallsArePerInputUnlessJoined) {
    const std::string dir = temp_dir();
    temp_file("a.log", k_first_half);
    temp_file("b.log", k_second_half);
    const auto apart = sipwhy(Invocation{.args = {"--calls", "a.log", "b.log"}, .cwd = dir});
    EXPECT_EQ(apart.out,
              "a.log:1: call split-call: no_final_response (INVITE 2001 -> 3003)\n"
              "b.log:1: call split-call: busy - 486 Busy Here (INVITE 2001 -> 3003)\n");
    const auto joined =
        sipwhy(Invocation{.args = {"--calls", "--join", "a.log", "b.log"}, .cwd = dir});
    EXPECT_EQ(joined.out, "a.log:1: call split-call: busy - 486 Busy Here (INVITE 2001 -> 3003)\n");
}

TEST(Timing, JoinIsForScanning) {
    const auto r = sipwhy({"486", "--join"});
    EXPECT_EQ(
        status_err(r),
        (StatusText{2, "sipwhy: error: --join is for scanning logs, not for explaining codes\n"}));
}

}  // namespace
}  // namespace sipwhy::e2e
