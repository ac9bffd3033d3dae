// Call verdicts (docs/calls.md), one rule per test, on logs written for the purpose.
#include "scan_helpers.hpp"

#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/report/scan_report.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

// Feeds the scanner's findings to a CallTracker and keeps the verdicts.
class Verdicts : public ScanSink {
public:
    explicit Verdicts(CallTracker::Limits limits = {})
        : m_kb(KnowledgeBase::builtin()),
          m_tracker(
              m_kb, [this](const CallVerdict& v) { verdicts.push_back(v); }, limits) {}

    bool response(const ScannedResponse& r) override {
        m_tracker.response("log", r);
        return true;
    }
    bool request(const ScannedRequest& r) override {
        m_tracker.request("log", r);
        return true;
    }

    std::vector<CallVerdict> run(std::string_view text) {
        LogScanner scanner(*this, {.requests = true});
        scanner.feed(text);
        scanner.finish();
        m_tracker.finish();
        return verdicts;
    }

    const KnowledgeBase& kb() const { return m_kb; }
    std::size_t open() const { return m_tracker.open_calls(); }

    std::vector<CallVerdict> verdicts;

private:
    KnowledgeBase m_kb;
    CallTracker m_tracker;
};

std::string request(std::string_view method, std::string_view call, int cseq,
                    std::string_view cseq_method = {}) {
    return fmt::format(
        "{} sip:bob@example.com SIP/2.0\nFrom: <sip:alice@example.com>;tag=a\n"
        "To: <sip:bob@example.com>\nCall-ID: {}\nCSeq: {} {}\n\n",
        method, call, cseq, cseq_method.empty() ? method : cseq_method);
}

std::string response(int code, std::string_view reason, std::string_view call, int cseq,
                     std::string_view method = "INVITE", std::string_view extra = {}) {
    return fmt::format(
        "SIP/2.0 {} {}\nFrom: <sip:alice@example.com>;tag=a\n"
        "To: <sip:bob@example.com>;tag=b\nCall-ID: {}\nCSeq: {} {}\n{}\n",
        code, reason, call, cseq, method, extra);
}

// The verdict of a log of one call.
CallVerdict one_verdict(std::string_view text) {
    Verdicts v;
    const auto out = v.run(text);
    EXPECT_EQ(out.size(), 1u);
    return out.size() == 1 ? out[0] : CallVerdict{};
}

TEST(Calls, AnsweredCall) {
    const auto call = one_verdict(request("INVITE", "c1", 1) + response(100, "Trying", "c1", 1) +
                                  response(180, "Ringing", "c1", 1) + response(200, "OK", "c1", 1) +
                                  request("ACK", "c1", 1) + request("BYE", "c1", 2) +
                                  response(200, "OK", "c1", 2, "BYE"));
    EXPECT_EQ(call.verdict, Verdict::answered);
    EXPECT_EQ(call.method, "INVITE");
    EXPECT_EQ(call.code, 200);
    EXPECT_EQ(call.from, "alice");
    EXPECT_EQ(call.to, "bob");
    EXPECT_EQ(call.line, 1u);
    EXPECT_FALSE(call.no_ack);
    EXPECT_EQ(call.responses, 4);
}

TEST(Calls, EndpointsOnlyWhenTheFramingNamesBothEnds) {
    const std::string invite = request("INVITE", "c1", 1);
    const std::string busy = response(486, "Busy Here", "c1", 1);
    Verdicts named;
    const auto both = named.run("192.0.2.10:5060 -> 203.0.113.5:5060\n" + invite +
                                "203.0.113.5:5060 -> 192.0.2.10:5060\n" + busy);
    ASSERT_EQ(both.size(), 1u);
    EXPECT_EQ(both[0].caller_address, "192.0.2.10:5060");
    EXPECT_EQ(both[0].callee_address, "203.0.113.5:5060");
    // Asterisk names the trunk, not its own address.
    Verdicts far;
    const auto one = far.run(
        "<--- Transmitting SIP request (400 bytes) to UDP:203.0.113.5:5060 --->\n" + invite +
        "<--- Received SIP response (300 bytes) from UDP:203.0.113.5:5060 --->\n" + busy);
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].caller_address, "");
    EXPECT_EQ(one[0].callee_address, "");
}

TEST(Calls, BusyDeclinedAndFailed) {
    Verdicts v;
    const auto out =
        v.run(response(486, "Busy Here", "busy", 1) + response(603, "Decline", "declined", 1) +
              response(404, "Not Found", "failed", 1) +
              response(480, "Temporarily Unavailable", "gone", 1));
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0].verdict, Verdict::busy);
    EXPECT_EQ(out[1].verdict, Verdict::declined);
    EXPECT_EQ(out[2].verdict, Verdict::failed);
    EXPECT_EQ(out[3].verdict, Verdict::failed);
    EXPECT_EQ(out[3].code, 480);
}

TEST(Calls, AChallengeFollowedByAResentInviteIsNormal) {
    const auto call = one_verdict(request("INVITE", "c2", 1) +
                                  response(407, "Proxy Authentication Required", "c2", 1) +
                                  request("ACK", "c2", 1) + request("INVITE", "c2", 2) +
                                  response(486, "Busy Here", "c2", 2) + request("ACK", "c2", 2));
    EXPECT_EQ(call.verdict, Verdict::busy);
    EXPECT_EQ(call.challenges, 1);
}

TEST(Calls, OnlyChallengesIsAnAuthenticationFailure) {
    const auto call = one_verdict(response(401, "Unauthorized", "c3", 1) +
                                  response(401, "Unauthorized", "c3", 2));
    EXPECT_EQ(call.verdict, Verdict::auth_failed);
    EXPECT_EQ(call.challenges, 1);
    EXPECT_EQ(call.code, 401);
}

TEST(Calls, CanceledByTheCaller) {
    const auto call =
        one_verdict(request("INVITE", "c4", 1) + response(180, "Ringing", "c4", 1) +
                    request("CANCEL", "c4", 1) + response(200, "OK", "c4", 1, "CANCEL") +
                    response(487, "Request Terminated", "c4", 1) + request("ACK", "c4", 1));
    EXPECT_EQ(call.verdict, Verdict::canceled);
    EXPECT_EQ(call.code, 487);
}

TEST(Calls, CancelWithoutAFinalResponse) {
    const auto call = one_verdict(request("INVITE", "c5", 1) + request("CANCEL", "c5", 1));
    EXPECT_EQ(call.verdict, Verdict::canceled);
    EXPECT_EQ(call.code, 0);
}

TEST(Calls, NoFinalResponse) {
    const auto call = one_verdict(request("INVITE", "c6", 1) + response(100, "Trying", "c6", 1));
    EXPECT_EQ(call.verdict, Verdict::no_final_response);
}

TEST(Calls, RetransmissionsCountOnce) {
    const std::string busy = response(486, "Busy Here", "c7", 1);
    const auto call = one_verdict(busy + busy + busy);
    EXPECT_EQ(call.verdict, Verdict::busy);
    EXPECT_EQ(call.retransmissions, 2);
    EXPECT_EQ(call.responses, 3);
}

TEST(Calls, ReInvitesAfterTheAnswerDoNotChangeTheVerdict) {
    const auto call = one_verdict(response(200, "OK", "c8", 1) + request("ACK", "c8", 1) +
                                  response(491, "Request Pending", "c8", 2));
    EXPECT_EQ(call.verdict, Verdict::answered);
}

TEST(Calls, OkRetransmittedWithoutAckIsFlagged) {
    const std::string ok = response(200, "OK", "c9", 1);
    const auto call = one_verdict(request("INVITE", "c9", 1) + ok + ok + ok);
    EXPECT_EQ(call.verdict, Verdict::answered);
    EXPECT_TRUE(call.no_ack);
    EXPECT_EQ(call.retransmissions, 2);
}

TEST(Calls, NoAckIsNotClaimedWhenTheLogHasNoRequests) {
    const std::string ok = response(200, "OK", "c10", 1);
    const auto call = one_verdict(ok + ok);
    EXPECT_FALSE(call.no_ack);
}

TEST(Calls, ReasonHeaderIsShownAndContradictionsFlagged) {
    Verdicts v;
    const auto out =
        v.run(response(486, "Busy Here", "c11", 1, "INVITE",
                       "Reason: Q.850;cause=16;text=\"NORMAL_CLEARING\"\n") +
              response(486, "Busy Here", "c12", 1, "INVITE", "Reason: Q.850;cause=17\n") +
              response(503, "Service Unavailable", "c13", 1, "INVITE", "Reason: Q.850;cause=34\n"));
    ASSERT_EQ(out.size(), 3u);
    ASSERT_EQ(out[0].reason_header.size(), 1u);
    EXPECT_EQ(out[0].reason_header[0].value.cause, 16);
    EXPECT_EQ(out[0].reason_header[0].q850->name, "Normal call clearing");
    EXPECT_EQ(out[0].contradiction.text(Lang::en),
              "Reason Q.850 cause 16 (Normal call clearing) contradicts 486 Busy Here, which RFC "
              "3398 maps to cause 17 (User busy)");
    EXPECT_EQ(out[0].contradiction.text(Lang::ru),
              "Причина Q.850 16 (Нормальное завершение вызова) в Reason противоречит 486 Busy "
              "Here, который RFC 3398 сопоставляет причине 17 (Абонент занят)");
    EXPECT_TRUE(out[1].contradiction.empty());
    EXPECT_TRUE(out[2].contradiction.empty());  // Asterisk maps 503 to cause 34
}

TEST(Calls, Registrations) {
    Verdicts v;
    const auto out = v.run(response(401, "Unauthorized", "r1", 1, "REGISTER") +
                           response(200, "OK", "r1", 2, "REGISTER") +
                           response(401, "Unauthorized", "r2", 1, "REGISTER") +
                           response(403, "Wrong password", "r2", 2, "REGISTER"));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].verdict, Verdict::registered);
    EXPECT_EQ(out[0].challenges, 1);
    EXPECT_EQ(out[1].verdict, Verdict::registration_failed);
    EXPECT_EQ(out[1].code, 403);
}

TEST(Calls, OtherMethods) {
    Verdicts v;
    const auto out = v.run(response(200, "OK", "o1", 1, "OPTIONS") +
                           response(404, "Not Found", "o2", 1, "MESSAGE"));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].verdict, Verdict::ok);
    EXPECT_EQ(out[0].method, "OPTIONS");
    EXPECT_EQ(out[1].verdict, Verdict::request_failed);
}

TEST(Calls, CompleteCallsLeaveTheTableAtOnce) {
    Verdicts v;
    LogScanner scanner(v, {.requests = true});
    scanner.feed(response(486, "Busy Here", "done", 1) + request("ACK", "done", 1));
    EXPECT_EQ(v.verdicts.size(), 1u);
    EXPECT_EQ(v.open(), 0u);
    // A late retransmission of the answer does not bring the call back.
    scanner.feed(response(486, "Busy Here", "done", 1));
    EXPECT_EQ(v.open(), 0u);
}

TEST(Calls, StaleCallsLeaveTheTable) {
    Verdicts v({.max_calls = 1000, .stale_after = 10});
    LogScanner scanner(v, {.requests = true});
    scanner.feed(request("INVITE", "quiet", 1));
    for (int i = 0; i < 12; ++i) {
        scanner.feed(response(200, "OK", fmt::format("other{}", i), 1, "OPTIONS"));
    }
    ASSERT_FALSE(v.verdicts.empty());
    EXPECT_EQ(v.verdicts[0].call_id, "quiet");
    EXPECT_EQ(v.verdicts[0].verdict, Verdict::no_final_response);
}

TEST(Calls, TheTableStaysBounded) {
    Verdicts v({.max_calls = 5, .stale_after = 1000000});
    LogScanner scanner(v, {.requests = true});
    for (int i = 0; i < 100; ++i) {
        scanner.feed(request("INVITE", fmt::format("call{}", i), 1));
        EXPECT_LE(v.open(), 5u);
    }
    EXPECT_EQ(v.verdicts.size(), 95u);
}

TEST(Calls, ResponsesWithoutHeadersAreNotCalls) {
    Verdicts v;
    EXPECT_TRUE(v.run("SIP/2.0 486 Busy Here\n").empty());
}

}  // namespace
}  // namespace sipwhy
