// A pasted response whose Server or User-Agent names a platform: the causes and checks that name
// that platform come first, the others after them in the knowledge base's order.
#include "run.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sipwhy::e2e {
namespace {

std::string response(const std::string& sender) {
    return "SIP/2.0 503 Service Unavailable\r\n"
           "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-s1\r\n"
           "Call-ID: s1\r\nCSeq: 1 INVITE\r\n" +
           sender + "\r\nContent-Length: 0\r\n\r\n";
}

// The first line of the "Likely causes" list.
std::string first_cause(const std::string& out) {
    const auto at = out.find("Likely causes:\n");
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + 15;
    return out.substr(start, out.find('\n', start) - start);
}

TEST(SenderFirst, TheSendersOwnCausesLead) {
    const auto plain = sipwhy({"503 Service Unavailable"});
    EXPECT_EQ(first_cause(plain.out),
              "    - Capacity limits: FreeSWITCH \"Maximum Calls In Progress\", \"System Busy\",");
    const auto asterisk = sipwhy({response("Server: Asterisk PBX 18.9.0")});
    EXPECT_EQ(asterisk.status, 0);
    EXPECT_EQ(first_cause(asterisk.out),
              "    - Congestion on a PBX: Asterisk sends 503 for causes 34, 42 and 66;");
    // A User-Agent tells when there is no Server.
    const auto ua = sipwhy({response("User-Agent: Asterisk PBX 20.5.0")});
    EXPECT_EQ(first_cause(ua.out),
              "    - Congestion on a PBX: Asterisk sends 503 for causes 34, 42 and 66;");
}

TEST(SenderFirst, AnUnknownSenderKeepsTheOrder) {
    const auto plain = sipwhy({"503 Service Unavailable"});
    const auto other = sipwhy({response("Server: ExampleSBC/1.0")});
    EXPECT_EQ(first_cause(other.out), first_cause(plain.out));
    EXPECT_NE(first_cause(plain.out), "");
}

TEST(SenderFirst, JsonListsThemInTheSameOrder) {
    const auto r = sipwhy({"--json", response("Server: Asterisk PBX 18.9.0")});
    const auto j = json_lines(r.out);
    ASSERT_EQ(j.size(), 1u);
    const std::string first = j[0]["causes"][0];
    EXPECT_TRUE(first.starts_with("Congestion on a PBX:")) << first;
}

}  // namespace
}  // namespace sipwhy::e2e
