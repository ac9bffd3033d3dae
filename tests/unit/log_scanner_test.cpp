// The log scanner: exact findings for one fixture per framing, and its invariants.
#include "scan_helpers.hpp"

#include <sipwhy/logs/log_scanner.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace sipwhy {
namespace {

using test::fixture;
using test::scan_text;

const std::map<std::string, std::vector<std::string>> k_expected = {
    {"android-logcat.log",
     {"2: 480 Temporarily Unavailable | 30 INVITE android-call-2 | dave -> erin | src "
      "198.51.100.3:5060"}},
    {"asterisk-chan_sip.log",
     {"3: 503 Service Unavailable | 102 INVITE 4a5b6c7d@192.0.2.10:5060 | 2001 -> 018005550100 | "
      "Retry-After 30 | src 203.0.113.9:5060"}},
    {"asterisk-full.log", {"2: 480 No money left", "3: 603 Decline"}},
    {"asterisk-pjsip.log",
     {"2: request INVITE | 100 pjsip-call-0001 | dst 198.51.100.20:5060",
      "11: 407 Proxy Authentication Required | 100 INVITE pjsip-call-0001 | 2001 -> +442071234567 "
      "| src 198.51.100.20:5060",
      "21: request ACK | 100 pjsip-call-0001 | dst 198.51.100.20:5060",
      "27: request INVITE | 101 pjsip-call-0001 | dst 198.51.100.20:5060",
      "35: 486 Busy Here | 101 INVITE pjsip-call-0001 | 2001 -> +442071234567 | Reason "
      "Q.850;cause=16;text=\"Normal Clearing\" | Server ExampleSBC 2.1 | src 198.51.100.20:5060"}},
    // The evidence the findings compare a response with: requests with Expires and an SDP offer.
    {"asterisk-pjsip-evidence.log",
     {"2: request REGISTER | 1 5d1c0e7a-reg@198.51.100.4 | dst 203.0.113.7:5060",
      "14: 423 Interval Too Brief | 1 REGISTER 5d1c0e7a-reg@198.51.100.4 | 2001 -> 2001 | Server "
      "CarrierSBC 4.2 | src 203.0.113.7:5060",
      "25: request REGISTER | 2 5d1c0e7a-reg@198.51.100.4 | dst 203.0.113.7:5060",
      "37: 200 OK | 2 REGISTER 5d1c0e7a-reg@198.51.100.4 | 2001 -> 2001 | Server CarrierSBC 4.2 | "
      "src 203.0.113.7:5060",
      "48: request INVITE | 101 9e2b44c1-inv@198.51.100.4 | dst 203.0.113.7:5060",
      "67: 488 Not Acceptable Here | 101 INVITE 9e2b44c1-inv@198.51.100.4 | 2001 -> +442071234567 "
      "| Warning 304 sbc.example.net \"Media type not available\" | Server CarrierSBC 4.2 | src "
      "203.0.113.7:5060"}},
    {"audiocodes-syslog.log",
     {"1: 500 Server Internal Error | 1 OPTIONS ac-options-1 | Server Example Teams Edge"}},
    {"baresip.log",
     {"3: 200 OK | 2 REGISTER baresip-reg-1 | alice -> alice | src 198.51.100.3:5060 | dst "
      "192.0.2.80:5060"}},
    {"crlf.log", {"1: 200 OK | 4 BYE crlf-1"}},
    {"drachtio.log",
     {"3: 503 Service Unavailable | 1 INVITE drachtio-503-1 | recorder ->  | dst "
      "203.0.113.40:64706",
      "10: 404 Not Found | 1 INVITE scanner-call-1 | 100 -> 00972592337880 | dst "
      "198.51.100.7:5060"}},
    {"freeswitch-siptrace.log",
     {"4: request INVITE | 7 fs-abc-1 | dst 192.0.2.50:5060",
      "15: 180 Ringing | 7 INVITE fs-abc-1 | 1001 -> 1002 | User-Agent ExamplePhone 4.2 | src "
      "192.0.2.50:5060",
      "27: 603 Decline | 7 INVITE fs-abc-1 | 1001 -> 1002 | src 192.0.2.50:5060"}},
    {"jssip-console.log", {"1: 403 Forbidden | 8123 INVITE jssip-call-1 | web -> sales"}},
    {"kamailio-syslog.log",
     {"2: 488 Not Acceptable Here | 2 INVITE kam-488-1 | 3001 -> 18005550199 | Warning 305 "
      "gw.example.net \"Incompatible media format\"",
      "4: 477 Unfortunately error on sending to next hop occurred (477/TM)"}},
    {"linphone-ios.log", {"1: 487 Request Terminated | 20 INVITE ios-call-5 | bob -> carol"}},
    {"ngrep.log",
     {"5: 404 Not Found | 1 INVITE ngrep-call-7 | 7000 -> 5559999 | src 198.51.100.3:5060 | dst "
      "192.0.2.60:5060"}},
    {"opensips-syslog.log", {"2: 500 Server Internal Error", "3: 476 Unresolvable destination"}},
    {"pjsua.log",
     {"2: 403 Forbidden | 11234 INVITE pjsua-call-9 | 111 -> 101 | src 198.51.100.3:5060"}},
    {"plain.log",
     {"1: 486 Busy Here", "2: 480 No money left", "3: 403 Wrong Guess", "4: request INVITE | 0 ",
      "6: malformed \"SIP/2.0 4294967301 better not break the receiver\" (status code is not three "
      "digits)",
      "7: malformed \"SIP/3.0 200 OK\" (unsupported SIP version (expected SIP/2.0))", "8: 100"}},
    {"sipjs-console.log",
     {"1: 183 Session Progress | 101 INVITE sipjs-call-4 | agent -> +15555550123"}},
    {"sipp-trace.log",
     {"4: 408 Request Timeout | 1 INVITE 1-3001@127.0.0.1 | sipp -> service",
      "16: request ACK | 1 1-3001@127.0.0.1"}},
    {"sngrep.log",
     {"2: request INVITE | 20 sngrep-call-42 | src 192.0.2.60:5060 | dst 198.51.100.3:5060",
      "11: 200 OK | 20 INVITE sngrep-call-42 | 7000 -> 5551000 | src 198.51.100.3:5060 | dst "
      "192.0.2.60:5060",
      "20: 200 OK | 20 INVITE sngrep-call-42 | 7000 -> 5551000 | src 198.51.100.3:5060 | dst "
      "192.0.2.60:5060",
      "29: 200 OK | 20 INVITE sngrep-call-42 | 7000 -> 5551000 | src 198.51.100.3:5060 | dst "
      "192.0.2.60:5060"}},
    {"sofia-nta.log", {"1: 480 Temporarily Unavailable", "2: 503 Service Unavailable"}},
    {"tcpdump-A.log", {"3: 401 Unauthorized | 5 REGISTER tcpdump-reg-1 | desk -> desk"}},
    {"tshark-verbose.log",
     {"5: 480 Temporarily Unavailable | 9 INVITE tshark-call-3 | 7000 -> 5552000 | Reason "
      "Q.850;cause=18;text=\"No user responding\""}},
    {"voip-stack.log", {"2: 401 Unauthorized", "3: 200 OK"}},
    {"zeek-cut.tsv", {"2: 486 Busy Here | 0  zc-1", "3: 200 OK | 0  zc-1"}},
    {"zeek-sip.log",
     {"8: 403 Wrong password | 3 REGISTER zeek-reg-1 | desk -> desk | User-Agent DeskPhone 1.0"}},
    {"mentions-compact.log",
     {"1: 486 | 0 INVITE ", "2: 180 Ringing", "3: 200 OK | 0 REGISTER ", "4: 183 Session Progress",
      "5: 487 Request Terminated", "6: 503 | 0 INVITE ", "7: 100 Trying", "8: 503 | 0 INVITE ",
      "9: 503 | 0 INVITE "}},
    {"mentions-json.log",
     {"1: 486 Busy Here | 0 INVITE js-1@ua", "2: 183 Session Progress | 0 INVITE js-2@ua",
      "9: 503 Service Unavailable", "12: 403 Forbidden", "13: 487 Request Terminated | 0  js-5@sbc",
      "14: 480 Temporarily Unavailable | 0  js-6@sbc", "15: 404 Not Found | 0 INVITE js-7@sbc",
      "16: 401 | 0 REGISTER js-8@reg"}},
    {"mentions-key-value.log",
     {"1: 408 Request Timeout | 0  kv-1@sbc", "2: 408 Request Timeout | 0  kv-2@sbc", "3: 486",
      "4: 487 Request Terminated | 0 INVITE kv-3@sbc", "8: 503 Service Unavailable",
      "10: 486 Busy Here | 0  kv-5@pbx", "11: 404 | 0 INVITE kv-6@pbx",
      "12: 200 OK | 0 INVITE kv-7@sbc", "13: 404 | 0 REGISTER ",
      // Kamailio's and OpenSIPS's $rs and $rr as xlog prints them.
      "14: 408 Request Timeout", "15: 486 | 0  kv-8@lb",
      // The same statement twice for one reply (a script that checks the status twice).
      "16: 503"}},
    {"mentions-prose.log",
     {"1: 486 Busy Here | 0 INVITE ", "2: 603 Decline", "3: 404 | 0 REGISTER ", "4: 480",
      "5: 403 Forbidden", "6: 500", "7: 408 | 0 REGISTER ", "8: 401", "9: 408",
      "10: 480 No money left | 0 INVITE ", "11: 408 | 0 INVITE ", "12: 408 | 0 INVITE ",
      "13: 408 | 0 INVITE ", "14: 403 Forbidden | 0 REGISTER ", "15: 486 Busy Here",
      "16: 404 Not Found | 0 INVITE ", "17: 480 No money left | 0 INVITE ",
      // One response, logged by drachtio and again in a long JSON line whose timestamp lies
      // before the mention's window; and a 487 that could not be sent.
      "18: 477 | 0 INVITE ", "20: 408",
      // The same statement for two targets: two responses.
      "21: 408 | 0 INVITE ", "22: 408 | 0 INVITE "}},
    {"status-damaged.log",
     {"1: 404 not found", "2: 480 Temporarily Unavailable", "3: 503 Service Unavailable",
      "4: 200 OK | 7 OPTIONS dmg-1@px", "9: 603 Decline | 2 INVITE dmg-2@px",
      "10: 486 Busy Here | 3 INVITE dmg-3@px", "11: 407 Proxy Authentication Required",
      "12: 100 Trying"}},
    {"not-responses-causes.log", {}},
    {"not-responses-config.cfg", {}},
    {"not-responses-http.log", {}},
    {"not-responses-numbers.log", {}},
    {"not-responses-requests.log",
     {"1: request INVITE | 404 rq-1@pbx", "11: request OPTIONS | 183 rq-2@pbx"}},
    {"not-responses-rtcp.log", {}},
    {"not-responses-stack-errors.log", {}},
};

TEST(LogScanner, FindsEveryResponseInEachFraming) {
    for (const auto& [name, expected] : k_expected) {
        const std::string text = fixture(name);
        ASSERT_FALSE(text.empty()) << name;
        EXPECT_EQ(scan_text(text), expected) << name;
    }
}

TEST(LogScanner, EveryFixtureHasItsExpectation) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(SIPWHY_SOURCE_DIR) +
                                                                 "/tests/fixtures/logs")) {
        EXPECT_TRUE(k_expected.contains(entry.path().filename().string())) << entry.path();
    }
}

TEST(LogScanner, ChunkBoundariesDoNotMatter) {
    for (const auto& [name, expected] : k_expected) {
        const std::string text = fixture(name);
        for (const std::size_t chunk : {1, 2, 3, 5, 7, 13, 64, 4096}) {
            EXPECT_EQ(scan_text(text, chunk), expected) << name << " in chunks of " << chunk;
        }
    }
}

TEST(LogScanner, RequestLinesAndViaValuesAreNotResponses) {
    const auto events =
        scan_text("INVITE sip:a@b SIP/2.0\nVia: SIP/2.0/UDP 10.0.0.1\n", 1 << 20, {});
    EXPECT_TRUE(events.empty());
}

// What starts like one of the framings (framings.hpp) and is not one.
TEST(LogScanner, NearMissesOfTheFramingsAreNotResponses) {
    const auto events = scan_text(
        "SIPS URI sips:alice@example.com\n"
        "SIP TX to 203.0.113.5:5060\n"
        "SIP RX 10 bytes\n"
        "SIP TX queue 486\n"
        "SIP RX: 486\n"
        "nta: sentinel 486\n"
        "SIP response timer fired\n"
        "nta: received datagram of 1200 bytes\n"
        "nta: sent SUBSCRIBE\n"
        "#fields_x\tts\tstatus_code\n"
        "1700000000\t486\n"
        "HTTP/1.1 200 OK\n",
        1 << 20, {});
    EXPECT_TRUE(events.empty()) << events.front();
}

// The version's case does not matter (RFC 3261 §7.1): a status line in any case is a message whose
// headers are read, a request line in any case starts one, and a Via value in any case is neither.
TEST(LogScanner, TheVersionInAnyCase) {
    for (const char* version : {"sip/2.0", "Sip/2.0", "sIP/2.0", "SiP/2.0", "siP/2.0"}) {
        const std::string v = version;
        EXPECT_EQ(scan_text("INVITE sip:bob@example.com " + v + "\nVia: " + v +
                            "/UDP 10.0.0.1\nCall-ID: c1\nCSeq: 1 INVITE\n\n" + v +
                            " 486 Busy Here\nVia: " + v +
                            "/UDP 10.0.0.1\nCall-ID: c1\nCSeq: 1 INVITE\n\n"),
                  (std::vector<std::string>{"1: request INVITE | 1 c1",
                                            "6: 486 Busy Here | 1 INVITE c1"}))
            << v;
    }
}

TEST(LogScanner, StatusLinesAnywhereInALine) {
    EXPECT_EQ(scan_text("prefix junk ..I..8r.SIP/2.0 180 Ringing\n"),
              (std::vector<std::string>{"1: 180 Ringing"}));
    EXPECT_EQ(scan_text("message:SIP/2.0 403 Forbidden\r\n"),
              (std::vector<std::string>{"1: 403 Forbidden"}));
    EXPECT_EQ(scan_text("x#012SIP/2.0 200 OK #012"), (std::vector<std::string>{"1: 200 OK"}));
    EXPECT_EQ(scan_text("**SIP/2.0 503 Service Unavailable**"),
              (std::vector<std::string>{"1: 503 Service Unavailable"}));
}

TEST(LogScanner, MalformedStatusLinesAreReportedNotExplained) {
    EXPECT_EQ(scan_text("SIP/2.0 099 Low\nSIP/2.0 700 High\nSIP/2.0 20 Short\n"),
              (std::vector<std::string>{
                  "1: malformed \"SIP/2.0 099 Low\" (status code out of the range 100-699)",
                  "2: malformed \"SIP/2.0 700 High\" (status code out of the range 100-699)",
                  "3: malformed \"SIP/2.0 20 Short\" (status code is not three digits)"}));
    EXPECT_TRUE(scan_text("SIP/2.0 2xx is not a code\n").empty());
}

TEST(LogScanner, UnicodeAndEmptyReasons) {
    EXPECT_EQ(scan_text("SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое\r\n\r\n"),
              (std::vector<std::string>{"1: 200 = 2**3 * 5**2 но сто девяносто девять - простое"}));
    EXPECT_EQ(scan_text("SIP/2.0 100 \r\n\r\n"), (std::vector<std::string>{"1: 100"}));
}

TEST(LogScanner, SummaryLineAfterItsFullMessageIsOneResponse) {
    const std::string text = fixture("asterisk-chan_sip.log");
    EXPECT_EQ(scan_text(text).size(), 1u);
}

TEST(LogScanner, SummaryLineBeforeItsFullMessageIsOneResponse) {
    const auto events = scan_text(
        "nta.c:1 agent_recv_response() nta: received 486 Busy Here for INVITE (5)\n"
        "recv 300 bytes from udp/[192.0.2.1]:5060 at 10:00:00.000000:\n"
        "SIP/2.0 486 Busy Here\nCall-ID: x1\nCSeq: 5 INVITE\n\n");
    EXPECT_EQ(events,
              (std::vector<std::string>{"3: 486 Busy Here | 5 INVITE x1 | src 192.0.2.1:5060"}));
}

TEST(LogScanner, SummaryLinesFarFromAnyMessageAreReported) {
    std::string text = "SIP/2.0 486 Busy Here\n\n";
    text += std::string(20000, 'x') + "\n";
    text +=
        "[Nov 21 10:00:00] chan_sip.c: -- Got SIP response 486 \"Busy Here\" back from "
        "192.0.2.1:5060\n";
    EXPECT_EQ(scan_text(text), (std::vector<std::string>{"1: 486 Busy Here", "4: 486 Busy Here"}));
}

TEST(LogScanner, LinesOverTheLimitAreReadInPieces) {
    std::string text(3 * LogScanner::k_max_line + 100, 'a');
    text += "\nSIP/2.0 404 Not Found\n";
    EXPECT_EQ(scan_text(text, 65536), (std::vector<std::string>{"2: 404 Not Found"}));
    // A status line inside the huge line is still found when no piece boundary cuts it.
    std::string inside = std::string(1000, 'a') + " SIP/2.0 500 Oops " +
                         std::string(2 * LogScanner::k_max_line, 'b');
    EXPECT_EQ(scan_text(inside, 4096).size(), 1u);
}

TEST(LogScanner, WithoutHeadersOrLineNumbersForSpeed) {
    const std::string text = fixture("asterisk-pjsip.log");
    const auto events = scan_text(text, 1 << 20, {.line_numbers = false, .headers = false});
    EXPECT_EQ(events, (std::vector<std::string>{"0: 407 Proxy Authentication Required",
                                                "0: 486 Busy Here"}));
}

// A 486 after `framing`, which ends with its own line end.
std::vector<std::string> after_framing(const std::string& framing) {
    return scan_text(framing + "SIP/2.0 486 Busy Here\nCall-ID: p1\nCSeq: 1 INVITE\n\n");
}

TEST(LogScanner, AFramingNamesTheMessageOnItsNextLine) {
    // Asterisk's and FreeSWITCH's name the far end (peer_line_test.cpp has their forms), and the
    // log's own host, the other end, is left out.
    EXPECT_EQ(after_framing("[Nov 20 10:00:01] VERBOSE[1234][C-00000001] res_pjsip_logger.c: "
                            "<--- Received SIP response (523 bytes) from UDP:203.0.113.5:5060 "
                            "--->\r\n"),
              std::vector<std::string>{"2: 486 Busy Here | 1 INVITE p1 | src 203.0.113.5:5060"});
    EXPECT_EQ(scan_text("<--- Transmitting SIP request (612 bytes) to TLS:[2001:db8::1]:5061 --->\n"
                        "INVITE sip:bob@example.com SIP/2.0\nCall-ID: p1\nCSeq: 1 INVITE\n\n"),
              std::vector<std::string>{"2: request INVITE | 1 p1 | dst [2001:db8::1]:5061"});
    // FreeSWITCH writes a line of dashes between its framing and the message.
    const std::string dashes(72, '-');
    EXPECT_EQ(after_framing("recv 1234 bytes from udp/[203.0.113.5]:5060 at 10:00:01.123456:\n" +
                            dashes + "\n"),
              std::vector<std::string>{"3: 486 Busy Here | 1 INVITE p1 | src 203.0.113.5:5060"});
    EXPECT_EQ(after_framing("send 1234 bytes to wss/[2001:db8::1]:443 at 10:00:01.123456:\r\n" +
                            dashes + "\r\n"),
              std::vector<std::string>{"3: 486 Busy Here | 1 INVITE p1 | dst [2001:db8::1]:443"});
    // Not a message further on, nor the one after it.
    EXPECT_EQ(after_framing("<--- SIP read from UDP:203.0.113.5:5060 --->\nnoise\n"),
              std::vector<std::string>{"3: 486 Busy Here | 1 INVITE p1"});
    EXPECT_EQ(after_framing("recv 1234 bytes from udp/[203.0.113.5]:5060 at 10:00:01.123456:\n" +
                            dashes + "\n\n"),
              std::vector<std::string>{"4: 486 Busy Here | 1 INVITE p1"});
    EXPECT_EQ(after_framing("noise\n" + dashes + "\n"),
              std::vector<std::string>{"3: 486 Busy Here | 1 INVITE p1"});
    EXPECT_EQ(scan_text("<--- SIP read from UDP:203.0.113.5:5060 --->\n"
                        "SIP/2.0 180 Ringing\nCall-ID: p1\nCSeq: 1 INVITE\n\n"
                        "SIP/2.0 486 Busy Here\nCall-ID: p1\nCSeq: 1 INVITE\n\n"),
              (std::vector<std::string>{"2: 180 Ringing | 1 INVITE p1 | src 203.0.113.5:5060",
                                        "6: 486 Busy Here | 1 INVITE p1"}));
    // Lines that only look like framings.
    for (const std::string line : {
             "<------------->",
             "Sent 300 bytes to 203.0.113.5:5060:",
             "recv 300 bytes from udp/[203.0.113.5]:5060 at noon:",
             "203.0.113.5 - - [21/Nov/2026:10:00:01 +0000] \"GET /phone.cfg HTTP/1.1\" 200 512",
         }) {
        EXPECT_EQ(after_framing(line + "\n"),
                  std::vector<std::string>{"2: 486 Busy Here | 1 INVITE p1"})
            << line;
    }
}

TEST(LogScanner, FinishResetsForTheNextInput) {
    test::Recorder r;
    LogScanner scanner(r);
    scanner.feed("line\nSIP/2.0 486 Busy Here\nCall-ID: a");
    scanner.finish();
    scanner.feed("SIP/2.0 603 Decline");
    scanner.finish();
    EXPECT_EQ(r.events, (std::vector<std::string>{"2: 486 Busy Here | 0  a", "1: 603 Decline"}));
}

// ngrep -W byline writes each CR as a dot. A scan that reads no headers (--summary) leaves the
// phrase's dot out as one that reads them does: when the next line ends with a dot too, in the
// same block or the next; a phrase whose own dot it is keeps it.
TEST(LogScanner, NgrepDotsWithoutHeaders) {
    const std::string dotted = "SIP/2.0 404 Not Found.\nVia: SIP/2.0/UDP 192.0.2.1:5060.\n.\n";
    const ScanOptions summary{.line_numbers = false, .times = false, .headers = false};
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{23}, std::size_t{1} << 20}) {
        EXPECT_EQ(test::scan_text(dotted, chunk, summary),
                  std::vector<std::string>{"0: 404 Not Found"})
            << chunk;
    }
    EXPECT_EQ(test::scan_text("SIP/2.0 480 Back at 9 a.m.\nnext line\n", 1 << 20, summary),
              std::vector<std::string>{"0: 480 Back at 9 a.m."});
    EXPECT_EQ(test::scan_text("SIP/2.0 480 Back at 9 a.m.\n", 1 << 20, summary),
              std::vector<std::string>{"0: 480 Back at 9 a.m."});
}

// Each response's time as the scanner reports it, by line.
class TimeRecorder : public ScanSink {
public:
    std::vector<std::string> events;
    bool response(const ScannedResponse& r) override {
        events.push_back(fmt::format("{}: {}", r.line, r.time ? to_string(*r.time) : "-"));
        return true;
    }
};

// What log_scanner.hpp promises a response's time is, worked out the slow way: the newest
// timestamp among the status line and the lines starting in the 2 KiB before it, each line's
// first 200 bytes read by parse_log_time.
std::vector<std::string> times_by_definition(std::string_view text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && i + 1 < text.size()) {
            starts.push_back(i + 1);
        }
    }
    const auto line = [&](std::size_t k) {
        const std::string_view l = text.substr(starts[k]);
        return l.substr(0, std::min<std::size_t>(l.find('\n'), 200));
    };
    std::vector<std::string> out;
    for (std::size_t k = 0; k < starts.size(); ++k) {
        if (!line(k).starts_with("SIP/2.0 ")) {
            continue;
        }
        std::string time = "-";
        for (std::size_t j = k + 1; j-- > 0 && starts[k] - starts[j] <= 2048;) {
            if (const auto t = parse_log_time(line(j), {})) {
                time = to_string(*t);
                break;
            }
        }
        out.push_back(fmt::format("{}: {}", k + 1, time));
    }
    return out;
}

// The lines of a log whose timestamps come now and then among lines that have colons, clocks
// that are no timestamp, braces and JSON exports' epochs, and runs longer than the 2 KiB looked
// back over.
std::string log_of_mixed_times() {
    const std::vector<std::string_view> lines = {
        "2026-11-21 10:00:{:02}.100 NOTICE[2113] chan_sip.c: Got SIP response",
        "<--- Received SIP response from UDP:[fe80::1:2:3]:5060 --->",
        "Via: SIP/2.0/UDP [fe80::1:2:3]:5060;branch=z9hG4bK{:02}",
        "Date: Sat, 21 Nov 2026 10:{:02}:00 GMT",
        "a=rtpmap:0 PCMU/8000 {:02}",
        "{{\"__REALTIME_TIMESTAMP\":\"17647416{:02}000000\",\"MESSAGE\":\"x\"}}",
        "  a brace {{ mid-line, then 10:{:02}:61 which is no clock",
        "Nov 21 10:00:{:02} host kamailio[1]: relayed",
        "10:01:{:02}.5 pjsua_core.c TX 512 bytes",
        "",
        "SIP/2.0 486 Busy Here",
        "SIP/2.0 200 OK",
    };
    std::string text;
    std::uint32_t seed = 7;
    for (int i = 0; i < 3000; ++i) {
        seed = seed * 1103515245 + 12345;
        const std::size_t pick = (seed >> 16) % (lines.size() + 2);
        if (pick >= lines.size()) {
            text.append(900, 'x');  // a long line, so that 2 KiB is soon passed
        } else {
            text += fmt::format(fmt::runtime(lines[pick]), i % 60);
        }
        text += (seed >> 8) % 5 == 0 ? "\r\n" : "\n";
    }
    return text;
}

TEST(LogScanner, EachResponseHasTheNewestTimeOfTheLinesJustBefore) {
    const std::string text = log_of_mixed_times();
    const auto expected = times_by_definition(text);
    ASSERT_GT(expected.size(), 300U);
    std::size_t timed = 0;
    for (const auto& e : expected) {
        timed += e.ends_with(": -") ? 0 : 1;
    }
    ASSERT_GT(timed, 100U);                  // most have a time,
    ASSERT_LT(timed, expected.size() - 10);  // and some have none within reach
    for (const std::size_t chunk : {1, 7, 64, 1000, 1 << 20}) {
        TimeRecorder r;
        test::scan_into(r, text, chunk, {.headers = false});
        EXPECT_EQ(r.events, expected) << "in chunks of " << chunk;
    }
}

}  // namespace
}  // namespace sipwhy
