#include <sipwhy/render/flow.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace sipwhy {
namespace {

MessageInfo message(const char* from_tag, const char* cseq_method, std::uint32_t cseq) {
    MessageInfo m;
    m.call_id = "c1";
    m.from_user = from_tag[0] == 'a' ? "alice" : "bob";
    m.to_user = from_tag[0] == 'a' ? "bob" : "alice";
    m.from_tag = from_tag;
    m.cseq_method = cseq_method;
    m.cseq_number = cseq;
    return m;
}

TEST(FlowRecorder, TheCalleesRequestsGoTheOtherWay) {
    FlowRecorder flow;
    const MessageInfo invite = message("a1", "INVITE", 1);
    const MessageInfo bye = message("b2", "BYE", 7);
    flow.request("pbx.log", {1, "INVITE", &invite});
    flow.response("pbx.log", {9, 200, "OK", Framing::status_line, &invite});
    flow.request("pbx.log", {20, "BYE", &bye});
    flow.response("pbx.log", {30, 200, "OK", Framing::status_line, &bye});
    flow.response("pbx.log", {40, 200, "OK", Framing::status_line, &bye});
    const std::vector<FlowCall> calls = flow.take();
    ASSERT_EQ(calls.size(), 1u);
    const FlowCall& c = calls[0];
    EXPECT_EQ(c.hosts, (std::vector<std::string>{"alice", "bob"}));
    ASSERT_EQ(c.messages.size(), 5u);
    EXPECT_EQ(c.messages[0].from, 0u);  // INVITE: caller to callee
    EXPECT_EQ(c.messages[1].from, 1u);  // its 200
    EXPECT_EQ(c.messages[2].from, 1u);  // the callee's BYE
    EXPECT_EQ(c.messages[3].from, 0u);  // the caller's 200 to it
    EXPECT_FALSE(c.messages[3].retransmission);
    EXPECT_TRUE(c.messages[4].retransmission);
    EXPECT_TRUE(flow.take().empty());

    std::ostringstream out;
    render_flow_text(out, c, {});
    EXPECT_EQ(out.str(),
              "pbx.log: call c1 (5 messages)\n"
              "                       alice                                                 bob\n"
              "                         |---------------------- INVITE ---------------------->|\n"
              "                         |<--------------------- 200 OK -----------------------|\n"
              "                         |<----------------------- BYE ------------------------|\n"
              "                         |---------------------- 200 OK ---------------------->|\n"
              "                         |----------------- 200 OK (retrans) ----------------->|\n");
}

TEST(FlowRecorder, ALogThatNamesOnlyTheFarEndDrawsItsOwnHostAsLocal) {
    // Asterisk and FreeSWITCH name the far end of each message; the log's writer is the other.
    FlowRecorder flow;
    const MessageInfo invite = message("a1", "INVITE", 1);
    ScannedRequest sent{1, "INVITE", &invite};
    sent.peer_dst = "203.0.113.5:5060";
    flow.request("pbx.log", sent);
    ScannedResponse busy{9, 486, "Busy Here", Framing::status_line, &invite};
    busy.peer_src = "203.0.113.5:5060";
    flow.response("pbx.log", busy);
    MessageInfo other = message("b1", "INVITE", 4);
    other.call_id = "c2";
    ScannedRequest received{20, "INVITE", &other};
    received.peer_src = "[2001:db8::7]:5061";
    flow.request("pbx.log", received);
    const std::vector<FlowCall> calls = flow.take();
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].hosts, (std::vector<std::string>{"local", "203.0.113.5:5060"}));
    ASSERT_EQ(calls[0].messages.size(), 2u);
    EXPECT_EQ(calls[0].messages[0].from, 0u);
    EXPECT_EQ(calls[0].messages[0].to, 1u);
    EXPECT_EQ(calls[0].messages[1].from, 1u);
    EXPECT_EQ(calls[0].messages[1].to, 0u);
    EXPECT_EQ(calls[1].hosts, (std::vector<std::string>{"[2001:db8::7]:5061", "local"}));
}

TEST(FlowRecorder, KeepsBoundedCallsAndMessages) {
    FlowRecorder flow(1, 2);
    MessageInfo a = message("a1", "INVITE", 1);
    MessageInfo b = a;
    b.call_id = "c2";
    for (int i = 0; i < 3; ++i) {
        flow.request("x", {1, "INVITE", &a});
    }
    flow.request("x", {1, "INVITE", &b});
    EXPECT_EQ(flow.dropped_calls(), 1u);
    const auto calls = flow.take();
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].messages.size(), 2u);
    EXPECT_EQ(calls[0].dropped, 1u);
}

TEST(FlowText, ManyHostsWithLongNamesAreDrawnWider) {
    FlowCall call;
    call.call_id = "wide";
    call.source = "x.pcap";
    for (int i = 0; i < 20; ++i) {
        call.hosts.push_back("[2001:db8:1234:5678:9abc:def0:" + std::to_string(1000 + i) +
                             "]:5060");
    }
    FlowMessage m;
    m.from = 0;
    m.to = 19;
    m.request = true;
    m.label = "INVITE";
    call.messages.push_back(m);
    std::ostringstream out;
    render_flow_text(out, call, {});
    const std::string text = out.str();
    EXPECT_NE(text.find("|-------"), std::string::npos) << text;
    // Each name is cut to fit beside its neighbours; all twenty are there.
    std::size_t names = 0;
    for (auto at = text.find("[2001:db8:12"); at != std::string::npos;
         at = text.find("[2001:db8:12", at + 1)) {
        ++names;
    }
    EXPECT_EQ(names, 20u) << text;
}

}  // namespace
}  // namespace sipwhy
