// SIP start lines and message heads as they arrive on the wire.
#include <sipwhy/sip/sip_message.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

using Kind = StartLine::Kind;

TEST(StartLine, Response) {
    const auto s = StartLine::parse("SIP/2.0 486 Busy Here\r");
    EXPECT_EQ(s.kind, Kind::response);
    EXPECT_EQ(s.code, 486);
    EXPECT_EQ(s.reason, "Busy Here");
    EXPECT_EQ(s.text, "SIP/2.0 486 Busy Here");
}

TEST(StartLine, ResponseWithEmptyPhrase) {
    const auto s = StartLine::parse("SIP/2.0 200 ");
    EXPECT_EQ(s.kind, Kind::response);
    EXPECT_EQ(s.reason, "");
}

TEST(StartLine, Request) {
    const auto s = StartLine::parse("INVITE sip:bob@example.net SIP/2.0");
    EXPECT_EQ(s.kind, Kind::request);
    EXPECT_EQ(s.method, "INVITE");
    EXPECT_EQ(StartLine::parse("REGISTER tel:+442071234567 SIP/2.0").method, "REGISTER");
}

TEST(StartLine, MalformedStatusLines) {
    const auto huge = StartLine::parse("SIP/2.0 4294967301 better not break the receiver");
    EXPECT_EQ(huge.kind, Kind::malformed);
    EXPECT_EQ(huge.problem, "status code is not three digits");
    EXPECT_EQ(huge.text, "SIP/2.0 4294967301 better not break the receiver");
    EXPECT_EQ(StartLine::parse("SIP/2.0 099 Low").problem, "status code out of the range 100-699");
    EXPECT_EQ(StartLine::parse("SIP/2.0 40  Request Timeout").problem,
              "status code is not three digits");
    EXPECT_EQ(StartLine::parse("SIP/3.0 200 OK").problem,
              "unsupported SIP version (expected SIP/2.0)");
}

TEST(StartLine, NotSip) {
    for (const char* line : {"HTTP/1.1 200 OK", "M-SEARCH * HTTP/1.1", "NOTIFY * HTTP/1.1",
                             "GET /ws HTTP/1.1", "SIP/2.0/UDP 192.0.2.1", "SIP/2.0 2xx",
                             "INVITE SIP/2.0", "invite: sip:bob@example.net SIP/2.0", ""}) {
        EXPECT_EQ(StartLine::parse(line).kind, Kind::none) << line;
    }
}

TEST(MessageHead, ReadsHeadersAndContentLength) {
    const std::string msg =
        "\r\nSIP/2.0 486 Busy Here\r\n"
        "i: call-1\r\n"
        "CSeq: 7 INVITE\r\n"
        "f: \"Alice\" <sip:alice@example.com>;tag=1\r\n"
        "t: <sip:bob@example.net>;tag=2\r\n"
        "Reason: Q.850;cause=17\r\n"
        "l: 4\r\n"
        "\r\n"
        "body";
    MessageInfo info;
    const auto head = read_message_head(msg, info, false);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->start.code, 486);
    EXPECT_EQ(head->length, msg.size() - 4);
    EXPECT_EQ(head->content_length, 4u);
    EXPECT_EQ(info.call_id, "call-1");
    EXPECT_EQ(info.cseq_number, 7u);
    EXPECT_EQ(info.cseq_method, "INVITE");
    EXPECT_EQ(info.from_user, "alice");
    EXPECT_EQ(info.to_user, "bob");
    EXPECT_EQ(info.to_tag, "2");
    ASSERT_EQ(info.reasons.size(), 1u);
    EXPECT_EQ(info.reasons[0], "Q.850;cause=17");
}

TEST(MessageHead, FoldedHeaderIsJoined) {
    const std::string msg =
        "SIP/2.0 503 Service Unavailable\n"
        "Warning: 399 sbc.example.net\n"
        "  \"Trunk down\"\n"
        "\n";
    MessageInfo info;
    const auto head = read_message_head(msg, info, false);
    ASSERT_TRUE(head);
    ASSERT_EQ(info.warnings.size(), 1u);
    EXPECT_EQ(info.warnings[0], "399 sbc.example.net \"Trunk down\"");
    EXPECT_FALSE(head->content_length);
}

TEST(MessageHead, IncompleteUnlessWhole) {
    const std::string part = "SIP/2.0 200 OK\r\nCall-ID: x\r\n";
    MessageInfo info;
    EXPECT_FALSE(read_message_head(part, info, false));
    EXPECT_FALSE(read_message_head("SIP/2.0 200", info, false));
    const auto whole = read_message_head(part, info, true);
    ASSERT_TRUE(whole);
    EXPECT_EQ(whole->start.code, 200);
    EXPECT_EQ(whole->length, part.size());
    EXPECT_EQ(info.call_id, "x");
}

TEST(MessageHead, KeepsEveryChallengeAndCredentialsWithItsHeader) {
    std::string msg =
        "SIP/2.0 401 Unauthorized\r\n"
        "WWW-Authenticate: Digest realm=\"a\", nonce=\"1\", algorithm=SHA-256\r\n"
        "WWW-Authenticate: Digest realm=\"a\", nonce=\"2\"\r\n"
        "Proxy-Authenticate: Digest realm=\"p\", nonce=\"3\"\r\n"
        "Proxy-Authorization: Digest username=\"u\", realm=\"p\"\r\n";
    for (int i = 0; i < 10; ++i) {
        msg += "Authorization: Digest username=\"u\", realm=\"r" + std::to_string(i) + "\"\r\n";
    }
    msg += "\r\n";
    MessageInfo info;
    ASSERT_TRUE(read_message_head(msg, info, false));
    EXPECT_EQ(info.challenge, "Digest realm=\"a\", nonce=\"1\", algorithm=SHA-256");
    ASSERT_EQ(info.challenges.size(), 3u);
    EXPECT_EQ(info.challenges[1], (AuthValue{false, "Digest realm=\"a\", nonce=\"2\""}));
    EXPECT_EQ(info.challenges[2], (AuthValue{true, "Digest realm=\"p\", nonce=\"3\""}));
    // At most 8 credentials, the first the Proxy-Authorization.
    ASSERT_EQ(info.credential_values.size(), 8u);
    EXPECT_TRUE(info.credential_values[0].proxy);
    EXPECT_EQ(info.credential_values[7], (AuthValue{false, "Digest username=\"u\", realm=\"r6\""}));
    info.clear();
    EXPECT_TRUE(info.challenges.empty());
    EXPECT_TRUE(info.credential_values.empty());
}

TEST(MessageHead, InvalidContentLengthIsUnknown) {
    MessageInfo info;
    const auto head =
        read_message_head("SIP/2.0 200 OK\r\nContent-Length: 12ab\r\n\r\n", info, false);
    ASSERT_TRUE(head);
    EXPECT_FALSE(head->content_length);
}

TEST(MessageHead, NotSipEndsAtTheFirstLine) {
    MessageInfo info;
    const auto head = read_message_head("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n", info, false);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->start.kind, Kind::none);
    EXPECT_EQ(head->length, 17u);
}

TEST(FindStartLine, AtLineStartsOnly) {
    const std::string s =
        "junk Via: SIP/2.0/UDP x\r\nmore SIP/2.0 200 OK\r\nSIP/2.0 180 Ringing\r\n";
    EXPECT_EQ(find_start_line(s), s.find("SIP/2.0 180"));
    const std::string r = "garbage\r\nBYE sip:bob@example.net SIP/2.0\r\n";
    EXPECT_EQ(find_start_line(r), r.find("BYE"));
    EXPECT_EQ(find_start_line("nothing here\r\n"), std::string_view::npos);
}

}  // namespace
}  // namespace sipwhy

namespace sipwhy {
namespace {

TEST(StartLine, ARequestKeepsItsUri) {
    const auto s = StartLine::parse("INVITE sip:+15551000@carrier.example;user=phone SIP/2.0");
    EXPECT_EQ(s.kind, StartLine::Kind::request);
    EXPECT_EQ(s.uri, "sip:+15551000@carrier.example;user=phone");
    MessageInfo info;
    ASSERT_TRUE(read_message_head("OPTIONS sip:pbx.example SIP/2.0\r\nCall-ID: o1\r\n\r\n", info,
                                  true));
    EXPECT_EQ(info.request_uri, "sip:pbx.example");
    ASSERT_TRUE(read_message_head("SIP/2.0 200 OK\r\nCall-ID: o1\r\n\r\n", info, true));
    EXPECT_EQ(info.request_uri, "");
}

}  // namespace
}  // namespace sipwhy
