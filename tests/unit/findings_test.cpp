// The finding rules over whole messages, with the built-in knowledge base's texts.
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/render/responses.hpp>
#include <sipwhy/report/scan_report.hpp>
#include <sipwhy/sip/sip_message.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sipwhy {
namespace {

const KnowledgeBase& kb() {
    static const KnowledgeBase k = KnowledgeBase::builtin();
    return k;
}

// The headers of a message written with \n line ends.
MessageInfo message(std::string text) {
    MessageInfo m;
    const auto head = read_message_head(text, m, true);
    EXPECT_TRUE(head.has_value());
    return m;
}

constexpr std::string_view k_head =
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1\n"
    "Call-ID: c1@example.com\n";

MessageInfo response(int code, std::string_view reason, std::string_view method,
                     std::string_view headers) {
    return message(
        fmt::format("SIP/2.0 {} {}\n{}CSeq: 1 {}\n{}\n", code, reason, k_head, method, headers));
}

// A request of the call c1@example.com, CSeq 1, with `headers` (each ending in \n).
MessageInfo request_with(std::string_view method, std::string_view headers) {
    const std::string_view uri = method == "REGISTER" ? "sip:example.com" : "sip:bob@example.com";
    return message(fmt::format("{} {} SIP/2.0\nCall-ID: c1@example.com\nCSeq: 1 {}\n{}\n", method,
                               uri, method, headers));
}

// A message of the INVITE dialog c, the callee's To tag `tag`, and `headers` besides.
MessageInfo dialog_message(std::string_view start_line, unsigned cseq, std::string_view tag,
                           std::string_view headers = {}) {
    return message(
        fmt::format("{}\nCall-ID: c\nCSeq: {} INVITE\nTo: <sip:bob@example.com>;tag={}\n{}\n",
                    start_line, cseq, tag, headers));
}

std::vector<RuleFinding> find(int code, const MessageInfo& m, const MessageInfo* request = nullptr,
                              Category category = Category::unknown) {
    return response_findings(kb(), code, category, m, request);
}

std::vector<std::string_view> ids(const std::vector<RuleFinding>& f) {
    std::vector<std::string_view> out;
    for (const auto& x : f) {
        out.push_back(x.id);
    }
    return out;
}

using Ids = std::vector<std::string_view>;

// The one finding of `f`, checked to be `id`; an empty finding when `f` is not that one.
RuleFinding one(const std::vector<RuleFinding>& f, std::string_view id) {
    EXPECT_EQ(ids(f), Ids{id});
    return f.size() == 1 && f[0].id == id ? f[0] : RuleFinding{};
}

TEST(Findings, EveryRuleHasItsTextInBothLanguages) {
    for (const auto id : k_finding_ids) {
        const FindingRule* r = kb().finding_rule(id);
        ASSERT_NE(r, nullptr) << id;
        EXPECT_FALSE(r->text.en.empty()) << id;
        EXPECT_FALSE(r->text.ru.empty()) << id;
        EXPECT_TRUE(r->rfc.starts_with("RFC ") || r->rfc.starts_with("ITU-T ")) << id;
    }
}

TEST(Findings, DocsListEveryRule) {
    std::ifstream in(std::string(SIPWHY_SOURCE_DIR) + "/docs/findings.md");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    ASSERT_FALSE(doc.empty());
    for (const auto id : k_finding_ids) {
        EXPECT_NE(doc.find("| `" + std::string(id) + "` |"), std::string::npos) << id;
    }
}

TEST(Findings, RetryAfterGivesTheSeconds) {
    const auto f = one(find(503, response(503, "Service Unavailable", "INVITE",
                                          "Retry-After: 120 (maintenance)\n")),
                       "retry_after");
    EXPECT_EQ(f.text_en, "The response asks not to retry for 120 s (Retry-After).");
    EXPECT_EQ(f.text_ru, "Ответ просит не повторять запрос 120 с (Retry-After).");
    EXPECT_EQ(f.rfc, "RFC 3261 §20.33");
    EXPECT_EQ(f.category, Category::capacity);
    ASSERT_EQ(f.evidence.size(), 1u);
    EXPECT_EQ(f.evidence[0], (FindingEvidence{"Retry-After", "120 (maintenance)", false}));
}

TEST(Findings, RetryAfterThatIsNoNumberSaysNothing) {
    EXPECT_TRUE(
        find(503, response(503, "Service Unavailable", "INVITE", "Retry-After: soon\n")).empty());
}

TEST(Findings, MinExpiresAloneAndAgainstTheRequest) {
    const auto r = response(423, "Interval Too Brief", "REGISTER", "Min-Expires: 3600\n");
    const auto alone = one(find(423, r), "min_expires");
    EXPECT_EQ(alone.text_en,
              "The server accepts no interval shorter than 3600 s (Min-Expires): retry with "
              "Expires of at least 3600.");
    const auto request = request_with("REGISTER", "Contact: <sip:alice@192.0.2.10>;expires=60\n");
    const auto both = one(find(423, r, &request), "min_expires_request");
    EXPECT_EQ(both.text_en,
              "The request asked for 60 s, less than the 3600 s the server requires (Min-Expires): "
              "retry with Expires of at least 3600.");
    ASSERT_EQ(both.evidence.size(), 2u);
    EXPECT_EQ(both.evidence[0],
              (FindingEvidence{"Contact", "<sip:alice@192.0.2.10>;expires=60", true}));
    const auto expires = request_with("REGISTER", "Expires: 30\n");
    EXPECT_EQ(find(423, r, &expires)[0].evidence[0], (FindingEvidence{"Expires", "30", true}));
}

TEST(Findings, IdsOnlyGiveTheSameFindingsWithoutTexts) {
    const auto r = response(423, "Interval Too Brief", "REGISTER",
                            "Min-Expires: 3600\nServer: Asterisk PBX 20.5.0\nRetry-After: 30\n");
    const auto request = request_with("REGISTER", "Expires: 30\n");
    const auto full = find(423, r, &request);
    const auto bare = response_finding_ids(kb(), 423, Category::unknown, r, &request);
    ASSERT_EQ(ids(full), (Ids{"min_expires_request", "retry_after", "sender"}));
    ASSERT_EQ(ids(bare), ids(full));
    for (std::size_t i = 0; i < bare.size(); ++i) {
        EXPECT_EQ(bare[i].category, full[i].category);
        EXPECT_EQ(bare[i].rfc, full[i].rfc);
        EXPECT_EQ(bare[i].narrows, full[i].narrows);
        EXPECT_EQ(bare[i].text_en, "");
        EXPECT_EQ(bare[i].text_ru, "");
        EXPECT_TRUE(bare[i].evidence.empty());
    }
}

TEST(Findings, MinSeAloneAndAgainstTheRequest) {
    const auto r = response(422, "Session Interval Too Small", "INVITE", "Min-SE: 1800\n");
    EXPECT_EQ(ids(find(422, r)), Ids{"min_se"});
    const auto request = request_with("INVITE", "x: 90;refresher=uac\n");
    const auto f = one(find(422, r, &request), "min_se_request");
    EXPECT_EQ(f.text_en,
              "The request's Session-Expires of 90 s is under the server's Min-SE of 1800 s: retry "
              "with at least 1800.");
}

TEST(Findings, UnsupportedAndRequireNameTheOptionTags) {
    const auto f =
        one(find(420, response(420, "Bad Extension", "INVITE", "Unsupported: 100rel, foo\n")),
            "unsupported");
    EXPECT_EQ(f.text_en,
              "The server does not support these extensions the request required (Unsupported): "
              "100rel (RFC 3262: reliable provisional responses (PRACK)), foo (not a tag sipwhy "
              "knows).");
    const auto r = one(find(421, response(421, "Extension Required", "INVITE", "Require: timer\n")),
                       "require");
    EXPECT_EQ(r.text_ru,
              "Сервер требует расширения, которых запрос не предложил (Require): timer (RFC 4028: "
              "таймеры сессии).");
}

TEST(Findings, AllowThatLacksTheMethodOrIsMissing) {
    const auto f = one(find(405, response(405, "Method Not Allowed", "MESSAGE",
                                          "Allow: INVITE, ACK\nAllow: BYE, CANCEL\n")),
                       "allow_lacks_method");
    EXPECT_EQ(f.text_en,
              "MESSAGE is not among the methods the server allows here (Allow: INVITE, ACK, BYE, "
              "CANCEL).");
    EXPECT_TRUE(
        find(405, response(405, "Method Not Allowed", "BYE", "Allow: INVITE, BYE\n")).empty());
    EXPECT_EQ(ids(find(405, response(405, "Method Not Allowed", "BYE", ""))), Ids{"allow_missing"});
}

TEST(Findings, AcceptAgainstTheRequestsContentType) {
    const auto r = response(415, "Unsupported Media Type", "INVITE", "Accept: application/sdp\n");
    const auto request = request_with("INVITE", "c: multipart/mixed;boundary=x\n");
    const auto f = one(find(415, r, &request), "accept");
    EXPECT_EQ(f.text_en,
              "The server accepts only Accept: application/sdp; the request's body was "
              "Content-Type: multipart/mixed;boundary=x.");
    EXPECT_EQ(f.evidence.size(), 2u);
    EXPECT_EQ(find(415, r)[0].text_en, "The server accepts only Accept: application/sdp.");
}

TEST(Findings, WarningCodesAreDecoded) {
    const auto f = one(find(488, response(488, "Not Acceptable Here", "INVITE",
                                          "Warning: 305 sbc.example.com \"G.729 not licensed\"\n")),
                       "warning");
    EXPECT_TRUE(f.text_en.starts_with(
        "Warning 305 (Incompatible media format) from sbc.example.com: \"G.729 not licensed\". "))
        << f.text_en;
}

TEST(Findings, ReasonContradictionAndSipCauseThatIsNoStatus) {
    const auto f = one(find(486, response(486, "Busy Here", "INVITE", "Reason: Q.850;cause=16\n"),
                            nullptr, Category::busy),
                       "reason_contradiction");
    EXPECT_TRUE(f.text_en.starts_with(
        "The Reason header's Q.850 cause 16 (Normal call clearing) does not match 486 Busy Here"))
        << f.text_en;
    const auto s =
        one(find(500, response(500, "Server Internal Error", "BYE", "Reason: SIP;cause=142\n")),
            "reason_sip_not_status");
    EXPECT_EQ(s.text_en,
              "Reason SIP;cause=142 names no SIP status: no response code has that number, so the "
              "sender filled the cause with another value (a Q.850 cause or its own).");
    EXPECT_TRUE(find(500, response(500, "Server Internal Error", "BYE", "Reason: SIP;cause=480\n"))
                    .empty());
    EXPECT_TRUE(find(486, response(486, "Busy Here", "INVITE", "Reason: Q.850;cause=17\n"), nullptr,
                     Category::busy)
                    .empty());
}

TEST(Findings, ServerOrUserAgentNamesTheSenderOfAFailure) {
    const auto f = one(find(503, response(503, "Service Unavailable", "INVITE",
                                          "Server: FPBX-16.0.40(18.9.0)\nUser-Agent: other\n")),
                       "sender");
    EXPECT_EQ(f.text_en, "Sent by FPBX-16.0.40(18.9.0) (Server).");
    EXPECT_EQ(ids(find(480, response(480, "Temporarily Unavailable", "INVITE",
                                     "User-Agent: Linphone/5.0\n")))[0],
              "sender");
    EXPECT_TRUE(find(200, response(200, "OK", "INVITE", "Server: x\n")).empty());
}

TEST(Findings, PlatformCauseHeadersAreDecoded) {
    const auto a = find(603, response(603, "Decline", "INVITE",
                                      "X-Asterisk-HangupCause: Call Rejected\n"
                                      "X-Asterisk-HangupCauseCode: 21\n"));
    ASSERT_EQ(ids(a), Ids{"x_asterisk_hangup_cause"});
    EXPECT_EQ(a[0].text_en,
              "Asterisk's own hangup cause: Q.850 21 (Call rejected) (X-Asterisk-HangupCause).");
    const auto fs =
        one(find(486, response(486, "Busy Here", "INVITE", "X-FS-Hangup-Cause: USER_BUSY\n")),
            "x_fs_hangup_cause");
    EXPECT_TRUE(fs.text_en.starts_with("FreeSWITCH's own hangup cause: USER_BUSY (Q.850 17): "))
        << fs.text_en;
    const auto x = find(
        480, response(480, "Temporarily Unavailable", "INVITE", "X-Reason: no agents logged in\n"));
    EXPECT_EQ(x[0].text_en,
              "The sender's own reason, in a non-standard header: no agents logged in (X-Reason).");
}

TEST(Findings, StaleNonceAndMissingChallenge) {
    const auto stale = find(401, response(401, "Unauthorized", "REGISTER",
                                          "WWW-Authenticate: Digest realm=\"a\", nonce=\"n2\", "
                                          "stale=true\n"));
    ASSERT_EQ(ids(stale), Ids{"stale_nonce"});
    EXPECT_EQ(stale[0].evidence[0].header, "WWW-Authenticate");
    EXPECT_EQ(ids(find(407, response(407, "Proxy Authentication Required", "INVITE", ""))),
              Ids{"challenge_missing"});
    EXPECT_TRUE(find(407, response(407, "Proxy Authentication Required", "INVITE",
                                   "Proxy-Authenticate: Digest realm=\"a\", nonce=\"n\"\n"))
                    .empty());
    // A 401 on a line of its own says nothing of headers it may have had.
    EXPECT_TRUE(find(401, MessageInfo{}).empty());
}

TEST(Findings, RedirectNamesItsContact) {
    const auto f = one(find(302, response(302, "Moved Temporarily", "INVITE",
                                          "Contact: <sip:bob@192.0.2.99:5080>\n")),
                       "redirect_contacts");
    EXPECT_EQ(f.text_en, "The redirect names its target (Contact): <sip:bob@192.0.2.99:5080>.");
}

TEST(Findings, PrivateViaBehindAPublicReceived) {
    const auto m = message(
        "SIP/2.0 480 Temporarily Unavailable\n"
        "Via: SIP/2.0/UDP 10.1.2.3:5060;rport=40123;branch=z9hG4bK1;received=198.51.100.7\n"
        "Call-ID: c1\nCSeq: 1 INVITE\n\n");
    const auto f = one(find(480, m), "via_nat");
    EXPECT_EQ(f.category, Category::network);
    const auto both_private = message(
        "SIP/2.0 480 Temporarily Unavailable\n"
        "Via: SIP/2.0/UDP 10.1.2.3:5060;received=192.168.0.2\nCall-ID: c1\nCSeq: 1 INVITE\n\n");
    EXPECT_TRUE(find(480, both_private).empty());
}

TEST(Findings, SecurityServerMechanisms) {
    const auto f = find(494, response(494, "Security Agreement Required", "REGISTER",
                                      "Security-Server: ipsec-3gpp;q=0.1;alg=hmac-sha-1-96\n"));
    ASSERT_EQ(ids(f), Ids{"security_server"});
}

TEST(Findings, DialogLostOnByeAndReInviteOnly) {
    const auto bye =
        one(find(481, response(481, "Call/Transaction Does Not Exist", "BYE", "")), "dialog_lost");
    EXPECT_TRUE(bye.text_en.starts_with("The BYE was answered 481: ")) << bye.text_en;
    const auto re = dialog_message("SIP/2.0 481 Call/Transaction Does Not Exist", 2, "t1");
    const auto in_dialog = dialog_message("INVITE sip:bob@example.com SIP/2.0", 2, "t1");
    EXPECT_TRUE(
        find(481, re, &in_dialog)[0].text_en.starts_with("The re-INVITE was answered 481: "));
    // Without its request a response cannot tell a re-INVITE: every final response has a To tag.
    EXPECT_TRUE(find(481, re).empty());
    // An initial INVITE (no To tag) or a CANCEL: no dialog to lose.
    EXPECT_TRUE(find(481, response(481, "Call/Transaction Does Not Exist", "INVITE", "")).empty());
}

TEST(Findings, MaxForwardsOfTheRequest) {
    const auto request = request_with("INVITE", "Max-Forwards: 3\n");
    const auto f =
        one(find(483, response(483, "Too Many Hops", "INVITE", ""), &request), "max_forwards");
    EXPECT_EQ(f.text_en,
              "The request left with Max-Forwards: 3 and ran out of hops on the way: a forwarding "
              "loop, or a path longer than 3 hops.");
    EXPECT_TRUE(find(483, response(483, "Too Many Hops", "INVITE", "")).empty());
}

TEST(Findings, RepeatedViaHostsAreALoop) {
    const auto m = message(
        "SIP/2.0 482 Loop Detected\nVia: SIP/2.0/UDP a.example:5060;branch=1\n"
        "Via: SIP/2.0/UDP b.example:5060;branch=2, SIP/2.0/UDP a.example:5060;branch=3\n"
        "Call-ID: c\nCSeq: 1 INVITE\n\n");
    EXPECT_EQ(m.via_sent_by,
              (std::vector<std::string>{"a.example:5060", "b.example:5060", "a.example:5060"}));
    const auto f = one(find(482, m), "via_loop");
    EXPECT_EQ(f.text_en,
              "The Via headers name a.example:5060 2 times: the request passed the same hop more "
              "than once, a forwarding loop.");
}

// A call fed to CallFindings as the scanners report it.
struct CallFeed {
    CallFindings findings{kb()};
    std::uint64_t frame = 0;

    void send(const std::string& text, std::int64_t seconds) {
        MessageInfo m = message(text);
        PacketInfo p;
        p.frame = ++frame;
        p.seconds = seconds;
        const auto start = StartLine::parse(text.substr(0, text.find('\n')));
        if (start.kind == StartLine::Kind::request) {
            findings.request(ScannedRequest{frame, start.method, &m, &p});
        } else {
            findings.response(
                ScannedResponse{0, start.code, start.reason, Framing::packet, &m, &p, nullptr});
        }
    }
};

std::string req(std::string_view method, unsigned cseq, std::string_view headers = {}) {
    return fmt::format("{} sip:b@example.com SIP/2.0\nCall-ID: k\nCSeq: {} {}\n{}\n", method, cseq,
                       method, headers);
}

std::string resp(std::string_view status, unsigned cseq, std::string_view method,
                 std::string_view headers = {}) {
    return fmt::format("SIP/2.0 {}\nCall-ID: k\nCSeq: {} {}\n{}\n", status, cseq, method, headers);
}

TEST(CallFindings, RetransmittedWithNoResponse) {
    CallFeed c;
    c.send(req("INVITE", 1), 0);
    c.send(req("INVITE", 1), 1);
    c.send(req("ACK", 1), 1);
    const auto f = c.findings.take("k");
    ASSERT_EQ(ids(f), Ids{"no_response"});
    EXPECT_EQ(f[0].text_en.substr(0, 48), "The INVITE was sent 2 times and got no response ");
    EXPECT_EQ(f[0].evidence[0], (FindingEvidence{"CSeq", "1 INVITE", true, "frame 1"}));
    EXPECT_TRUE(c.findings.take("k").empty());  // taken: forgotten
}

TEST(CallFindings, TryingThenNothing) {
    CallFeed c;
    c.send(req("INVITE", 1), 0);
    c.send(resp("100 Trying", 1, "INVITE"), 0);
    EXPECT_EQ(ids(c.findings.take("k")), Ids{"trying_then_nothing"});
}

TEST(CallFindings, TimerBAgainstANoAnswerTimer) {
    CallFeed b;
    b.send(req("INVITE", 1), 100);
    b.send(resp("408 Request Timeout", 1, "INVITE"), 132);
    EXPECT_EQ(ids(b.findings.take("k")), Ids{"timer_b"});
    CallFeed n;
    n.send(req("INVITE", 1), 100);
    n.send(resp("180 Ringing", 1, "INVITE"), 101);
    n.send(resp("408 Request Timeout", 1, "INVITE"), 132);
    EXPECT_EQ(ids(n.findings.take("k")), Ids{"no_answer_timer"});
    CallFeed other;
    other.send(req("INVITE", 1), 100);
    other.send(resp("408 Request Timeout", 1, "INVITE"), 105);
    EXPECT_TRUE(other.findings.take("k").empty());
}

TEST(CallFindings, DigestChains) {
    const std::string creds = "Authorization: Digest username=\"a\", nonce=\"n1\"\n";
    CallFeed c;
    c.send(req("REGISTER", 1), 0);
    c.send(resp("401 Unauthorized", 1, "REGISTER", "WWW-Authenticate: Digest nonce=\"n1\"\n"), 0);
    c.send(req("REGISTER", 2, creds), 0);
    c.send(resp("401 Unauthorized", 2, "REGISTER", "WWW-Authenticate: Digest nonce=\"n2\"\n"), 0);
    c.send(req("REGISTER", 3, creds), 0);
    c.send(resp("401 Unauthorized", 3, "REGISTER", "WWW-Authenticate: Digest nonce=\"n3\"\n"), 0);
    EXPECT_EQ(ids(c.findings.take("k")), (Ids{"same_nonce", "credentials_refused"}));
    // A stale nonce, then 200: the normal refresh.
    CallFeed s;
    s.send(req("REGISTER", 1, creds), 0);
    s.send(resp("401 Unauthorized", 1, "REGISTER",
                "WWW-Authenticate: Digest nonce=\"n2\", stale=true\n"),
           0);
    s.send(req("REGISTER", 2, creds), 0);
    s.send(resp("200 OK", 2, "REGISTER"), 0);
    EXPECT_TRUE(s.findings.take("k").empty());
    CallFeed f;
    f.send(req("INVITE", 1, "Proxy-Authorization: Digest nonce=\"p\"\n"), 0);
    f.send(resp("403 Forbidden", 1, "INVITE"), 0);
    EXPECT_EQ(ids(f.findings.take("k")), Ids{"forbidden_after_credentials"});
}

std::vector<RuleFinding> with_offer(int code, std::string_view reason, std::string_view sdp,
                                    std::string_view response_headers = {},
                                    std::string_view response_body = {}) {
    MessageInfo request = request_with("INVITE", "Content-Type: application/sdp\n");
    request.keep_body(sdp);
    MessageInfo r = response(code, reason, "INVITE", response_headers);
    r.keep_body(response_body);
    return find(code, r, &request);
}

TEST(Findings, OfferedAndAcceptedCodecsByName) {
    const auto f = with_offer(488, "Not Acceptable Here",
                              "v=0\nm=audio 4000 RTP/AVP 18 96 101\na=rtpmap:96 opus/48000/2\n"
                              "a=rtpmap:101 telephone-event/8000\nm=video 0 RTP/AVP 31\n",
                              "Content-Type: application/sdp\n", "v=0\nm=audio 5000 RTP/AVP 8 0\n");
    ASSERT_EQ(ids(f), (Ids{"offer_codecs", "answer_codecs"}));
    EXPECT_EQ(f[0].text_en,
              "The refused offer's audio stream carried G729/8000, opus/48000/2, "
              "telephone-event/8000.");
    EXPECT_EQ(f[0].evidence[0], (FindingEvidence{"body", "m=audio 4000 RTP/AVP 18 96 101", true}));
    EXPECT_EQ(f[1].text_en, "The 488 says what it takes for audio: PCMA/8000, PCMU/8000.");
    // A body of another type is not kept.
    MessageInfo plain = response(488, "Not Acceptable Here", "INVITE", "");
    plain.keep_body("v=0\nm=audio 5000 RTP/AVP 8\n");
    EXPECT_TRUE(plain.body.empty());
}

TEST(Findings, SrtpAndT38Offers) {
    const auto s = with_offer(488, "Not Acceptable Here",
                              "v=0\nm=audio 4000 RTP/SAVP 0\n"
                              "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x\n");
    ASSERT_EQ(ids(s), (Ids{"srtp_offer", "offer_codecs"}));
    EXPECT_EQ(s[0].text_en,
              "The refused offer asks for SRTP (RTP/SAVP, keys in a=crypto:1 "
              "AES_CM_128_HMAC_SHA1_80 inline:x): a peer that takes only plain RTP (RTP/AVP) "
              "refuses it.");
    const auto dtls = with_offer(488, "Not Acceptable Here",
                                 "v=0\na=fingerprint:sha-256 AB:CD\n"
                                 "m=audio 9 UDP/TLS/RTP/SAVPF 111\na=rtpmap:111 opus/48000/2\n");
    EXPECT_EQ(ids(dtls), (Ids{"srtp_offer", "offer_codecs"}));
    const auto fax =
        with_offer(606, "Not Acceptable", "v=0\nm=audio 0 RTP/AVP 0\nm=image 4002 udptl t38\n");
    ASSERT_EQ(ids(fax), Ids{"t38_offer"});
    EXPECT_EQ(fax[0].text_en,
              "The refused offer switches to T.38 fax (m=image 4002 udptl t38): the far end does "
              "not take T.38 here; fax over G.711 (pass-through) is what is left.");
}

TEST(Findings, ARefusedReInviteLeavesTheCallAsItWas) {
    const auto m = dialog_message("SIP/2.0 500 Server Internal Error", 3, "t9");
    const auto in_dialog = dialog_message("INVITE sip:bob@example.com SIP/2.0", 3, "t9");
    const auto f = one(find(500, m, &in_dialog), "reinvite_refused");
    EXPECT_TRUE(find(500, m).empty());
    EXPECT_TRUE(f.text_ru.starts_with("re-INVITE (внутри диалога) отклонён с 500")) << f.text_ru;
    // An initial INVITE's failure is the call's, and 491 is a glare to retry.
    EXPECT_TRUE(find(500, response(500, "Server Internal Error", "INVITE", "")).empty());
    const auto glare = message(
        "SIP/2.0 491 Request Pending\nCall-ID: c\nCSeq: 3 INVITE\nTo: <sip:b@x>;tag=t9\n\n");
    EXPECT_TRUE(find(491, glare, &in_dialog).empty());
}

TEST(Findings, APastedRequestAndResponse) {
    const auto p = read_pasted_message(
        "INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: p\r\nCSeq: 1 INVITE\r\n"
        "Content-Type: application/sdp\r\nContent-Length: 999\r\n\r\n"
        "v=0\r\nm=audio 4000 RTP/AVP 18\r\n"
        "SIP/2.0 488 Not Acceptable Here\r\nCall-ID: p\r\nCSeq: 1 INVITE\r\n\r\n");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->code, 488);
    ASSERT_TRUE(p->request.has_value());
    EXPECT_EQ(p->request->body, "v=0\r\nm=audio 4000 RTP/AVP 18\r\n");
    EXPECT_FALSE(read_pasted_message("INVITE sip:b@x SIP/2.0\nCall-ID: p\n\n").has_value());
    EXPECT_TRUE(looks_like_message("SIP/2.0 486 Busy Here\nCall-ID: x\n"));
    EXPECT_FALSE(looks_like_message("SIP/2.0 486 Busy Here\nSIP/2.0 603 Decline\n"));
    EXPECT_FALSE(looks_like_message("486 Busy Here"));
}

TEST(Findings, ARegistrationGrantedFarLessThanAsked) {
    const auto request = request_with("REGISTER", "Expires: 3600\n");
    const auto ok = response(200, "OK", "REGISTER", "Contact: <sip:alice@192.0.2.10>;expires=60\n");
    const auto f = one(find(200, ok, &request), "registration_granted_less");
    EXPECT_TRUE(f.text_en.starts_with("The registration asked for 3600 s and was granted 60 s"))
        << f.text_en;
    // Half or more of what was asked is no finding; nor is a 200 without its request.
    const auto most = response(200, "OK", "REGISTER", "Expires: 1800\n");
    EXPECT_TRUE(find(200, most, &request).empty());
    EXPECT_TRUE(find(200, ok).empty());
}

TEST(Findings, ACalledNumberNotInE164) {
    const auto m = message(
        "SIP/2.0 404 Not Found\nFrom: <sip:+442071234567@a.example>;tag=1\n"
        "To: <sip:02079460000@b.example>\nCall-ID: c\nCSeq: 1 INVITE\n\n");
    const auto f = one(find(404, m), "number_not_e164");
    EXPECT_EQ(f.text_en,
              "The called number 02079460000 (To) is not in E.164 form while the caller's "
              "+442071234567 (From) is: the far end may expect +, the country code and the full "
              "number.");
    const auto both = message(
        "SIP/2.0 404 Not Found\nFrom: <sip:+442071234567@a.example>;tag=1\n"
        "To: <sip:+442079460000@b.example>\nCall-ID: c\nCSeq: 1 INVITE\n\n");
    EXPECT_TRUE(find(404, both).empty());
}

TEST(Findings, APhraseOfTheLocalStack) {
    const auto m = response(503, "DNS Error", "INVITE", "");
    const auto f =
        response_findings(kb(), 503, Category::network, m, nullptr, std::nullopt, "DNS Error");
    ASSERT_EQ(ids(f), Ids{"local_stack"});
    EXPECT_TRUE(f[0].text_en.starts_with("\"503 DNS Error\" is written by sofia-sip"))
        << f[0].text_en;
    EXPECT_EQ(f[0].evidence[0].value, "SIP/2.0 503 DNS Error");
    EXPECT_TRUE(response_findings(kb(), 503, Category::capacity, m, nullptr, std::nullopt,
                                  "Service Unavailable")
                    .empty());
}

const std::string k_challenge_sha256 =
    "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n2\", algorithm=SHA-256\n";
const std::string k_challenge_sha512 =
    "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n3\", algorithm=SHA-512-256\n";

MessageInfo register_with(std::string_view credentials) {
    return message(fmt::format(
        "REGISTER sip:example.com SIP/2.0\nCall-ID: c1@example.com\nCSeq: 2 REGISTER\n{}\n",
        credentials));
}

TEST(Findings, DigestAlgorithmTheClientLacks) {
    const auto challenge =
        response(401, "Unauthorized", "REGISTER", k_challenge_sha256 + k_challenge_sha512);
    const auto md5 = register_with(
        "Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"n1\", "
        "uri=\"sip:example.com\", response=\"x\"\n");
    const auto f = one(find(401, challenge, &md5), "digest_algorithm");
    EXPECT_EQ(f.text_en,
              "The server offers only SHA-256, SHA-512-256 digests (WWW-Authenticate), and the "
              "client answered with MD5 (no algorithm named): it does not support the algorithm "
              "the server wants and will be refused again; update the client, or let the server "
              "offer MD5 as well.");
    EXPECT_EQ(f.category, Category::authentication);
    ASSERT_EQ(f.evidence.size(), 3u);
    EXPECT_EQ(
        f.evidence[0],
        (FindingEvidence{"WWW-Authenticate",
                         "Digest realm=\"example.com\", nonce=\"n2\", algorithm=SHA-256", false}));
    EXPECT_EQ(f.evidence[2].header, "Authorization");
    EXPECT_TRUE(f.evidence[2].request);
    const auto named = register_with(
        "Authorization: Digest username=\"alice\", realm=\"example.com\", algorithm=MD5\n");
    EXPECT_TRUE(find(401, challenge, &named)[0].text_ru.starts_with(
        "Сервер предлагает только дайджест SHA-256, SHA-512-256 (WWW-Authenticate), а клиент "
        "ответил с MD5: "))
        << find(401, challenge, &named)[0].text_ru;
    // One challenge offering MD5 (no algorithm is MD5) is enough for an MD5 client.
    const auto with_md5 = response(
        401, "Unauthorized", "REGISTER",
        k_challenge_sha256 + "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n4\"\n");
    EXPECT_TRUE(find(401, with_md5, &md5).empty());
    // Two challenges joined in one value, against RFC 3261 §7.3.1: the second is MD5.
    const auto joined =
        response(401, "Unauthorized", "REGISTER",
                 "WWW-Authenticate: Digest realm=\"example.com\", algorithm=SHA-256, "
                 "Digest realm=\"example.com\", nonce=\"n5\"\n");
    EXPECT_TRUE(find(401, joined, &md5).empty());
    // Credentials in SHA-256, no credentials at all, no request: nothing to say.
    const auto sha = register_with(
        "Authorization: Digest username=\"alice\", realm=\"example.com\", algorithm=SHA-256\n");
    EXPECT_TRUE(find(401, challenge, &sha).empty());
    const auto first = register_with("");
    EXPECT_TRUE(find(401, challenge, &first).empty());
    EXPECT_TRUE(find(401, challenge).empty());
    // A proxy's challenge is answered in Proxy-Authorization, not in Authorization.
    const auto proxy = response(407, "Proxy Authentication Required", "INVITE",
                                "Proxy-Authenticate: Digest realm=\"p\", algorithm=SHA-256\n");
    EXPECT_TRUE(find(407, proxy, &md5).empty());
    const auto proxy_md5 = register_with("Proxy-Authorization: Digest realm=\"p\", nonce=\"x\"\n");
    const auto p = find(407, proxy, &proxy_md5);
    ASSERT_EQ(ids(p), Ids{"digest_algorithm"});
    EXPECT_EQ(p[0].evidence[1].header, "Proxy-Authorization");
}

TEST(Findings, RealmTheCredentialsAreFor) {
    const auto challenge =
        response(401, "Unauthorized", "REGISTER",
                 "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n2\"\n");
    const auto old = register_with(
        "Authorization: Digest username=\"alice\", realm=\"old.example\", nonce=\"n1\"\n");
    const auto f = one(find(401, challenge, &old), "realm_mismatch");
    EXPECT_EQ(f.text_en,
              "The request's credentials are for realm \"old.example\", but the challenge "
              "(WWW-Authenticate) is for realm \"example.com\": the client answered for another "
              "realm, so a wrong account, domain or realm is configured (unless a second proxy on "
              "the path asks for its own).");
    ASSERT_EQ(f.evidence.size(), 2u);
    EXPECT_EQ(
        f.evidence[0],
        (FindingEvidence{"Authorization",
                         "Digest username=\"alice\", realm=\"old.example\", nonce=\"n1\"", true}));
    EXPECT_EQ(f.evidence[1].header, "WWW-Authenticate");
    // Realms compare without case; credentials for any realm challenged answer it.
    const auto same = register_with("Authorization: Digest realm=\"EXAMPLE.com\", nonce=\"n1\"\n");
    EXPECT_TRUE(find(401, challenge, &same).empty());
    const auto both = register_with(
        "Authorization: Digest realm=\"old.example\"\nAuthorization: Digest "
        "realm=\"example.com\"\n");
    EXPECT_TRUE(find(401, challenge, &both).empty());
    // A proxy's challenge says nothing of credentials for the UAS, and no request nothing at all.
    const auto proxy = response(407, "Proxy Authentication Required", "INVITE",
                                "Proxy-Authenticate: Digest realm=\"proxy.example\"\n");
    EXPECT_TRUE(find(407, proxy, &old).empty());
    EXPECT_TRUE(find(401, challenge).empty());
}

MessageInfo invite_from(std::string_view contact) {
    return message(fmt::format(
        "INVITE sip:bob@example.com SIP/2.0\nCall-ID: c1\nCSeq: 1 INVITE\nContact: {}\n\n",
        contact));
}

MessageInfo answered_via(int code, std::string_view reason, std::string_view via) {
    return message(
        fmt::format("SIP/2.0 {} {}\nVia: {}\nCall-ID: c1\nCSeq: 1 INVITE\n\n", code, reason, via));
}

TEST(Findings, PrivateContactBehindAPublicReceived) {
    const auto request = invite_from("<sip:alice@10.0.0.20:5060>");
    // A Via of a public address (the client learnt it) leaves via_nat silent.
    const auto r =
        answered_via(408, "Request Timeout",
                     "SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK1;received=198.51.100.7");
    const auto f = one(find(408, r, &request), "contact_nat");
    EXPECT_EQ(f.text_en.substr(0, 114),
              "The request's Contact names the private address 10.0.0.20, while the server saw the "
              "request come from 198.51.100.7");
    ASSERT_EQ(f.evidence.size(), 2u);
    EXPECT_EQ(f.evidence[0], (FindingEvidence{"Contact", "<sip:alice@10.0.0.20:5060>", true}));
    EXPECT_EQ(
        f.evidence[1],
        (FindingEvidence{
            "Via", "SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK1;received=198.51.100.7", false}));
    // With a private Via too, both NAT rules speak.
    const auto both =
        answered_via(480, "Temporarily Unavailable",
                     "SIP/2.0/UDP 10.0.0.20:5060;branch=z9hG4bK1;received=198.51.100.7;rport=5060");
    EXPECT_EQ(ids(find(480, both, &request)), (Ids{"via_nat", "contact_nat"}));
    // A private received=, a public Contact, a failure NAT does not cause, no request: silent.
    const auto inside = answered_via(
        408, "Request Timeout", "SIP/2.0/UDP 10.0.0.20:5060;branch=z9hG4bK1;received=10.0.0.1");
    EXPECT_TRUE(find(408, inside, &request).empty());
    const auto public_contact = invite_from("<sip:alice@198.51.100.7:5060>");
    EXPECT_TRUE(find(408, r, &public_contact).empty());
    const auto busy = answered_via(
        486, "Busy Here", "SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK1;received=198.51.100.7");
    EXPECT_TRUE(find(486, busy, &request).empty());
    EXPECT_TRUE(find(408, r).empty());
    // received= of a Via value after the top one is not the top Via's.
    const auto second = answered_via(408, "Request Timeout",
                                     "SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK2, SIP/2.0/UDP "
                                     "10.0.0.20;received=198.51.100.7");
    EXPECT_TRUE(find(408, second, &request).empty());
}

TEST(Findings, ContactPortOtherThanTheNatsPort) {
    const auto request = invite_from("<sip:alice@192.0.2.10>;expires=60");
    const auto r = answered_via(
        480, "Temporarily Unavailable",
        "SIP/2.0/UDP 192.0.2.10:5060;rport=40001;received=198.51.100.7;branch=z9hG4bK1");
    const auto f = find(480, r, &request);
    ASSERT_EQ(ids(f), Ids{"contact_port"});
    EXPECT_EQ(f[0].text_en,
              "The request's Contact names port 5060, but a NAT sent the request from port 40001 "
              "(rport=): requests sent to the Contact port do not pass the NAT; the client needs "
              "keep-alives and a Contact the server fixes, or SIP Outbound (RFC 5626).");
    EXPECT_EQ(f[0].evidence[0],
              (FindingEvidence{"Contact", "<sip:alice@192.0.2.10>;expires=60", true}));
    EXPECT_EQ(f[0].evidence[1].header, "Via");
    // The Contact names the port the NAT chose: reachable.
    const auto mapped = invite_from("<sip:alice@198.51.100.7:40001>");
    EXPECT_TRUE(find(480, r, &mapped).empty());
    const auto v6 = invite_from("<sip:alice@[2001:db8::5]:5080;transport=udp>");
    EXPECT_EQ(find(480, r, &v6)[0].text_en.substr(0, 38), "The request's Contact names port 5080,");
    // rport with no value, rport equal to the Via's port (no NAT rewrote it), or TCP: silent.
    const auto flag = answered_via(480, "Temporarily Unavailable",
                                   "SIP/2.0/UDP 192.0.2.10:5070;rport;branch=z9hG4bK1");
    EXPECT_TRUE(find(480, flag, &request).empty());
    const auto same = answered_via(480, "Temporarily Unavailable",
                                   "SIP/2.0/UDP 192.0.2.10:5070;rport=5070;branch=z9hG4bK1");
    EXPECT_TRUE(find(480, same, &request).empty());
    const auto tcp = answered_via(
        480, "Temporarily Unavailable",
        "SIP/2.0/TCP 192.0.2.10:5060;rport=40001;received=198.51.100.7;branch=z9hG4bK1");
    EXPECT_TRUE(find(480, tcp, &request).empty());
    EXPECT_TRUE(find(480, r).empty());
}

// A response to the offer from a client behind NAT: the server saw it from 198.51.100.7.
std::vector<RuleFinding> nat_offer(int code, std::string_view reason, std::string_view sdp) {
    MessageInfo request = request_with("INVITE", "Content-Type: application/sdp\n");
    request.keep_body(sdp);
    const MessageInfo r = answered_via(
        code, reason, "SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK1;received=198.51.100.7");
    return find(code, r, &request);
}

TEST(Findings, PrivateMediaAddressOfTheOffer) {
    const auto f = nat_offer(488, "Not Acceptable Here",
                             "v=0\nc=IN IP4 192.168.1.20\nm=audio 4000 RTP/AVP 0\n");
    ASSERT_EQ(ids(f), (Ids{"offer_codecs", "sdp_private_address"}));
    EXPECT_EQ(f[1].text_en.substr(0, 123),
              "The offer's media address 192.168.1.20 (c=) is private, while the server saw the "
              "request come from 198.51.100.7 (received=)");
    EXPECT_EQ(f[1].evidence[0], (FindingEvidence{"body", "c=IN IP4 192.168.1.20", true}));
    EXPECT_EQ(f[1].evidence[1].header, "Via");
    // A stream's own c= is the one that counts.
    EXPECT_EQ(ids(nat_offer(488, "Not Acceptable Here",
                            "v=0\nc=IN IP4 192.168.1.20\nm=audio 4000 RTP/AVP 0\n"
                            "c=IN IP4 198.51.100.7\n")),
              Ids{"offer_codecs"});
    // ICE finds its own path; a public address, or a failure that is no refusal: silent.
    EXPECT_EQ(ids(nat_offer(488, "Not Acceptable Here",
                            "v=0\nc=IN IP4 192.168.1.20\nm=audio 4000 RTP/AVP 0\n"
                            "a=candidate:1 1 UDP 2130706431 198.51.100.7 4000 typ srflx\n")),
              Ids{"offer_codecs"});
    EXPECT_EQ(ids(nat_offer(488, "Not Acceptable Here",
                            "v=0\nc=IN IP4 203.0.113.4\nm=audio 4000 RTP/AVP 0\n")),
              Ids{"offer_codecs"});
    EXPECT_TRUE(nat_offer(486, "Busy Here", "v=0\nc=IN IP4 192.168.1.20\nm=audio 4000 RTP/AVP 0\n")
                    .empty());
    // Without received= the server did not see a NAT.
    const auto plain = with_offer(488, "Not Acceptable Here",
                                  "v=0\nc=IN IP4 192.168.1.20\nm=audio 4000 RTP/AVP 0\n");
    EXPECT_EQ(ids(plain), Ids{"offer_codecs"});
}

const std::string k_webrtc =
    "v=0\na=fingerprint:sha-256 AB:CD\na=group:BUNDLE 0 1\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\nc=IN IP4 0.0.0.0\na=ice-ufrag:F7gI\n"
    "a=candidate:1 1 udp 2122260223 192.168.1.20 51000 typ host\na=rtpmap:111 opus/48000/2\n"
    "m=video 0 UDP/TLS/RTP/SAVPF 96\na=bundle-only\n";

TEST(Findings, AWebRtcOfferRefused) {
    const auto f = with_offer(488, "Not Acceptable Here", k_webrtc);
    ASSERT_EQ(ids(f), (Ids{"srtp_offer", "offer_codecs", "ice_only_offer"}));
    EXPECT_EQ(f[2].text_en,
              "The refused offer is a WebRTC one (UDP/TLS/RTP/SAVPF with ICE and DTLS-SRTP keys): "
              "the peer is no WebRTC endpoint; a gateway that terminates ICE and DTLS-SRTP (RFC "
              "8445, RFC 5763) must stand between them, such as an SBC or a WebRTC gateway.");
    ASSERT_EQ(f[2].evidence.size(), 3u);
    EXPECT_EQ(f[2].evidence[0], (FindingEvidence{"body", "m=audio 9 UDP/TLS/RTP/SAVPF 111", true}));
    EXPECT_EQ(f[2].evidence[1], (FindingEvidence{"body", "a=ice-ufrag:F7gI", true}));
    EXPECT_EQ(f[2].evidence[2], (FindingEvidence{"body", "a=fingerprint:sha-256 AB:CD", true}));
    EXPECT_EQ(ids(with_offer(606, "Not Acceptable", k_webrtc)).back(), "ice_only_offer");
    // A stream of plain RTP beside it, or no ICE: not a WebRTC endpoint's offer.
    EXPECT_EQ(ids(with_offer(488, "Not Acceptable Here", k_webrtc + "m=audio 4002 RTP/AVP 0\n")),
              (Ids{"srtp_offer", "offer_codecs", "offer_codecs"}));
    EXPECT_EQ(
        ids(with_offer(488, "Not Acceptable Here",
                       "v=0\na=fingerprint:sha-256 AB:CD\nm=audio 9 UDP/TLS/RTP/SAVPF 111\n")),
        (Ids{"srtp_offer", "offer_codecs"}));
    // A refused re-INVITE of a WebRTC call: the call was set up, so the peer speaks WebRTC.
    MessageInfo reinvite = dialog_message("INVITE sip:bob@example.com SIP/2.0", 3, "t9",
                                          "Content-Type: application/sdp\n");
    reinvite.keep_body(k_webrtc);
    const auto refused = dialog_message("SIP/2.0 500 Server Internal Error", 3, "t9");
    const auto r = ids(find(500, refused, &reinvite));
    EXPECT_EQ(std::count(r.begin(), r.end(), "ice_only_offer"), 0);
}

TEST(CallFindings, ACancelTheFarSideNeverSaw) {
    CallFeed c;
    c.send(req("INVITE", 1), 100);
    c.send(resp("180 Ringing", 1, "INVITE"), 101);
    for (int i = 0; i < 3; ++i) {
        c.send(req("CANCEL", 1), 110 + i);
    }
    const auto f = one(c.findings.take("k"), "cancel_unanswered");
    EXPECT_EQ(f.text_en,
              "The CANCEL was sent 3 times and got no response, while the INVITE had no final "
              "response: the far side never saw the CANCEL (lost on the way, or sent where the "
              "INVITE did not go), so the call was not cancelled there and rings on until its own "
              "timers end it.");
    EXPECT_EQ(f.rfc, "RFC 3261 §9.1");
    ASSERT_EQ(f.evidence.size(), 2u);
    EXPECT_EQ(f.evidence[0], (FindingEvidence{"CSeq", "1 CANCEL", true, "frame 3"}));
    EXPECT_EQ(f.evidence[1], (FindingEvidence{"CSeq", "1 INVITE", true, "frame 1"}));
    // Ended by its own Timer F: a 408, and where it came.
    CallFeed t;
    t.send(req("INVITE", 1), 100);
    t.send(resp("183 Session Progress", 1, "INVITE"), 101);
    t.send(req("CANCEL", 1), 110);
    t.send(req("CANCEL", 1), 111);
    t.send(resp("408 Request Timeout", 1, "CANCEL"), 115);
    const auto timed_out = t.findings.take("k");
    ASSERT_EQ(ids(timed_out), Ids{"cancel_unanswered"});
    EXPECT_TRUE(timed_out[0].text_ru.starts_with(
        "CANCEL отправлен 2 раз и закончился ответом 408, а на INVITE так и не пришёл"))
        << timed_out[0].text_ru;
    EXPECT_EQ(timed_out[0].evidence.back(),
              (FindingEvidence{"CSeq", "1 CANCEL", false, "frame 5"}));
    // Nothing at all came back, and the INVITE went once: not no_response, which needs a
    // retransmitted request of its own.
    CallFeed silent;
    silent.send(req("INVITE", 1), 100);
    silent.send(req("CANCEL", 1), 105);
    silent.send(req("CANCEL", 1), 106);
    EXPECT_EQ(ids(silent.findings.take("k")), Ids{"cancel_unanswered"});
}

TEST(CallFindings, ACancelAnsweredOrNeverRetransmitted) {
    // The normal cancel: 200 to the CANCEL, 487 to the INVITE, retransmissions or not.
    CallFeed ok;
    ok.send(req("INVITE", 1), 100);
    ok.send(resp("180 Ringing", 1, "INVITE"), 101);
    ok.send(req("CANCEL", 1), 110);
    ok.send(req("CANCEL", 1), 111);
    ok.send(resp("200 OK", 1, "CANCEL"), 111);
    ok.send(resp("487 Request Terminated", 1, "INVITE"), 111);
    ok.send(req("ACK", 1), 111);
    EXPECT_TRUE(ok.findings.take("k").empty());
    // A CANCEL sent once, or one that crossed the INVITE's final response.
    CallFeed once;
    once.send(req("INVITE", 1), 100);
    once.send(resp("180 Ringing", 1, "INVITE"), 101);
    once.send(req("CANCEL", 1), 110);
    EXPECT_TRUE(once.findings.take("k").empty());
    CallFeed crossed;
    crossed.send(req("INVITE", 1), 100);
    crossed.send(resp("180 Ringing", 1, "INVITE"), 101);
    crossed.send(req("CANCEL", 1), 110);
    crossed.send(resp("200 OK", 1, "INVITE"), 110);
    crossed.send(req("CANCEL", 1), 111);
    EXPECT_TRUE(crossed.findings.take("k").empty());
    // A CANCEL with no INVITE seen: what it cancelled is not known.
    CallFeed alone;
    alone.send(req("CANCEL", 1), 110);
    alone.send(req("CANCEL", 1), 111);
    EXPECT_TRUE(alone.findings.take("k").empty());
}

TEST(Findings, PrivateAddresses) {
    for (const auto a : {"10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "100.64.0.1",
                         "100.127.255.254", "169.254.1.1", "fd00::1", "[fe80::1]"}) {
        EXPECT_TRUE(is_private_address(a)) << a;
    }
    for (const auto a : {"172.32.0.1", "100.128.0.1", "8.8.8.8", "192.169.0.1", "2001:db8::1",
                         "example.com", "10.0.0", "10.0.0.256"}) {
        EXPECT_FALSE(is_private_address(a)) << a;
    }
    EXPECT_EQ(uri_host("\"A\" <sip:alice@10.0.0.1:5060;transport=udp>"), "10.0.0.1");
    EXPECT_EQ(uri_host("<sips:[2001:db8::1]:5061>"), "2001:db8::1");
    EXPECT_EQ(via_host("SIP/2.0/TCP [fd00::2]:5060;branch=x"), "fd00::2");
}

TEST(Findings, RequestMemoryFindsTheRequestByCallIdAndCSeq) {
    RequestMemory memory(2);
    const auto request = request_with("REGISTER", "Expires: 60\n");
    memory.add(request);
    const auto r = response(423, "Interval Too Brief", "REGISTER", "Min-Expires: 3600\n");
    ASSERT_NE(memory.find(r), nullptr);
    EXPECT_EQ(memory.find(r)->expires, "60");
    EXPECT_EQ(memory.find(response(423, "Interval Too Brief", "INVITE", "")), nullptr);
}

TEST(Findings, TextRendering) {
    const auto f = find(503, response(503, "Service Unavailable", "INVITE", "Retry-After: 5\n"));
    std::ostringstream out;
    render_rule_findings_text(out, f, RenderOptions{});
    EXPECT_EQ(out.str(),
              "  ! The response asks not to retry for 5 s (Retry-After). [RFC 3261 §20.33]\n");
    const auto j = rule_findings_json(f, Lang::en, "line 3");
    EXPECT_EQ(j.dump(),
              "[{\"id\":\"retry_after\",\"text\":\"The response asks not to retry for 5 s "
              "(Retry-After).\",\"evidence\":[{\"where\":\"line 3\",\"header\":\"Retry-After\","
              "\"value\":\"5\"}],\"rfc\":\"RFC 3261 §20.33\",\"category\":\"capacity\"}]");
}

TEST(Findings, KbFileOverridesARulesText) {
    KnowledgeBase k = KnowledgeBase::builtin();
    EXPECT_TRUE(k.load("mine.json", R"({"findings": [{"id": "retry_after", "rfc": "RFC 3261 §20.33",
        "category": "capacity", "text": {"en": "Wait {1} seconds."}}]})")
                    .empty());
    const auto f =
        response_findings(k, 503, Category::capacity,
                          response(503, "Service Unavailable", "INVITE", "Retry-After: 9\n"));
    EXPECT_EQ(f[0].text_en, "Wait 9 seconds.");
    const auto bad = k.load("bad.json", R"({"findings": [{"id": "retry_afterr", "rfc": "x",
        "category": "capacity", "text": {"en": "Wait {x}."}}]})");
    ASSERT_EQ(bad.size(), 2u);
    EXPECT_EQ(bad[0].to_string(),
              "bad.json: /findings/0/id: unknown finding rule \"retry_afterr\" (did you mean "
              "\"retry_after\"?)");
    EXPECT_EQ(bad[1].to_string(),
              "bad.json: /findings/0/text: a brace that is not a placeholder {1} to {9}");
}

}  // namespace
}  // namespace sipwhy

namespace sipwhy {
namespace {

RuleFinding finding(std::string_view id, Category c, bool narrows) {
    RuleFinding f;
    f.id = id;
    f.category = c;
    f.narrows = narrows;
    return f;
}

TEST(NarrowedCategory, AFindingThatNamesTheCauseNarrowsABroadCategory) {
    const std::vector<RuleFinding> f = {finding("sender", Category::unknown, false),
                                        finding("no_response", Category::network, true),
                                        finding("same_nonce", Category::authentication, true)};
    EXPECT_EQ(narrowed_category(Category::timeout, f), Category::network);  // the first one
    EXPECT_EQ(narrowed_category(Category::forbidden, f), Category::network);
    EXPECT_EQ(narrowed_category(Category::capacity, {f[2]}), Category::authentication);
    // A category that already names the cause stays.
    EXPECT_EQ(narrowed_category(Category::busy, f), Category::busy);
    EXPECT_EQ(narrowed_category(Category::media, f), Category::media);
    // Findings that do not name the cause change nothing.
    EXPECT_EQ(narrowed_category(Category::timeout, {f[0]}), Category::timeout);
    EXPECT_EQ(narrowed_category(Category::timeout, {}), Category::timeout);
}

TEST(NarrowedCategory, TheBuiltInRulesThatNarrow) {
    const KnowledgeBase kb = KnowledgeBase::builtin();
    std::vector<std::string_view> narrowing;
    for (const auto id : k_finding_ids) {
        if (const FindingRule* r = kb.finding_rule(id); r != nullptr && r->narrows) {
            narrowing.push_back(id);
        }
    }
    EXPECT_EQ(narrowing, (std::vector<std::string_view>{
                             "max_forwards", "via_loop", "no_response", "credentials_refused",
                             "same_nonce", "local_stack", "digest_algorithm", "realm_mismatch"}));
}

}  // namespace
}  // namespace sipwhy
