// Findings through the real binary: a log and a capture written here, whose messages carry the
// headers each rule reads, in text, JSON, Russian and the summary.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace sipwhy::e2e {
namespace {

using namespace packets;

// A whole message in a log: a timestamp line, then the message with CRLF line ends.
std::string msg(std::string_view start, std::string_view call, std::string_view cseq,
                std::string_view headers) {
    std::string m = std::string(start) + "\r\n";
    m += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-" + std::string(call) + "\r\n";
    m += "From: <sip:alice@example.com>;tag=1\r\n";
    // A response's To has the callee's tag (RFC 3261 §8.2.6.2); a request's only inside a dialog.
    const bool response = start.starts_with("SIP/2.0 ");
    const bool in_dialog = headers.find("X-In-Dialog: yes") != std::string_view::npos;
    m += response || in_dialog ? "To: <sip:bob@example.com>;tag=2\r\n"
                               : "To: <sip:bob@example.com>\r\n";
    m += "Call-ID: " + std::string(call) + "\r\n";
    m += "CSeq: " + std::string(cseq) + "\r\n";
    m += headers;
    m += "Content-Length: 0\r\n\r\n";
    return m;
}

// One response (or request and response) per rule, in the order of k_finding_ids.
const std::vector<std::pair<std::string, std::string>>& cases() {
    static const std::vector<std::pair<std::string, std::string>> c = {
        {"retry_after", msg("SIP/2.0 503 Service Unavailable", "c01", "1 INVITE",
                            "Retry-After: 120 (maintenance)\r\n")},
        {"min_expires",
         msg("SIP/2.0 423 Interval Too Brief", "c02", "1 REGISTER", "Min-Expires: 3600\r\n")},
        {"min_expires_request",
         msg("REGISTER sip:example.com SIP/2.0", "c03", "1 REGISTER", "Expires: 60\r\n") +
             msg("SIP/2.0 423 Interval Too Brief", "c03", "1 REGISTER", "Min-Expires: 3600\r\n")},
        {"min_se",
         msg("SIP/2.0 422 Session Interval Too Small", "c04", "1 INVITE", "Min-SE: 1800\r\n")},
        {"min_se_request",
         msg("INVITE sip:bob@example.com SIP/2.0", "c05", "1 INVITE", "Session-Expires: 90\r\n") +
             msg("SIP/2.0 422 Session Interval Too Small", "c05", "1 INVITE", "Min-SE: 1800\r\n")},
        {"unsupported",
         msg("SIP/2.0 420 Bad Extension", "c06", "1 INVITE", "Unsupported: 100rel\r\n")},
        {"require", msg("SIP/2.0 421 Extension Required", "c07", "1 INVITE", "Require: timer\r\n")},
        {"allow_lacks_method", msg("SIP/2.0 405 Method Not Allowed", "c08", "1 MESSAGE",
                                   "Allow: INVITE, ACK, BYE, CANCEL\r\n")},
        {"allow_missing", msg("SIP/2.0 405 Method Not Allowed", "c09", "1 SUBSCRIBE", "")},
        {"accept", msg("INVITE sip:bob@example.com SIP/2.0", "c10", "1 INVITE",
                       "Content-Type: application/isup\r\n") +
                       msg("SIP/2.0 415 Unsupported Media Type", "c10", "1 INVITE",
                           "Accept: application/sdp\r\n")},
        {"warning", msg("SIP/2.0 488 Not Acceptable Here", "c11", "1 INVITE",
                        "Warning: 305 sbc.example.com \"Incompatible media format\"\r\n")},
        {"reason_contradiction",
         msg("SIP/2.0 486 Busy Here", "c12", "1 INVITE", "Reason: Q.850;cause=16\r\n")},
        {"reason_sip_not_status",
         msg("SIP/2.0 500 Server Internal Error", "c13", "2 BYE", "Reason: SIP;cause=142\r\n")},
        {"sender", msg("SIP/2.0 480 Temporarily Unavailable", "c14", "1 INVITE",
                       "Server: FreeSWITCH-mod_sofia/1.10.9\r\n")},
        {"x_asterisk_hangup_cause",
         msg("SIP/2.0 603 Decline", "c15", "1 INVITE",
             "X-Asterisk-HangupCause: Call Rejected\r\nX-Asterisk-HangupCauseCode: 21\r\n")},
        {"x_fs_hangup_cause",
         msg("SIP/2.0 486 Busy Here", "c16", "1 INVITE", "X-FS-Hangup-Cause: USER_BUSY\r\n")},
        {"x_reason", msg("SIP/2.0 480 Temporarily Unavailable", "c17", "1 INVITE",
                         "X-Reason: no agents logged in\r\n")},
        {"stale_nonce",
         msg("SIP/2.0 401 Unauthorized", "c18", "2 REGISTER",
             "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"b2\", stale=true\r\n")},
        {"challenge_missing",
         msg("SIP/2.0 407 Proxy Authentication Required", "c19", "1 INVITE", "")},
        {"redirect_contacts", msg("SIP/2.0 302 Moved Temporarily", "c20", "1 INVITE",
                                  "Contact: <sip:bob@198.51.100.20>\r\n")},
        {"via_nat",
         "SIP/2.0 408 Request Timeout\r\n"
         "Via: SIP/2.0/UDP "
         "192.168.1.20:5060;branch=z9hG4bK-c21;received=198.51.100.7;rport=40001\r\n"
         "Call-ID: c21\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"},
        {"security_server", msg("SIP/2.0 494 Security Agreement Required", "c22", "1 REGISTER",
                                "Security-Server: ipsec-3gpp;q=0.1;alg=hmac-sha-1-96\r\n")},
        {"dialog_lost", msg("SIP/2.0 481 Call/Transaction Does Not Exist", "c23", "3 BYE", "")},
        {"max_forwards",
         msg("INVITE sip:bob@example.com SIP/2.0", "c24", "1 INVITE", "Max-Forwards: 5\r\n") +
             msg("SIP/2.0 483 Too Many Hops", "c24", "1 INVITE", "")},
        {"number_not_e164",
         "SIP/2.0 484 Address Incomplete\r\nFrom: <sip:+442071234567@a.example>;tag=1\r\n"
         "To: <sip:0207946000@b.example>;tag=2\r\nCall-ID: c26\r\nCSeq: 1 INVITE\r\n"
         "Content-Length: 0\r\n\r\n"},
        {"local_stack", msg("SIP/2.0 503 DNS Error", "c27", "1 INVITE", "")},
        {"via_loop",
         "SIP/2.0 482 Loop Detected\r\n"
         "Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-b\r\n"
         "Via: SIP/2.0/UDP 198.51.100.2:5060;branch=z9hG4bK-a, "
         "SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-0\r\n"
         "Call-ID: c25\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"},
    };
    return c;
}

std::string findings_log() {
    std::string log;
    for (const auto& [id, text] : cases()) {
        log += text;
    }
    return log;
}

TEST(FindingsE2E, EveryRuleFiresOnItsResponseInJson) {
    const std::string path = temp_file("findings.log", findings_log());
    const auto r = sipwhy({"--json", path});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), cases().size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::set<std::string> ids;
        for (const auto& f : lines[i]["findings"]) {
            ids.insert(f["id"].get<std::string>());
            EXPECT_FALSE(f["evidence"].empty());
            for (const auto& e : f["evidence"]) {
                EXPECT_FALSE(e["header"].get<std::string>().empty());
                EXPECT_FALSE(e["value"].get<std::string>().empty());
            }
            EXPECT_TRUE(f["rfc"].get<std::string>().starts_with("RFC ") ||
                        f["rfc"].get<std::string>().starts_with("ITU-T "));
        }
        // A log scan reads no requests (docs/findings.md): the rules that compare a response with
        // its request speak in captures and pasted messages.
        const std::string& id = cases()[i].first;
        if (id == "min_expires_request" || id == "min_se_request" || id == "max_forwards") {
            continue;
        }
        EXPECT_TRUE(ids.contains(id)) << id << ": " << lines[i].dump();
    }
}

TEST(FindingsE2E, JsonEvidenceNamesTheLineAndTheRequest) {
    const std::string path = temp_file(
        "423.log",
        msg("REGISTER sip:example.com SIP/2.0", "r1", "1 REGISTER", "Expires: 60\r\n") +
            msg("SIP/2.0 423 Interval Too Brief", "r1", "1 REGISTER", "Min-Expires: 3600\r\n"));
    const auto r = sipwhy({"--json", "explain", read_file(path)});
    ASSERT_EQ(json_lines(r.out).size(), 1u);
    // Keys in the order docs/json.md gives them.
    EXPECT_NE(
        r.out.find("\"findings\":[{\"id\":\"min_expires_request\",\"text\":\"The request asked for "
                   "60 s, less than "
                   "the 3600 s the server requires (Min-Expires): retry with Expires of at least "
                   "3600.\",\"evidence\":[{\"where\":\"request\",\"header\":\"Expires\",\"value\":"
                   "\"60\"},{\"where\":\"message\",\"header\":\"Min-Expires\",\"value\":\"3600\"}],"
                   "\"rfc\":\"RFC 3261 §10.3\",\"category\":\"protocol\"}]}\n"),
        std::string::npos)
        << r.out;
}

TEST(FindingsE2E, TextLinesFollowTheirResponse) {
    const std::string path =
        temp_file("503.log", msg("SIP/2.0 503 Service Unavailable", "t1", "1 INVITE",
                                 "Retry-After: 120\r\nServer: Kamailio (5.6.4)\r\n"));
    const auto r = sipwhy({"--no-filename", path});
    EXPECT_EQ(status_out(r),
              (StatusText{
                  0,
                  "1: 503 Service Unavailable - capacity (INVITE, call t1)\n"
                  "  ! The response asks not to retry for 120 s (Retry-After). [RFC 3261 §20.33]\n"
                  "  ! Sent by Kamailio (5.6.4) (Server). [RFC 3261 §20.35, §20.41]\n"}));
}

TEST(FindingsE2E, RussianTexts) {
    const std::string path = temp_file(
        "420.log", msg("SIP/2.0 420 Bad Extension", "u1", "1 INVITE", "Unsupported: 100rel\r\n"));
    const auto r = sipwhy({"--lang", "ru", "--no-filename", path});
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "1: 420 Bad Extension - protocol (INVITE, call u1)\n"
            "  ! Сервер не поддерживает расширения, которых требовал запрос (Unsupported): "
            "100rel (RFC 3262: надёжные предварительные ответы (PRACK)). [RFC 3261 §8.2.2.3]\n"}));
    const auto j = sipwhy({"--lang", "ru", "--json", path});
    EXPECT_EQ(json_lines(j.out)[0]["findings"][0]["text"],
              "Сервер не поддерживает расширения, которых требовал запрос (Unsupported): 100rel "
              "(RFC 3262: надёжные предварительные ответы (PRACK)).");
}

TEST(FindingsE2E, SummaryCountsFindingsById) {
    const std::string path = temp_file("findings.log", findings_log());
    // A log's summary reads no headers, to stay as fast as a byte search: no findings.
    EXPECT_EQ(json_lines(sipwhy({"--summary", "--json", path}).out)[0]["by_finding"].dump(), "{}");
    // With --findings it counts by id those that its lines show, every rule's.
    const auto log = sipwhy({"--findings", "--json", path});
    EXPECT_EQ(log.status, 0);
    nlohmann::json shown = nlohmann::json::object();
    for (const auto& line : json_lines(sipwhy({"--json", path}).out)) {
        for (const auto& f : line["findings"]) {
            const std::string id = f["id"];
            shown[id] = shown.value(id, 0) + 1;
        }
    }
    const nlohmann::json counted = json_lines(log.out)[0]["by_finding"];
    EXPECT_EQ(counted, shown);
    for (const auto& [id, text] : cases()) {
        EXPECT_TRUE(counted.contains(id)) << id << " " << counted.dump();
    }
    // --kpi reads the calls, and counts the same.
    EXPECT_EQ(json_lines(sipwhy({"--kpi", "--json", path}).out)[0]["by_finding"], counted);
    // So does a capture's.
    std::vector<Frame> frames;
    std::uint32_t s = 0;
    for (const auto& [id, text] : cases()) {
        std::size_t at = 0;
        while (at < text.size()) {
            const std::size_t end = text.find("\r\n\r\n", at) + 4;
            frames.push_back(
                {udp4("203.0.113.5", 5060, "192.0.2.10", 5060, text.substr(at, end - at)),
                 1700000000 + s++, 0});
            at = end;
        }
    }
    const std::string capture = temp_file("findings.pcap", pcap(link::ethernet, frames));
    const auto r = sipwhy({"--summary", "--json", capture});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    const auto& by = lines[0]["by_finding"];
    for (const auto& [id, text] : cases()) {
        EXPECT_TRUE(by.contains(id)) << id << " " << by.dump();
    }
    EXPECT_EQ(by["sender"], 1);
    const auto text = sipwhy({"--summary", capture});
    EXPECT_TRUE(has(text.out, "\nBy finding:  "));
}

// The findings that compare a response with its request, counted from a log's whole messages; in
// parts of a large log read on two cores as in one.
TEST(FindingsE2E, ALogsSummaryCountsTheFindingsThatReadTheRequest) {
    const auto r =
        sipwhy({.args = {"--summary", "--findings", "asterisk-pjsip-evidence.log"}, .cwd = k_logs});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.out,
                    "\nBy category:  success 1  media 1  protocol 1\n"
                    "By finding:  sender 2  min_expires_request 1  offer_codecs 1  "
                    "registration_granted_less 1  warning 1\n"
                    "Total: 3 responses\n"))
        << r.out;
    const std::string dir = temp_dir();
    std::string big;
    const std::string one = read_file(k_logs + "/asterisk-pjsip-evidence.log");
    while (big.size() < (std::size_t{20} << 20)) {
        big += one;
    }
    std::ofstream(dir + "/big.log", std::ios::binary) << big;
    const std::size_t copies = big.size() / one.size();
    const auto whole = sipwhy({.args = {"--findings", "--json", "-j", "1", "big.log"}, .cwd = dir});
    const auto parts = sipwhy({.args = {"--findings", "--json", "-j", "2", "big.log"}, .cwd = dir});
    EXPECT_EQ(parts.out, whole.out);
    const auto by = json_lines(whole.out).at(0)["by_finding"];
    EXPECT_EQ(by["min_expires_request"], copies);
    EXPECT_EQ(by["registration_granted_less"], copies);
    EXPECT_EQ(by["offer_codecs"], copies);
    std::filesystem::remove_all(dir);
    // The summary's CSV has no findings, nor do the calls' and the count's.
    for (const char* other : {"--csv", "--calls", "--count", "--flow"}) {
        EXPECT_EQ(status_err(sipwhy({"--findings", other, k_logs + "/plain.log"})),
                  (StatusText{2, std::string("sipwhy: error: --findings and ") + other +
                                     " cannot be combined\n"}));
    }
}

TEST(FindingsE2E, KbFileOverridesARulesText) {
    const std::string kb = temp_file(
        "mine.json",
        R"({"findings": [{"id": "retry_after", "rfc": "RFC 3261 §20.33", "category": "capacity",
            "text": {"en": "Come back in {1} seconds."}}]})");
    const std::string path = temp_file(
        "503.log", msg("SIP/2.0 503 Service Unavailable", "k1", "1 INVITE", "Retry-After: 30\r\n"));
    const auto r = sipwhy({"--kb", kb, "--no-filename", path});
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out,
              "1: 503 Service Unavailable - capacity (INVITE, call k1)\n"
              "  ! Come back in 30 seconds. [RFC 3261 §20.33]\n");
}

// The same messages in a capture: UDP datagrams from a phone behind NAT and its registrar.
TEST(FindingsE2E, CaptureFindingsWithTheirFrames) {
    const auto from_phone = [](const std::string& m) {
        return udp4("198.51.100.7", 40001, "203.0.113.5", 5060, m);
    };
    const auto from_server = [](const std::string& m) {
        return udp4("203.0.113.5", 5060, "198.51.100.7", 40001, m);
    };
    const std::string via =
        "Via: SIP/2.0/UDP 10.0.0.20:5060;branch=z9hG4bK-p1;received=198.51.100.7;rport=40001\r\n";
    const std::string reg =
        "REGISTER sip:example.com SIP/2.0\r\n" + via +
        "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:alice@example.com>\r\nCall-ID: p1\r\n"
        "CSeq: 1 REGISTER\r\nContact: <sip:alice@10.0.0.20:5060>;expires=30\r\n"
        "Content-Length: 0\r\n\r\n";
    const std::string brief =
        "SIP/2.0 423 Interval Too Brief\r\n" + via +
        "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:alice@example.com>;tag=9\r\n"
        "Call-ID: p1\r\nCSeq: 1 REGISTER\r\nMin-Expires: 600\r\nContent-Length: 0\r\n\r\n";
    const std::string path =
        temp_file("reg.pcap", pcap(link::ethernet, {{from_phone(reg), 1700000000, 0},
                                                    {from_server(brief), 1700000000, 20000}}));
    const auto r = sipwhy({"--json", path});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    const auto& f = lines[0]["findings"];
    // The Via behind NAT is not why a 423 comes: via_nat speaks on 408, 480 and 481 only.
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0]["id"], "min_expires_request");
    EXPECT_EQ(f[0]["evidence"][0]["header"], "Contact");
    EXPECT_EQ(f[0]["evidence"][0]["where"], "request");
    EXPECT_EQ(f[0]["evidence"][1]["where"], "frame 2");
    const auto text = sipwhy({path});
    EXPECT_TRUE(has(text.out,
                    "\n  ! The request asked for 30 s, less than the 600 s the server "
                    "requires (Min-Expires): retry with Expires of at least 600. "
                    "[RFC 3261 §10.3]\n"));
}

TEST(FindingsE2E, ABareStatusLineHasNoFindings) {
    const auto r = sipwhy(Invocation{.args = {"--json"}, .input = "SIP/2.0 401 Unauthorized\n"});
    EXPECT_EQ(json_lines(r.out)[0]["findings"].dump(), "[]");
}

// A request or response in a capture, between a phone (192.0.2.10) and its proxy.
std::string call_request(std::string_view method, std::string_view call, unsigned cseq,
                         std::string_view headers = {}) {
    return msg(std::string(method) + " sip:bob@example.com SIP/2.0", call,
               std::to_string(cseq) + " " + std::string(method), headers);
}

std::string call_response(std::string_view status, std::string_view call, unsigned cseq,
                          std::string_view method, std::string_view headers = {}) {
    return msg(std::string("SIP/2.0 ") + std::string(status), call,
               std::to_string(cseq) + " " + std::string(method), headers);
}

Frame up(const std::string& m, std::uint32_t s, std::uint32_t us = 0) {
    return {udp4("192.0.2.10", 5060, "203.0.113.5", 5060, m), 1700000000 + s, us};
}

Frame down(const std::string& m, std::uint32_t s, std::uint32_t us = 0) {
    return {udp4("203.0.113.5", 5060, "192.0.2.10", 5060, m), 1700000000 + s, us};
}

// The findings of each call's verdict, by Call-ID.
std::map<std::string, std::set<std::string>> call_findings(const std::string& path) {
    const auto r = sipwhy({"--calls", "--json", path});
    EXPECT_EQ(r.err, "");
    std::map<std::string, std::set<std::string>> out;
    for (const auto& line : json_lines(r.out)) {
        auto& ids = out[line["call_id"].get<std::string>()];
        for (const auto& f : line["findings"]) {
            ids.insert(f["id"].get<std::string>());
            EXPECT_FALSE(f["evidence"].empty()) << f.dump();
            for (const auto& e : f["evidence"]) {
                EXPECT_FALSE(e["where"].get<std::string>().empty()) << f.dump();
            }
        }
    }
    return out;
}

std::vector<Frame> call_frames() {
    const std::string a1 =
        "Authorization: Digest username=\"alice\", realm=\"example.com\", "
        "nonce=\"n1\", response=\"x\"\r\n";
    const std::string a2 =
        "Authorization: Digest username=\"alice\", realm=\"example.com\", "
        "nonce=\"n2\", response=\"x\"\r\n";
    const std::string challenge1 =
        "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n1\"\r\n";
    const std::string challenge2 =
        "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n2\"\r\n";
    const std::string challenge3 =
        "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n3\"\r\n";
    return {
        // INVITE sent four times, never answered.
        up(call_request("INVITE", "lost", 1), 0),
        up(call_request("INVITE", "lost", 1), 0, 500000),
        up(call_request("INVITE", "lost", 1), 1, 500000),
        up(call_request("INVITE", "lost", 1), 3, 500000),
        // 100 Trying, then nothing.
        up(call_request("INVITE", "trying", 1), 10),
        down(call_response("100 Trying", "trying", 1, "INVITE"), 10, 20000),
        // 408 at 32 s with nothing before it.
        up(call_request("INVITE", "timerb", 1), 20),
        down(call_response("408 Request Timeout", "timerb", 1, "INVITE"), 52),
        // 408 after ringing.
        up(call_request("INVITE", "ring", 1), 30),
        down(call_response("180 Ringing", "ring", 1, "INVITE"), 31),
        down(call_response("408 Request Timeout", "ring", 1, "INVITE"), 90),
        // Fresh nonces refused.
        up(call_request("REGISTER", "wrongpw", 1), 100),
        down(call_response("401 Unauthorized", "wrongpw", 1, "REGISTER", challenge1), 100, 10000),
        up(call_request("REGISTER", "wrongpw", 2, a1), 101),
        down(call_response("401 Unauthorized", "wrongpw", 2, "REGISTER", challenge2), 101, 10000),
        up(call_request("REGISTER", "wrongpw", 3, a2), 102),
        down(call_response("401 Unauthorized", "wrongpw", 3, "REGISTER", challenge3), 102, 10000),
        // The same nonce answered twice.
        up(call_request("REGISTER", "samenonce", 1, a1), 110),
        down(call_response("401 Unauthorized", "samenonce", 1, "REGISTER", challenge2), 110, 10000),
        up(call_request("REGISTER", "samenonce", 2, a1), 111),
        down(call_response("401 Unauthorized", "samenonce", 2, "REGISTER", challenge3), 111, 10000),
        // 403 after credentials.
        up(call_request("INVITE", "acl", 1,
                        "Proxy-Authorization: Digest username=\"alice\", nonce=\"p1\"\r\n"),
           120),
        down(call_response("403 Forbidden", "acl", 1, "INVITE"), 120, 10000),
    };
}

TEST(FindingsE2E, CallFindingsInACapture) {
    const std::string path = temp_file("calls.pcap", pcap(link::ethernet, call_frames()));
    const auto f = call_findings(path);
    EXPECT_EQ(f.at("lost"), (std::set<std::string>{"no_response"}));
    EXPECT_EQ(f.at("trying"), (std::set<std::string>{"trying_then_nothing"}));
    EXPECT_EQ(f.at("timerb"), (std::set<std::string>{"timer_b"}));
    EXPECT_EQ(f.at("ring"), (std::set<std::string>{"no_answer_timer"}));
    EXPECT_EQ(f.at("wrongpw"), (std::set<std::string>{"credentials_refused"}));
    EXPECT_EQ(f.at("samenonce"), (std::set<std::string>{"credentials_refused", "same_nonce"}));
    EXPECT_EQ(f.at("acl"), (std::set<std::string>{"forbidden_after_credentials"}));
}

TEST(FindingsE2E, CallFindingsInTextAndRussian) {
    const std::string path = temp_file("calls.pcap", pcap(link::ethernet, call_frames()));
    const auto r = sipwhy({"--calls", "--no-filename", path});
    EXPECT_TRUE(has(r.out,
                    "\n  ! The 408 came 32.0 s after the first INVITE, with nothing before "
                    "it: that is Timer B or F (64*T1 = 32 s), a transaction that got no "
                    "response at all from the next hop, not a no-answer timer. "
                    "[RFC 3261 §17.1.1.2]\n"));
    EXPECT_TRUE(has(r.out,
                    "\n  ! The INVITE was sent 4 times and got no response at all: the next "
                    "hop never answered; it is unreachable (routing, DNS, a firewall, TLS) or "
                    "down. [RFC 3261 §17.1.1.2]\n"));
    const auto ru = sipwhy({"--lang", "ru", "--calls", path});
    EXPECT_TRUE(has(ru.out,
                    "  ! Учётные данные отклонены 2 раз(а) новым запросом аутентификации без "
                    "stale=true"));
}

TEST(FindingsE2E, CallFindingsInALog) {
    // A log has no times for its requests: the timing rules stay silent, the others speak.
    std::string log;
    for (int i = 0; i < 3; ++i) {
        log += call_request("OPTIONS", "ping", 7);
    }
    log += call_request("INVITE", "acl", 1, "Proxy-Authorization: Digest nonce=\"p1\"\r\n");
    log += call_response("403 Forbidden", "acl", 1, "INVITE");
    const auto f = call_findings(temp_file("calls.log", log));
    EXPECT_EQ(f.at("ping"), (std::set<std::string>{"no_response"}));
    EXPECT_EQ(f.at("acl"), (std::set<std::string>{"forbidden_after_credentials"}));
}

// An INVITE with SDP, in a capture.
std::string sdp_message(std::string_view start, std::string_view call, std::string_view cseq,
                        std::string_view headers, std::string_view sdp) {
    std::string m =
        msg(start, call, cseq, std::string(headers) + "Content-Type: application/sdp\r\n");
    // msg() ends with Content-Length: 0: put the body's length instead.
    m.replace(m.find("Content-Length: 0"), 17, "Content-Length: " + std::to_string(sdp.size()));
    return m + std::string(sdp);
}

std::vector<Frame> media_frames() {
    const std::string g729 =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n"
        "t=0 0\r\nm=audio 4000 RTP/AVP 18 101\r\n"
        "a=rtpmap:101 telephone-event/8000\r\n";
    const std::string alaw =
        "v=0\r\no=- 2 2 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\n"
        "t=0 0\r\nm=audio 5000 RTP/AVP 8\r\n";
    const std::string srtp =
        "v=0\r\no=- 3 3 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n"
        "t=0 0\r\nm=audio 4000 RTP/SAVP 0\r\n"
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9\r\n";
    const std::string fax =
        "v=0\r\no=- 4 5 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n"
        "t=0 0\r\nm=image 4002 udptl t38\r\na=T38FaxVersion:0\r\n";
    return {
        up(sdp_message("INVITE sip:bob@example.com SIP/2.0", "codec", "1 INVITE", "", g729), 0),
        down(sdp_message("SIP/2.0 488 Not Acceptable Here", "codec", "1 INVITE", "", alaw), 0,
             20000),
        up(sdp_message("INVITE sip:bob@example.com SIP/2.0", "srtp", "1 INVITE", "", srtp), 1),
        down(call_response("488 Not Acceptable Here", "srtp", 1, "INVITE"), 1, 20000),
        up(sdp_message("INVITE sip:bob@example.com SIP/2.0", "fax", "2 INVITE",
                       "X-In-Dialog: yes\r\n", fax),
           2),
        down(call_response("488 Not Acceptable Here", "fax", 2, "INVITE"), 2, 20000),
    };
}

TEST(FindingsE2E, MediaFindingsFromTheSdpOfACapture) {
    const std::string path = temp_file("media.pcap", pcap(link::ethernet, media_frames()));
    const auto r = sipwhy({"--json", path});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 3u);
    const auto ids = [&](std::size_t i) {
        std::vector<std::string> out;
        for (const auto& f : lines[i]["findings"]) {
            out.push_back(f["id"].get<std::string>());
        }
        return out;
    };
    EXPECT_EQ(ids(0), (std::vector<std::string>{"offer_codecs", "answer_codecs"}));
    EXPECT_EQ(lines[0]["findings"][0]["evidence"][0]["value"], "m=audio 4000 RTP/AVP 18 101");
    EXPECT_EQ(lines[0]["findings"][0]["evidence"][0]["header"], "body");
    EXPECT_EQ(lines[0]["findings"][0]["evidence"][0]["where"], "request");
    EXPECT_EQ(ids(1), (std::vector<std::string>{"srtp_offer", "offer_codecs"}));
    // The fax switch is a re-INVITE (the dialog's To tag): the call goes on as it was.
    EXPECT_EQ(ids(2), (std::vector<std::string>{"reinvite_refused", "t38_offer"}));
    const auto text = sipwhy({"--no-filename", path});
    EXPECT_TRUE(has(text.out,
                    "  ! The refused offer's audio stream carried G729/8000, "
                    "telephone-event/8000. [RFC 3264 §5]\n"
                    "  ! The 488 says what it takes for audio: PCMA/8000. "
                    "[RFC 3261 §21.6.4]\n"));
    const auto ru = sipwhy({"--lang", "ru", "--no-filename", path});
    EXPECT_TRUE(has(ru.out,
                    "  ! Отклонённое предложение переключает на факс T.38 (m=image 4002 "
                    "udptl t38)"));
}

TEST(FindingsE2E, ARegistrationGrantedLessInACapture) {
    const std::string path = temp_file(
        "reg.pcap",
        pcap(link::ethernet, {up(call_request("REGISTER", "g1", 1, "Expires: 3600\r\n"), 0),
                              down(call_response("200 OK", "g1", 1, "REGISTER",
                                                 "Contact: <sip:alice@192.0.2.10>;expires=120\r\n"),
                                   0, 30000)}));
    const auto r = sipwhy({"--no-filename", path});
    EXPECT_TRUE(has(r.out,
                    "\n  ! The registration asked for 3600 s and was granted 120 s: the "
                    "binding expires sooner than asked"));
    const auto ru = sipwhy({"--lang", "ru", "--json", path});
    EXPECT_TRUE(json_lines(ru.out)[0]["findings"][0]["text"].get<std::string>().starts_with(
        "Регистрация просила 3600 с, а получила 120 с"))
        << ru.out;
}

TEST(FindingsE2E, MediaFindingsOfAPastedExchange) {
    const std::string sdp = "v=0\r\nm=audio 4000 RTP/AVP 18\r\n";
    const std::string pasted =
        sdp_message("INVITE sip:bob@example.com SIP/2.0", "pm", "1 INVITE", "", sdp) +
        msg("SIP/2.0 488 Not Acceptable Here", "pm", "1 INVITE",
            "Warning: 304 gw.example.com \"Media type not available\"\r\n");
    const auto r = sipwhy(Invocation{.args = {"--brief", "explain", "-"}, .input = pasted});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.out, "\n  ! Warning 304 (Media type not available) from gw.example.com: "));
    EXPECT_TRUE(has(r.out,
                    "\n  ! The refused offer's audio stream carried G729/8000. "
                    "[RFC 3264 §5]\n"));
}

const std::string k_pasted_503 =
    "SIP/2.0 503 Service Unavailable\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-m1\r\n"
    "Call-ID: m1\r\nCSeq: 1 INVITE\r\n"
    "Retry-After: 120\r\n"
    "Reason: Q.850;cause=34\r\n"
    "Server: Kamailio (5.6.4)\r\n"
    "Content-Length: 0\r\n\r\n";

TEST(FindingsE2E, APastedMessageIsOneQuery) {
    const auto r = sipwhy({k_pasted_503});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_TRUE(r.out.starts_with(
        "From the message:\n"
        "  ! The response asks not to retry for 120 s (Retry-After). [RFC 3261 §20.33]\n"
        "  ! Sent by Kamailio (5.6.4) (Server). [RFC 3261 §20.35, §20.41]\n"
        "\n"
        "503 Service Unavailable - capacity\n"))
        << r.out;
    // The Reason header decoded after the explanation.
    EXPECT_TRUE(has(r.out, "\nReason: Q.850;cause=34\n  Q.850 cause 34"));
    const auto stdin_run = sipwhy(Invocation{.args = {"explain", "-"}, .input = k_pasted_503});
    EXPECT_EQ(stdin_run.out, r.out);
    const auto ru =
        sipwhy(Invocation{.args = {"--lang", "ru", "explain", "-"}, .input = k_pasted_503});
    EXPECT_TRUE(
        ru.out.starts_with("Из сообщения:\n"
                           "  ! Ответ просит не повторять запрос 120 с (Retry-After). "
                           "[RFC 3261 §20.33]\n"))
        << ru.out;
}

TEST(FindingsE2E, APastedMessageInJsonHasFindings) {
    const auto r = sipwhy(Invocation{.args = {"--json", "explain", "-"}, .input = k_pasted_503});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["query"], "SIP/2.0 503 Service Unavailable");
    EXPECT_EQ(lines[0]["code"], 503);
    ASSERT_EQ(lines[0]["findings"].size(), 2u);
    EXPECT_EQ(lines[0]["findings"][0]["id"], "retry_after");
    EXPECT_EQ(lines[0]["findings"][0]["evidence"][0]["where"], "message");
    EXPECT_EQ(lines[0]["findings"][1]["id"], "sender");
}

TEST(FindingsE2E, ARequestPastedBeforeItsResponse) {
    const std::string pasted =
        msg("REGISTER sip:example.com SIP/2.0", "m2", "1 REGISTER", "Expires: 60\r\n") +
        msg("SIP/2.0 423 Interval Too Brief", "m2", "1 REGISTER", "Min-Expires: 3600\r\n");
    const auto r = sipwhy({"--brief", pasted});
    EXPECT_EQ(
        r,
        (Outcome{
            0,
            "423 Interval Too Brief - protocol - fix_request - The server rejects a request whose "
            "expiry is shorter than it allows; Min-Expires in the 423 gives the minimum.\n"
            "  ! The request asked for 60 s, less than the 3600 s the server requires "
            "(Min-Expires): retry with Expires of at least 3600. [RFC 3261 §10.3]\n",
            ""}));
    const auto piped = sipwhy(Invocation{.args = {"--brief", "explain", "-"}, .input = pasted});
    EXPECT_EQ(piped.out, r.out);
}

TEST(FindingsE2E, StatusLinesOnStdinAreStillQueriesOfTheirOwn) {
    const auto r = sipwhy(Invocation{.args = {"--brief", "explain", "-"},
                                     .input = "SIP/2.0 486 Busy Here\nSIP/2.0 603 Decline\n"});
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "486 Busy Here - busy - retry_later - The callee's device was reached but will not "
            "take another call right now.\n"
            "603 Decline - declined - stop - The callee's device was reached, but the user (or a "
            "system acting for them) refused the call, and no other endpoint will answer.\n"}));
}

// A phone behind NAT (10.0.0.20, seen from 198.51.100.7:40001) and its server (203.0.113.5): the
// server's answers carry received= and rport= on the top Via (RFC 3581).
std::string nat_message(std::string_view start, std::string_view call, std::string_view cseq,
                        std::string_view headers, std::string_view sdp = {}) {
    const bool response = start.starts_with("SIP/2.0 ");
    std::string m = std::string(start) + "\r\n";
    m += response ? "Via: SIP/2.0/UDP 10.0.0.20:5060;rport=40001;received=198.51.100.7"
                  : "Via: SIP/2.0/UDP 10.0.0.20:5060;rport";
    m += ";branch=z9hG4bK-" + std::string(call) + "\r\n";
    m += "From: <sip:alice@example.com>;tag=1\r\n";
    m += response ? "To: <sip:bob@example.com>;tag=2\r\n" : "To: <sip:bob@example.com>\r\n";
    m += "Call-ID: " + std::string(call) + "\r\nCSeq: " + std::string(cseq) + "\r\n";
    m += headers;
    if (!sdp.empty()) {
        m += "Content-Type: application/sdp\r\n";
    }
    return m + "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + std::string(sdp);
}

const std::string k_nat_contact = "Contact: <sip:alice@10.0.0.20:5060>\r\n";
const std::string k_private_offer =
    "v=0\r\no=- 1 1 IN IP4 10.0.0.20\r\ns=-\r\nc=IN IP4 10.0.0.20\r\nt=0 0\r\n"
    "m=audio 4000 RTP/AVP 0 8\r\n";
const std::string k_webrtc_offer =
    "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "a=group:BUNDLE 0\r\na=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:F7gI\r\n"
    "a=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n"
    "a=candidate:1 1 udp 2122260223 10.0.0.20 51000 typ host\r\na=rtpmap:111 opus/48000/2\r\n";

// Each exchange, request then response, with the findings lines mode gives it in a capture. The
// last one is healthy: a challenge the client meets in MD5, which the server offers too.
const std::vector<std::pair<std::string, std::vector<std::string>>>& nat_exchanges() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> c = {
        {nat_message("REGISTER sip:example.com SIP/2.0", "sha", "2 REGISTER",
                     k_nat_contact +
                         "Authorization: Digest username=\"alice\", realm=\"example.com\", "
                         "nonce=\"n1\", uri=\"sip:example.com\", response=\"x\"\r\n") +
             nat_message("SIP/2.0 401 Unauthorized", "sha", "2 REGISTER",
                         "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n2\", "
                         "algorithm=SHA-256\r\n"
                         "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n3\", "
                         "algorithm=SHA-512-256\r\n"),
         {"digest_algorithm"}},
        {nat_message("REGISTER sip:example.com SIP/2.0", "realm", "2 REGISTER",
                     k_nat_contact +
                         "Authorization: Digest username=\"alice\", realm=\"old.example\", "
                         "nonce=\"n1\", uri=\"sip:example.com\", response=\"x\"\r\n") +
             nat_message("SIP/2.0 401 Unauthorized", "realm", "2 REGISTER",
                         "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n2\"\r\n"),
         {"realm_mismatch"}},
        {nat_message("INVITE sip:bob@example.com SIP/2.0", "nat", "1 INVITE", k_nat_contact) +
             nat_message("SIP/2.0 408 Request Timeout", "nat", "1 INVITE", ""),
         {"via_nat", "contact_nat", "contact_port"}},
        {nat_message("INVITE sip:bob@example.com SIP/2.0", "media", "1 INVITE", k_nat_contact,
                     k_private_offer) +
             nat_message("SIP/2.0 488 Not Acceptable Here", "media", "1 INVITE", ""),
         {"offer_codecs", "sdp_private_address"}},
        // The offer's ICE finds its own way past the NAT: no sdp_private_address.
        {nat_message("INVITE sip:bob@example.com SIP/2.0", "webrtc", "1 INVITE", k_nat_contact,
                     k_webrtc_offer) +
             nat_message("SIP/2.0 488 Not Acceptable Here", "webrtc", "1 INVITE", ""),
         {"srtp_offer", "offer_codecs", "ice_only_offer"}},
        {nat_message("REGISTER sip:example.com SIP/2.0", "healthy", "2 REGISTER",
                     k_nat_contact +
                         "Authorization: Digest username=\"alice\", realm=\"example.com\", "
                         "nonce=\"n1\", uri=\"sip:example.com\", response=\"x\"\r\n") +
             nat_message("SIP/2.0 401 Unauthorized", "healthy", "2 REGISTER",
                         "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n2\", "
                         "algorithm=SHA-256\r\n"
                         "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n3\", "
                         "algorithm=MD5\r\n"),
         {}},
    };
    return c;
}

// The ids of each response's findings, by Call-ID.
std::map<std::string, std::vector<std::string>> findings_by_call(const Result& r) {
    EXPECT_EQ(r.err, "");
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& line : json_lines(r.out)) {
        auto& ids = out[line["call_id"].get<std::string>()];
        for (const auto& f : line["findings"]) {
            ids.push_back(f["id"].get<std::string>());
            EXPECT_FALSE(f["evidence"].empty()) << f.dump();
            for (const auto& e : f["evidence"]) {
                EXPECT_FALSE(e["header"].get<std::string>().empty()) << f.dump();
                EXPECT_FALSE(e["value"].get<std::string>().empty()) << f.dump();
            }
        }
    }
    return out;
}

std::string nat_capture() {
    std::vector<Frame> frames;
    std::uint32_t s = 0;
    for (const auto& [exchange, ids] : nat_exchanges()) {
        const std::size_t split = exchange.find("SIP/2.0 ");
        frames.push_back(
            {udp4("198.51.100.7", 40001, "203.0.113.5", 5060, exchange.substr(0, split)),
             1700000000 + s, 0});
        frames.push_back({udp4("203.0.113.5", 5060, "198.51.100.7", 40001, exchange.substr(split)),
                          1700000000 + s++, 20000});
    }
    return temp_file("nat.pcap", pcap(link::ethernet, frames));
}

TEST(FindingsE2E, NatAuthAndWebRtcFindingsInACapture) {
    const auto by_call = findings_by_call(sipwhy({"--json", nat_capture()}));
    ASSERT_EQ(by_call.size(), nat_exchanges().size());
    for (const auto& [exchange, ids] : nat_exchanges()) {
        const std::string call = exchange.substr(exchange.find("Call-ID: ") + 9);
        const std::string id = call.substr(0, call.find('\r'));
        EXPECT_EQ(by_call.at(id), ids) << id;
    }
    const auto r = sipwhy({"--json", nat_capture()});
    const auto lines = json_lines(r.out);
    // The evidence of contact_nat: the request's Contact, the response's top Via.
    const auto& nat = lines[2]["findings"][1];
    EXPECT_EQ(nat["id"], "contact_nat");
    EXPECT_EQ(nat["evidence"][0]["where"], "request");
    EXPECT_EQ(nat["evidence"][0]["header"], "Contact");
    EXPECT_EQ(nat["evidence"][0]["value"], "<sip:alice@10.0.0.20:5060>");
    EXPECT_EQ(nat["evidence"][1]["where"], "frame 6");
    EXPECT_EQ(nat["evidence"][1]["value"],
              "SIP/2.0/UDP 10.0.0.20:5060;rport=40001;received=198.51.100.7;branch=z9hG4bK-nat");
    const auto& ice = lines[4]["findings"][2];
    EXPECT_EQ(ice["evidence"][0]["value"], "m=audio 9 UDP/TLS/RTP/SAVPF 111");
    EXPECT_EQ(ice["evidence"][1]["value"], "a=ice-ufrag:F7gI");
    EXPECT_EQ(ice["evidence"][2]["value"], "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B");
    const auto text = sipwhy({"--no-filename", nat_capture()});
    EXPECT_TRUE(has(text.out,
                    "\n  ! The request's Contact names port 5060, but a NAT sent the "
                    "request from port 40001 (rport=): requests sent to the Contact port "
                    "do not pass the NAT; the client needs keep-alives and a Contact the "
                    "server fixes, or SIP Outbound (RFC 5626). [RFC 3581 §4]\n"));
    const auto ru = sipwhy({"--lang", "ru", "--no-filename", nat_capture()});
    EXPECT_TRUE(has(ru.out,
                    "\n  ! Сервер предлагает только дайджест SHA-256, SHA-512-256 "
                    "(WWW-Authenticate), а клиент ответил с MD5 (алгоритм не указан): "));
    const auto summary = json_lines(sipwhy({"--summary", "--json", nat_capture()}).out);
    ASSERT_EQ(summary.size(), 1u);
    const auto& by = summary[0]["by_finding"];
    EXPECT_EQ(by["contact_nat"], 1);
    EXPECT_EQ(by["ice_only_offer"], 1);
}

std::string nat_log() {
    std::string log;
    for (const auto& [exchange, ids] : nat_exchanges()) {
        log += exchange;
    }
    return temp_file("nat.log", log);
}

TEST(FindingsE2E, NatAuthAndWebRtcFindingsInALog) {
    // A log of whole messages holds the requests and their SDP bodies: the same findings as the
    // capture's, the request's evidence named as such and the response's by its line.
    const auto by_call = findings_by_call(sipwhy({"--json", nat_log()}));
    ASSERT_EQ(by_call.size(), nat_exchanges().size());
    for (const auto& [exchange, ids] : nat_exchanges()) {
        const std::string call = exchange.substr(exchange.find("Call-ID: ") + 9);
        const std::string id = call.substr(0, call.find('\r'));
        EXPECT_EQ(by_call.at(id), ids) << id;
    }
    const auto lines = json_lines(sipwhy({"--json", nat_log()}).out);
    const auto& media = lines[3]["findings"][1];
    EXPECT_EQ(media["id"], "sdp_private_address");
    EXPECT_EQ(media["evidence"][0]["where"], "request");
    EXPECT_EQ(media["evidence"][0]["value"], "c=IN IP4 10.0.0.20");
    EXPECT_EQ(media["evidence"][1]["where"], "line 73");
    const auto text = sipwhy({"--no-filename", nat_log()});
    EXPECT_TRUE(has(text.out,
                    "\n  ! The request's credentials are for realm \"old.example\", but "
                    "the challenge (WWW-Authenticate) is for realm \"example.com\": "));
}

TEST(FindingsE2E, MediaBehindNatAndWebRtcOfAPastedExchange) {
    // Pasted from a full-message log: the request, its body, then the response.
    for (const auto& [exchange, ids] : nat_exchanges()) {
        const auto r = sipwhy(Invocation{.args = {"--json", "explain", "-"}, .input = exchange});
        EXPECT_EQ(r.status, 0);
        const auto lines = json_lines(r.out);
        ASSERT_EQ(lines.size(), 1u);
        std::vector<std::string> got;
        for (const auto& f : lines[0]["findings"]) {
            got.push_back(f["id"].get<std::string>());
        }
        EXPECT_EQ(got, ids) << exchange;
    }
    const auto text =
        sipwhy(Invocation{.args = {"--brief", "explain", "-"}, .input = nat_exchanges()[3].first});
    EXPECT_TRUE(has(text.out,
                    "\n  ! The offer's media address 10.0.0.20 (c=) is private, while the "
                    "server saw the request come from 198.51.100.7 (received=): "));
}

// INVITEs cancelled: a CANCEL the far side never answered, and one it did.
std::string cancel_messages(bool with_408) {
    std::string log;
    log += call_request("INVITE", "lostcancel", 1) +
           call_response("180 Ringing", "lostcancel", 1, "INVITE");
    for (int i = 0; i < 3; ++i) {
        log += call_request("CANCEL", "lostcancel", 1);
    }
    log += call_request("INVITE", "cancelled", 1) +
           call_response("180 Ringing", "cancelled", 1, "INVITE") +
           call_request("CANCEL", "cancelled", 1) + call_request("CANCEL", "cancelled", 1) +
           call_response("200 OK", "cancelled", 1, "CANCEL") +
           call_response("487 Request Terminated", "cancelled", 1, "INVITE") +
           call_request("ACK", "cancelled", 1);
    if (with_408) {
        log += call_request("INVITE", "timerf", 1) +
               call_response("183 Session Progress", "timerf", 1, "INVITE") +
               call_request("CANCEL", "timerf", 1) + call_request("CANCEL", "timerf", 1) +
               call_response("408 Request Timeout", "timerf", 1, "CANCEL");
    }
    return log;
}

TEST(FindingsE2E, ACancelNeverAnsweredInACaptureAndALog) {
    std::vector<Frame> frames;
    const std::string all = cancel_messages(false);
    std::uint32_t s = 0;
    for (std::size_t at = 0; at < all.size();) {
        const std::size_t end = all.find("\r\n\r\n", at) + 4;
        const std::string m = all.substr(at, end - at);
        frames.push_back(m.starts_with("SIP/2.0 ") ? down(m, s++) : up(m, s++));
        at = end;
    }
    const std::string capture = temp_file("cancel.pcap", pcap(link::ethernet, frames));
    const auto c = call_findings(capture);
    EXPECT_EQ(c.at("lostcancel"), (std::set<std::string>{"cancel_unanswered"}));
    EXPECT_EQ(c.at("cancelled"), (std::set<std::string>{}));
    const auto text = sipwhy({"--calls", "--no-filename", capture});
    EXPECT_TRUE(has(text.out,
                    "\n  ! The CANCEL was sent 3 times and got no response, while the "
                    "INVITE had no final response: the far side never saw the CANCEL"));
    const auto log = call_findings(temp_file("cancel.log", cancel_messages(true)));
    EXPECT_EQ(log.at("lostcancel"), (std::set<std::string>{"cancel_unanswered"}));
    EXPECT_EQ(log.at("cancelled"), (std::set<std::string>{}));
    EXPECT_EQ(log.at("timerf"), (std::set<std::string>{"cancel_unanswered"}));
    const auto json = sipwhy({"--calls", "--json", temp_file("cancel.log", cancel_messages(true))});
    EXPECT_TRUE(has(json.out,
                    "\"evidence\":[{\"where\":\"line 17\",\"header\":\"CSeq\",\"value\":"
                    "\"1 CANCEL\"},{\"where\":\"line 1\",\"header\":\"CSeq\",\"value\":"
                    "\"1 INVITE\"}]"));
}

TEST(FindingsE2E, TheCategoryFilterJudgesTheNarrowedCategoryInEveryMode) {
    // A site's carrier phrase for 483 says `unavailable`; the request's Max-Forwards finding
    // narrows the response to `no_route`. Every mode, a count as much as the lines, judges the
    // narrowed category (a log's count once read no headers and counted it as unavailable).
    const std::string kb = temp_file(
        "carrier.json",
        R"({"variants": [{"code": 483, "phrase": "Hop limit", "meaning": "No route completed.",
             "category": "unavailable", "kind": "carrier", "source": "a site's carrier"}]})");
    const std::string common =
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-1\r\nFrom: <sip:a@example.com>;tag=1\r\n"
        "Call-ID: h1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n";
    const std::string log =
        temp_file("hops.log", "INVITE sip:bob@example.com SIP/2.0\r\nMax-Forwards: 5\r\n" + common +
                                  "To: <sip:b@example.com>\r\n\r\nSIP/2.0 483 Hop limit\r\n" +
                                  common + "To: <sip:b@example.com>;tag=2\r\n\r\n");
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--kb", kb});
        args.push_back(log);
        return sipwhy(args);
    };
    EXPECT_EQ(run({"--category", "no_route"}),
              (Outcome{0,
                       log + ":10: 483 Hop limit - no_route (by its findings; 483 alone: "
                             "unavailable) (INVITE, call h1)\n"
                             "  ! The request left with Max-Forwards: 5 and ran out of hops on the "
                             "way: a forwarding loop, or a path longer than 5 hops. [RFC 3261 "
                             "§16.6]\n",
                       ""}));
    EXPECT_EQ(run({"-c", "--category", "no_route"}), (Outcome{0, "1\n", ""}));
    EXPECT_EQ(run({"-c", "--category", "unavailable"}), (Outcome{1, "0\n", ""}));
    EXPECT_EQ(run({"-l", "--category", "no_route"}), (Outcome{0, log + "\n", ""}));
    EXPECT_EQ(run({"-q", "--category", "unavailable"}), (Outcome{1, "", ""}));
    EXPECT_EQ(run({"--csv", "--category", "unavailable"}).status, 1);
    const auto summary = run({"--summary", "--json", "--category", "no_route"});
    EXPECT_EQ(summary.status, 0);
    EXPECT_TRUE(has(summary.out, R"("by_category":{"no_route":1})"));
}

}  // namespace
}  // namespace sipwhy::e2e
