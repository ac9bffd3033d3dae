// Findings that compare a response with its request, and read SDP bodies, in text logs: the
// request and the body are read from the log itself, whatever its framing.
#include "run.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sipwhy::e2e {
namespace {

// The lines of a message, each after `prefix`, ending with CRLF as a trace keeps them.
std::string lines(const std::vector<std::string>& message, const std::string& prefix = "") {
    std::string out;
    for (const auto& l : message) {
        out += prefix + l + "\r\n";
    }
    return out;
}

const std::vector<std::string> k_invite = {
    "INVITE sip:+15551000@carrier.example SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-m1",
    "From: <sip:2001@pbx.example>;tag=a1",
    "To: <sip:+15551000@carrier.example>",
    "Call-ID: media-1",
    "CSeq: 1 INVITE",
    "Content-Type: application/sdp",
    "Content-Length: 129",
    "",
    "v=0",
    "o=- 1 1 IN IP4 192.0.2.10",
    "s=-",
    "c=IN IP4 192.0.2.10",
    "t=0 0",
    "m=audio 4000 RTP/AVP 18 101",
    "a=rtpmap:101 telephone-event/8000",
};

const std::vector<std::string> k_refusal = {
    "SIP/2.0 488 Not Acceptable Here",
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-m1",
    "From: <sip:2001@pbx.example>;tag=a1",
    "To: <sip:+15551000@carrier.example>;tag=b1",
    "Call-ID: media-1",
    "CSeq: 1 INVITE",
    "Content-Type: application/sdp",
    "Content-Length: 90",
    "",
    "v=0",
    "o=- 2 2 IN IP4 203.0.113.5",
    "s=-",
    "c=IN IP4 203.0.113.5",
    "t=0 0",
    "m=audio 5000 RTP/AVP 8",
};

const std::vector<std::string> k_register = {
    "REGISTER sip:pbx.example SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-r1",
    "From: <sip:2001@pbx.example>;tag=r1",
    "To: <sip:2001@pbx.example>",
    "Call-ID: reg-1",
    "CSeq: 7 REGISTER",
    "Expires: 60",
    "Content-Length: 0",
    "",
};

const std::vector<std::string> k_too_brief = {
    "SIP/2.0 423 Interval Too Brief",
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-r1",
    "From: <sip:2001@pbx.example>;tag=r1",
    "To: <sip:2001@pbx.example>;tag=s1",
    "Call-ID: reg-1",
    "CSeq: 7 REGISTER",
    "Min-Expires: 3600",
    "Content-Length: 0",
    "",
};

const std::string k_findings =
    "  ! The refused offer's audio stream carried G729/8000, telephone-event/8000. [RFC 3264 §5]\n"
    "  ! The 488 says what it takes for audio: PCMA/8000. [RFC 3261 §21.6.4]\n";

TEST(LogEvidence, ARequestAndItsSdpInATrace) {
    // sngrep's text export: a framing line, then the message.
    const std::string log =
        "2024/03/01 10:00:00.000000 192.0.2.10:5060 -> 203.0.113.5:5060\r\n" + lines(k_invite) +
        "\r\n2024/03/01 10:00:00.100000 203.0.113.5:5060 -> 192.0.2.10:5060\r\n" + lines(k_refusal);
    const auto r = sipwhy({temp_file("trace.log", log)});
    EXPECT_EQ(r.status, 0);
    const std::string head = r.out.substr(r.out.find("488"));
    EXPECT_EQ(head, "488 Not Acceptable Here - media (INVITE, call media-1)\n" + k_findings);
}

// The findings of the one response `sipwhy --json` reports in a log named `name` (null where it
// does not report exactly one).
nlohmann::json findings_in(const std::string& name, const std::string& log) {
    const auto r = sipwhy({"--json", temp_file(name, log)});
    EXPECT_EQ(r.status, 0);
    const auto j = json_lines(r.out);
    EXPECT_EQ(j.size(), 1u);
    return j.size() == 1 ? j[0]["findings"] : nlohmann::json();
}

TEST(LogEvidence, ARequestAndItsSdpBehindALogPrefix) {
    // Each line of the message after the logger's own prefix, as syslog and journald write it.
    const std::string prefix = "Mar  1 10:00:00 pbx kamailio[812]: ";
    const std::string log = lines(k_invite, prefix) + lines(k_refusal, prefix);
    const auto f = findings_in("syslog.log", log);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0]["id"], "offer_codecs");
    EXPECT_EQ(f[0]["evidence"][0]["where"], "request");
    EXPECT_EQ(f[0]["evidence"][0]["value"], "m=audio 4000 RTP/AVP 18 101");
    EXPECT_EQ(f[1]["id"], "answer_codecs");
    EXPECT_EQ(f[1]["evidence"][0]["value"], "m=audio 5000 RTP/AVP 8");
}

TEST(LogEvidence, AMessageEscapedInsideOneLine) {
    // A JSON logger that keeps the message in one string, its line ends written as \r\n.
    const auto escaped = [](const std::vector<std::string>& m) {
        std::string s;
        for (const auto& l : m) {
            s += l + "\\r\\n";
        }
        return s;
    };
    const std::string log = "{\"level\":\"debug\",\"msg\":\"" + escaped(k_invite) + "\"}\n" +
                            "{\"level\":\"debug\",\"msg\":\"" + escaped(k_refusal) + "\"}\n";
    const auto f = findings_in("app.jsonl", log);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0]["id"], "offer_codecs");
    EXPECT_EQ(f[1]["id"], "answer_codecs");
}

TEST(LogEvidence, ARegisterAndItsIntervalInALog) {
    const std::string log = lines(k_register) + lines(k_too_brief);
    const auto r = sipwhy({temp_file("register.log", log)});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.out,
                    "  ! The request asked for 60 s, less than the 3600 s the server "
                    "requires (Min-Expires)"));
}

TEST(LogEvidence, TheSdpEndsWhereTheLogGoesOn) {
    // The line after a body is read afresh: here, the next response.
    std::vector<std::string> refusal = k_refusal;
    const std::string log = lines(k_invite) + lines(refusal) +
                            "2024-03-01 10:00:01 WARNING got final response 503 for INVITE\n";
    const auto r = sipwhy({temp_file("mixed.log", log)});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.out, "503 - capacity"));
    EXPECT_TRUE(has(r.out, k_findings));
}

TEST(LogEvidence, CsvLinesStillReadNoRequests) {
    const std::string log = lines(k_invite) + lines(k_refusal);
    const auto r = sipwhy({"--csv", temp_file("trace.log", log)});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.out, ",488,Not Acceptable Here,media,"));
}

}  // namespace
}  // namespace sipwhy::e2e

namespace sipwhy::e2e {
namespace {

// A REGISTER whose credentials are refused with a fresh challenge, then 403.
std::string refused_registration() {
    const auto m = [](const std::string& start, const std::string& cseq, const std::string& extra) {
        const bool response = start.starts_with("SIP/2.0");
        std::vector<std::string> l = {
            start,
            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-" + cseq.substr(0, 1),
            "From: <sip:2001@pbx.example>;tag=r1",
            std::string("To: <sip:2001@pbx.example>") + (response ? ";tag=s1" : ""),
            "Call-ID: reg-n",
            "CSeq: " + cseq};
        if (!extra.empty()) {
            l.push_back(extra);
        }
        l.push_back("Content-Length: 0");
        l.push_back("");
        return lines(l);
    };
    const std::string creds =
        "Authorization: Digest username=\"2001\", realm=\"pbx.example\", "
        "uri=\"sip:pbx.example\", response=\"0\", nonce=";
    return m("REGISTER sip:pbx.example SIP/2.0", "1 REGISTER", "") +
           m("SIP/2.0 401 Unauthorized", "1 REGISTER",
             "WWW-Authenticate: Digest realm=\"pbx.example\", nonce=\"n1\"") +
           m("REGISTER sip:pbx.example SIP/2.0", "2 REGISTER", creds + "\"n1\"") +
           m("SIP/2.0 401 Unauthorized", "2 REGISTER",
             "WWW-Authenticate: Digest realm=\"pbx.example\", nonce=\"n2\"") +
           m("REGISTER sip:pbx.example SIP/2.0", "3 REGISTER", creds + "\"n2\"") +
           m("SIP/2.0 403 Forbidden", "3 REGISTER", "");
}

TEST(LogEvidence, FindingsThatNameTheCauseNarrowTheVerdictsCategory) {
    const auto r = sipwhy({"--calls", "--json", temp_file("reg.log", refused_registration())});
    EXPECT_EQ(r.status, 0);
    const auto j = json_lines(r.out);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["verdict"], "registration_failed");
    EXPECT_EQ(j[0]["code_category"], "forbidden");
    EXPECT_EQ(j[0]["category"], "authentication");
    ASSERT_EQ(j[0]["findings"].size(), 2u);
    EXPECT_EQ(j[0]["findings"][1]["id"], "credentials_refused");
}

}  // namespace
}  // namespace sipwhy::e2e

namespace sipwhy::e2e {
namespace {

TEST(LogEvidence, ARowOrAMentionClaimsNoHeaderMissing) {
    // A Zeek row keeps a few columns of the message, a prose line none of its headers: a 401 or a
    // 405 there has a challenge or an Allow header the log did not keep.
    const std::string zeek =
        "#fields\tts\tuid\tmethod\tcall_id\tseq\tuser_agent\tstatus_code\tstatus_msg\n"
        "1763712000.000000\tCx1\tREGISTER\tz-1\t1 REGISTER\tDeskPhone 1.0\t401\tUnauthorized\n"
        "1763712001.000000\tCx2\tMESSAGE\tz-2\t1 MESSAGE\t-\t405\tMethod Not Allowed\n";
    const auto z = sipwhy({"-I", temp_file("sip.log", zeek)});
    EXPECT_EQ(status_out(z),
              (StatusText{0,
                          "2: 401 Unauthorized - authentication (REGISTER, call z-1)\n"
                          "  ! Sent by DeskPhone 1.0 (User-Agent). [RFC 3261 §20.35, §20.41]\n"
                          "3: 405 Method Not Allowed - protocol (MESSAGE, call z-2)\n"}));
    const std::string prose =
        "2026-11-20 10:00:01 WARNING registration failed: 401 Unauthorized for REGISTER "
        "call-id=p-1\n";
    const auto p = sipwhy({"-I", temp_file("app.log", prose)});
    EXPECT_EQ(p.out.find("carries no"), std::string::npos) << p.out;
    EXPECT_TRUE(has(p.out, "401 Unauthorized - authentication"));
}

}  // namespace
}  // namespace sipwhy::e2e
