// --flow: the ladder of each call as text, as Mermaid and as SVG (rendered by rsvg-convert), on
// logs and captures, with the call filters.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace sipwhy::e2e {
namespace {

using namespace packets;

Result in_dir(const std::string& dir, std::vector<std::string> args,
              std::vector<std::pair<std::string, std::string>> env = {}) {
    return sipwhy(Invocation{.args = std::move(args), .env = std::move(env), .cwd = dir});
}

// The expected drawings are in the fixtures' directory, beside the log: NAME.flow.
std::string expected(const std::string& name) {
    return read_file(k_calls + "/" + name + ".flow");
}

const std::string k_answered_ladder = expected("follow-a1");

TEST(Flow, LadderOfOneCallFitsEightyColumns) {
    const auto r = in_dir(k_calls, {"--flow", "--call-id", "follow-a1", "follow.log"});
    EXPECT_EQ(r, (Outcome{0, k_answered_ladder, ""}));
    for (std::size_t at = 0, end; (end = r.out.find('\n', at)) != std::string::npos; at = end + 1) {
        EXPECT_LE(end - at, 80u) << r.out.substr(at, end - at);
    }
}

TEST(Flow, AFilterOnTheNumberShowsWholeCalls) {
    const auto r = in_dir(k_calls, {"--flow", "--to", "+44 20 7123 4567", "follow.log"});
    EXPECT_EQ(r.out, k_answered_ladder);
}

TEST(Flow, EveryCallWithoutAFilter) {
    const auto r = in_dir(k_calls, {"--flow", "--since", "10:05", "follow.log"});
    EXPECT_EQ(status_out(r), (StatusText{0, expected("since-10-05")}));
}

TEST(Flow, WiderTerminalsGetWiderLadders) {
    const auto r =
        in_dir(k_calls, {"--flow", "--call-id", "follow-a2", "follow.log"}, {{"COLUMNS", "100"}});
    EXPECT_EQ(r.out, expected("follow-a2-100-columns"));
}

TEST(Flow, RetransmissionsAreMarked) {
    const auto r = in_dir(k_logs, {"--flow", "sngrep.log"});
    EXPECT_EQ(r.out, expected("sngrep"));
}

TEST(Flow, ColourOnlyWhenAsked) {
    const auto r =
        in_dir(k_logs, {"--flow", "--color=always", "--call-id", "sngrep-call-42", "sngrep.log"});
    EXPECT_TRUE(has(r.out, "|----------------------\x1b[1m INVITE \x1b[0m---"));
    EXPECT_TRUE(has(r.out, "|<---------------------\x1b[32m 200 OK \x1b[0m---"));
}

// A call through a proxy: the phone, the proxy and the server each get a column.
std::string proxied_pcap() {
    const std::string id = "via-proxy";
    const auto leg = [](const char* src, unsigned sp, const char* dst, unsigned dp, Bytes b) {
        return udp4(src, sp, dst, dp, b);
    };
    const char* phone = "192.0.2.10";
    const char* proxy = "203.0.113.5";
    const char* server = "198.51.100.7";
    return temp_file(
        "proxied.pcap",
        pcap(link::ethernet,
             {
                 {leg(phone, 5062, proxy, 5060, sip_request("INVITE", id, 1)), 1700000000, 0},
                 {leg(proxy, 5060, server, 5060, sip_request("INVITE", id, 1)), 1700000000, 4000},
                 {leg(server, 5060, proxy, 5060, sip_response(100, "Trying", id, 1, "INVITE")),
                  1700000000, 30000},
                 {leg(server, 5060, proxy, 5060,
                      sip_response(503, "Service Unavailable", id, 1, "INVITE")),
                  1700000001, 250000},
                 {leg(proxy, 5060, phone, 5062,
                      sip_response(503, "Service Unavailable", id, 1, "INVITE")),
                  1700000001, 260000},
                 {leg(phone, 5062, proxy, 5060, sip_request("ACK", id, 1)), 1700000001, 270000},
             }));
}

TEST(Flow, CaptureHasAColumnPerHost) {
    const std::string path = proxied_pcap();
    const auto r =
        in_dir(std::filesystem::path(path).parent_path().string(), {"--flow", "proxied.pcap"});
    EXPECT_EQ(status_out(r), (StatusText{0, expected("proxied")}));
}

// A delta of days (a capture whose clock jumped) fits its column, in days and hours.
TEST(Flow, ADeltaOfDaysFitsItsColumn) {
    const std::string id = "clock-jump";
    const auto leg = [](const char* src, const char* dst, Bytes b) {
        return udp4(src, 5060, dst, 5060, b);
    };
    const std::string path = temp_file(
        "clock-jump.pcap",
        pcap(link::ethernet,
             {
                 {leg("192.0.2.10", "203.0.113.5", sip_request("INVITE", id, 1)), 1700000000, 0},
                 {leg("203.0.113.5", "192.0.2.10", sip_response(100, "Trying", id, 1, "INVITE")),
                  1700000000 + 99999, 0},
                 {leg("203.0.113.5", "192.0.2.10", sip_response(486, "Busy Here", id, 1, "INVITE")),
                  1700000000 + 3 * 86400 + 4 * 3600 + 59, 0},
             }));
    const std::string out = sipwhy({"--flow", path}).out;
    EXPECT_TRUE(has(out, "\n22:13:20.000     +0.000  |")) << out;
    EXPECT_TRUE(has(out, "\n01:59:59.000 +99999.000  |")) << out;
    EXPECT_TRUE(has(out, "\n02:14:19.000     +3d04h  |")) << out;
}

TEST(Flow, MermaidPastesIntoATicket) {
    const auto r = in_dir(k_calls, {"--flow", "--mermaid", "--call-id", "follow-a2", "follow.log"});
    EXPECT_EQ(status_out(r), (StatusText{0,
                                         "sequenceDiagram\n"
                                         "    title call follow-a2 (follow.log)\n"
                                         "    participant H1 as 192.0.2.60:5060\n"
                                         "    participant H2 as 198.51.100.9:5060\n"
                                         "    H1->>H2: INVITE (10:05:00.000 +0.000)\n"
                                         "    H2-->>H1: 486 Busy Here (10:05:03.000 +3.000)\n"
                                         "    H1->>H2: ACK (10:05:03.010 +3.010)\n"}));
}

TEST(Flow, MermaidEscapesWhatItWouldRead) {
    const std::string log =
        "SIP/2.0 480 No money; call #2\nFrom: <sip:a@x>;tag=1\nTo: <sip:b@y>\nCall-ID: m1\n"
        "CSeq: 1 INVITE\n\n";
    const auto r = sipwhy(Invocation{.args = {"--flow", "--mermaid"}, .input = log});
    EXPECT_EQ(r.out,
              "sequenceDiagram\n"
              "    title call m1 ((standard input))\n"
              "    participant H1 as a\n"
              "    participant H2 as b\n"
              "    H2-->>H1: 480 No money#59; call #35;2\n");
}

TEST(Flow, TheSdpAndTheFindingsUnderTheirArrows) {
    // A refused offer: each side's streams under its message, then the 488's findings.
    const auto r = in_dir(k_calls, {"--flow", "media.log"});
    EXPECT_EQ(status_out(r), (StatusText{0, expected("media")}));
    const auto mermaid = in_dir(k_calls, {"--flow", "--mermaid", "media.log"});
    EXPECT_EQ(mermaid.out,
              "sequenceDiagram\n"
              "    title call media-1 (media.log)\n"
              "    participant H1 as 192.0.2.10:5060\n"
              "    participant H2 as 203.0.113.5:5060\n"
              "    H1->>H2: INVITE (10:00:00.000 +0.000)\n"
              "    Note over H1,H2: SDP audio 192.0.2.10:4000 RTP/AVP G729/8000, "
              "telephone-event/8000\n"
              "    H2-->>H1: 488 Not Acceptable Here (10:00:00.100 +0.100)\n"
              "    Note over H1,H2: SDP audio 203.0.113.5:5000 RTP/AVP PCMA/8000\n"
              "    Note over H1,H2: ! The refused offer's audio stream carried G729/8000, "
              "telephone-event/8000. [RFC 3264 §5]\n"
              "    Note over H1,H2: ! The 488 says what it takes for audio: PCMA/8000. [RFC 3261 "
              "§21.6.4]\n");
    const auto svg = in_dir(k_calls, {"--flow", "--svg", "media.log"});
    EXPECT_TRUE(has(svg.out,
                    ">SDP audio 192.0.2.10:4000 RTP/AVP G729/8000, "
                    "telephone-event/8000</text>"));
    EXPECT_TRUE(has(svg.out,
                    ">! The 488 says what it takes for audio: PCMA/8000. [RFC 3261 "
                    "§21.6.4]</text>"));
    const std::string file = temp_file("media.svg", svg.out);
    EXPECT_EQ(std::system(("rsvg-convert -o '" + file + ".png' '" + file + "'").c_str()), 0);
}

TEST(Flow, TheCallsFindingsBesideTheMessageTheyConcern) {
    // Credentials refused with a fresh challenge, then a 403: each finding of the whole call
    // under the last message its evidence names.
    const auto r = in_dir(k_calls, {"--flow", "refused.log"});
    EXPECT_EQ(status_out(r), (StatusText{0, expected("refused")}));
    EXPECT_TRUE(has(r.out,
                    "401 Unauthorized ------------------|\n"
                    "                         ! Credentials were refused 1 time(s)"));
}

TEST(Flow, SvgIsOneDocumentThatRenders) {
    const std::string path = proxied_pcap();
    const auto r = sipwhy({"--flow", "--svg", path});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(r.out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    EXPECT_TRUE(r.out.ends_with("</svg>\n"));
    EXPECT_TRUE(has(r.out, ">503 Service Unavailable</text>"));
    EXPECT_TRUE(has(r.out, ">192.0.2.10:5062</text>"));
    EXPECT_EQ(r.out.find("<svg", 10), r.out.rfind("<svg"));  // one document
    const std::string svg = temp_file("flow.svg", r.out);
    const std::string png = std::filesystem::path(svg).replace_extension(".png").string();
    ASSERT_EQ(std::system(("rsvg-convert -o '" + png + "' '" + svg + "'").c_str()), 0);
    const std::string image = read_file(png);
    ASSERT_GT(image.size(), 1000u);
    EXPECT_EQ(image.substr(1, 3), "PNG");
}

TEST(Flow, SvgOfSeveralCallsIsStillOneDocument) {
    const auto r = in_dir(k_calls, {"--flow", "--svg", "follow.log"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.find("<?xml"), r.out.rfind("<?xml"));
    EXPECT_TRUE(has(r.out, "follow.log: call other-c1"));
    const std::string svg = temp_file("calls.svg", r.out);
    EXPECT_EQ(std::system(("rsvg-convert -o '" + svg + ".png' '" + svg + "'").c_str()), 0);
}

TEST(Flow, NothingToDrawIsStatusOne) {
    const auto r = in_dir(k_calls, {"--flow", "--call-id", "nothing", "follow.log"});
    EXPECT_EQ(status_out(r), (StatusText{1, ""}));
}

TEST(Flow, ALogWithoutAddressesHasTheCallerAndTheCallee) {
    const auto r = in_dir(k_logs, {"--flow", "linphone-ios.log"});
    EXPECT_EQ(r.out.substr(0, r.out.find('\n', r.out.find('\n') + 1) + 1),
              "linphone-ios.log: call ios-call-5 (1 message)\n"
              "                        bob                                                carol\n");
}

// A log that names its zone ("13:00:00.100000+0100") is drawn at the clock it wrote, not moved by
// the zone once more; --since and --until read that clock too, and --by files it in its hour.
TEST(Flow, ALogsZoneMovesNoTimeTwice) {
    const auto r = in_dir(k_logs, {"--flow", "linphone-ios.log"});
    const auto third = r.out.find('\n', r.out.find('\n') + 1) + 1;
    EXPECT_EQ(r.out.substr(third, 25), "13:00:00.100     +0.000  ");
    EXPECT_EQ(
        in_dir(k_logs, {"-c", "--since", "2026-11-21T13:00:00+01:00", "linphone-ios.log"}).out,
        "1\n");
    EXPECT_EQ(
        in_dir(k_logs, {"-c", "--until", "2026-11-21T12:59:59+01:00", "linphone-ios.log"}).out,
        "0\n");
    const auto by = in_dir(k_logs, {"--summary", "--by", "hour", "--json", "linphone-ios.log"});
    EXPECT_TRUE(has(by.out, "\"2026-11-21 13:00\""));
}

TEST(Flow, ALogThatNamesOnlyTheFarEndDrawsItsOwnHostAsLocal) {
    // Asterisk's "<--- Transmitting SIP request (...) to UDP:203.0.113.5:5060 --->" and
    // FreeSWITCH's "send 702 bytes to udp/[203.0.113.5]:5060 at ...:" name the trunk only.
    for (const std::string name : {"asterisk-trunk", "freeswitch-trunk"}) {
        const auto r = in_dir(k_calls, {"--flow", "--host", "203.0.113.5", name + ".log"});
        EXPECT_EQ(r.status, 0) << name;
        EXPECT_EQ(r.err, "") << name;
        EXPECT_EQ(r.out, expected(name)) << name;
    }
    // A call from a phone: its address is the first column, as the first message came from it.
    const auto desk = in_dir(k_calls, {"--flow", "--call-id", "ast-desk-2", "asterisk-trunk.log"});
    EXPECT_EQ(desk.out,
              "asterisk-trunk.log: call ast-desk-2 (3 messages)\n"
              "                [2001:db8::7]:5061                                         local\n"
              "10:02:30.000     +0.000  |---------------------- INVITE ---------------------->|\n"
              "10:02:30.000     +0.000  |<------------------ 404 Not Found -------------------|\n"
              "10:02:30.000     +0.000  |------------------------ ACK ----------------------->|\n");
}

TEST(Flow, UsageErrors) {
    EXPECT_EQ(sipwhy({"--mermaid", "x.log"}).err,
              "sipwhy: error: --mermaid draws a --flow: give --flow too\n");
    EXPECT_EQ(sipwhy({"--flow", "--calls", "x.log"}).err,
              "sipwhy: error: --flow and --calls cannot be combined\n");
    EXPECT_EQ(sipwhy({"--flow", "--mermaid", "--svg", "x.log"}).err,
              "sipwhy: error: --mermaid and --svg cannot be combined\n");
    EXPECT_EQ(sipwhy({"--flow", "486"}).err,
              "sipwhy: error: --flow is for scanning logs, not for explaining codes\n");
}

}  // namespace
}  // namespace sipwhy::e2e
