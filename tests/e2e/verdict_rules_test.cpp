// The verdict rules of docs/calls.md that need a whole exchange, through the real binary: steps
// of negotiation answered by a new request, nonce refreshes, and transactions told apart by the
// side that sent them.
#include "run.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sipwhy::e2e {
namespace {

// Who sends a request: the caller (From alice, tag "caller") or the callee (From bob, tag "t2").
struct Side {
    std::string from = "alice";
    std::string to = "bob";
    std::string tag = "caller";
};
const Side k_callee{"bob", "alice", "t2"};

std::string head(const std::string& call, const Side& s, unsigned cseq, const std::string& method,
                 const std::string& to_tag, const std::string& extra) {
    return "Via: SIP/2.0/UDP 192.0.2.10\r\nFrom: <sip:" + s.from + "@example.com>;tag=" + s.tag +
           "\r\nTo: <sip:" + s.to + "@example.net>" + to_tag + "\r\nCall-ID: " + call +
           "\r\nCSeq: " + std::to_string(cseq) + " " + method + "\r\n" + extra +
           "Content-Length: 0\r\n\r\n";
}

std::string request(const std::string& method, unsigned cseq, const std::string& call,
                    const Side& s = {}, const std::string& extra = {}) {
    return method + " sip:" + s.to + "@example.net SIP/2.0\r\n" +
           head(call, s, cseq, method, "", extra);
}

std::string response(int code, const std::string& reason, unsigned cseq, const std::string& method,
                     const std::string& call, const Side& s = {}, const std::string& extra = {}) {
    return "SIP/2.0 " + std::to_string(code) + " " + reason + "\r\n" +
           head(call, s, cseq, method, ";tag=t2", extra);
}

Result calls(const std::string& log) {
    return sipwhy(Invocation{.args = {"--calls"}, .input = log});
}

TEST(VerdictRules, A422AnsweredByANewInviteIsANegotiationStep) {
    const auto r = calls(
        request("INVITE", 1, "se") +
        response(422, "Session Interval Too Small", 1, "INVITE", "se", {}, "Min-SE: 1800\r\n") +
        request("ACK", 1, "se") + request("INVITE", 2, "se") +
        response(200, "OK", 2, "INVITE", "se"));
    EXPECT_EQ(
        status_out(r),
        (StatusText{0, "(standard input):1: call se: answered - 200 OK (INVITE alice -> bob)\n"}));
}

TEST(VerdictRules, A423RegistrationRetriedIsRegistered) {
    const auto r = calls(request("REGISTER", 1, "r") +
                         response(423, "Interval Too Brief", 1, "REGISTER", "r") +
                         request("REGISTER", 2, "r") + response(200, "OK", 2, "REGISTER", "r"));
    EXPECT_EQ(r.out, "(standard input):1: call r: registered - 200 OK (REGISTER alice -> bob)\n");
}

TEST(VerdictRules, ARedirectionFollowedIsNotTheAnswer) {
    const auto r = calls(request("INVITE", 1, "rd") +
                         response(302, "Moved Temporarily", 1, "INVITE", "rd", {},
                                  "Contact: <sip:carol@example.org>\r\n") +
                         request("ACK", 1, "rd") + request("INVITE", 2, "rd") +
                         response(486, "Busy Here", 2, "INVITE", "rd"));
    EXPECT_EQ(r.out, "(standard input):1: call rd: busy - 486 Busy Here (INVITE alice -> bob)\n");
}

TEST(VerdictRules, A491RetriedIsNotTheAnswer) {
    const auto r =
        calls(request("INVITE", 1, "gl") + response(491, "Request Pending", 1, "INVITE", "gl") +
              request("ACK", 1, "gl") + request("INVITE", 2, "gl") +
              response(200, "OK", 2, "INVITE", "gl"));
    EXPECT_EQ(r.out, "(standard input):1: call gl: answered - 200 OK (INVITE alice -> bob)\n");
}

TEST(VerdictRules, ANegotiationStepNotRetriedStillDecides) {
    const auto r = calls(request("INVITE", 1, "only") +
                         response(422, "Session Interval Too Small", 1, "INVITE", "only"));
    EXPECT_EQ(status_out(r),
              (StatusText{
                  0,
                  "(standard input):1: call only: failed - 422 Session Interval Too Small (INVITE "
                  "alice -> bob)\n"}));
}

TEST(VerdictRules, AStaleNonceIsNeitherAChallengeNorAFailure) {
    const std::string fresh = "WWW-Authenticate: Digest realm=\"x\", nonce=\"a\"\r\n";
    const std::string stale = "WWW-Authenticate: Digest realm=\"x\", nonce=\"b\", stale=TRUE\r\n";
    const auto reg =
        calls(request("REGISTER", 1, "reg") +
              response(401, "Unauthorized", 1, "REGISTER", "reg", {}, fresh) +
              request("REGISTER", 2, "reg") + response(200, "OK", 2, "REGISTER", "reg") +
              request("REGISTER", 3, "reg") +
              response(401, "Unauthorized", 3, "REGISTER", "reg", {}, stale));
    EXPECT_EQ(reg.out,
              "(standard input):1: call reg: registered - 200 OK (REGISTER alice -> bob, after 1 "
              "challenge)\n");
    const std::string proxy_stale = "Proxy-Authenticate: Digest realm=\"x\", stale=\"true\"\r\n";
    const auto invite =
        calls(request("INVITE", 1, "inv") +
              response(407, "Proxy Authentication Required", 1, "INVITE", "inv") +
              request("ACK", 1, "inv") + request("INVITE", 2, "inv") +
              response(407, "Proxy Authentication Required", 2, "INVITE", "inv", {}, proxy_stale) +
              request("ACK", 2, "inv") + request("INVITE", 3, "inv") +
              response(200, "OK", 3, "INVITE", "inv"));
    EXPECT_EQ(invite.out,
              "(standard input):1: call inv: answered - 200 OK (INVITE alice -> bob, after 1 "
              "challenge)\n");
}

TEST(VerdictRules, TheCalleesReInviteIsItsOwnTransaction) {
    // The callee numbers its requests itself: its re-INVITE 101 is not a repeat of the caller's
    // INVITE 101, so the caller's 200 OK was sent once and no missing ACK is flagged.
    const auto r = sipwhy(Invocation{.args = {"--calls", "--json"},
                                     .input = request("INVITE", 101, "ri") +
                                              response(200, "OK", 101, "INVITE", "ri") +
                                              request("INVITE", 101, "ri", k_callee) +
                                              response(200, "OK", 101, "INVITE", "ri", k_callee)});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["verdict"], "answered");
    EXPECT_EQ(lines[0]["retransmissions"], 0);
    EXPECT_EQ(lines[0]["no_ack"], false);
    EXPECT_EQ(lines[0]["responses"], 2);
}

TEST(VerdictRules, ManyTransactionsKeepWhatTheVerdictNeeds) {
    // More transactions than a call keeps: 100 challenges, the answer, 100 re-INVITEs refused.
    std::string log;
    for (unsigned i = 1; i <= 100; ++i) {
        log += request("INVITE", i, "many") +
               response(407, "Proxy Authentication Required", i, "INVITE", "many");
    }
    log += request("INVITE", 101, "many") + response(200, "OK", 101, "INVITE", "many");
    for (unsigned i = 102; i <= 201; ++i) {
        log += request("INVITE", i, "many") + response(491, "Request Pending", i, "INVITE", "many");
    }
    const auto r = calls(log);
    EXPECT_EQ(r.out,
              "(standard input):1: call many: answered - 200 OK (INVITE alice -> bob, after 100 "
              "challenges)\n");
}

}  // namespace
}  // namespace sipwhy::e2e
