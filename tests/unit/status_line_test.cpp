#include "cases.hpp"

#include <sipwhy/sip/status_line.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace sipwhy {
namespace {

TEST(StatusLineParse, ReadsVersionCodeAndReason) {
    const auto s = StatusLine::parse("SIP/2.0 486 Busy Here\r\n");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->version, "SIP/2.0");
    EXPECT_EQ(s->code, 486);
    EXPECT_EQ(s->reason, "Busy Here");
}

TEST(StatusLineParse, AllowsAnEmptyReason) {
    for (const auto* text : {"SIP/2.0 480", "SIP/2.0 100 ", "SIP/2.0 480\r\n"}) {
        const auto s = StatusLine::parse(text);
        ASSERT_TRUE(s.ok()) << text;
        EXPECT_EQ(s->reason, "") << text;
    }
}

TEST(StatusLineParse, KeepsUtf8Reasons) {
    const auto s = StatusLine::parse("SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->code, 200);
    EXPECT_EQ(s->reason, "= 2**3 * 5**2 но сто девяносто девять - простое");
}

TEST(StatusLineParse, RejectsMalformedLines) {
    auto error = [](std::string_view line) { return StatusLine::parse(line).error().to_string(); };
    EXPECT_EQ(error("SIP/7.0 200 OK"), "SIP/7.0: unsupported SIP version (expected SIP/2.0)");
    // Worded as the scanners word them in a log or a capture: one grammar (StartLine).
    EXPECT_EQ(error("SIP/2.0 4294967301 x"), "4294967301: status code is not three digits");
    EXPECT_EQ(error("SIP/2.0 099 x"), "099: status code out of the range 100-699");
    EXPECT_EQ(error("sip/3.0 200 OK"), "sip/3.0: unsupported SIP version (expected SIP/2.0)");
    EXPECT_EQ(error("SIP/2.0"), "SIP/2.0: missing status code");
    EXPECT_EQ(error("INVITE sip:a@b SIP/2.0"),
              "INVITE sip:a@b SIP/2.0: not a SIP status line (expected \"SIP/2.0 CODE REASON\")");
}

// RFC 3261 §7.1: the version is case-insensitive; it is written back upper-case.
TEST(StatusLineParse, TheVersionInAnyCase) {
    const auto s = StatusLine::parse("sip/2.0 486 Busy Here");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->to_string(), "SIP/2.0 486 Busy Here");
    EXPECT_EQ(StartLine::parse("Sip/2.0 180 Ringing").code, 180);
    const auto request = StartLine::parse("INVITE sip:bob@example.com sip/2.0");
    EXPECT_EQ(request.kind, StartLine::Kind::request);
    EXPECT_EQ(request.method, "INVITE");
}

// "kind code end problem" of the status code at the start of s.
std::string read_code(std::string_view s) {
    const StatusCode c = read_status_code(s);
    return fmt::format("{} {} {} {}", static_cast<int>(c.kind), c.code, c.end, c.problem);
}

TEST(StatusCodeRead, TheRuleEveryReaderShares) {
    test::expect_each<read_code>({
        {"486 Busy Here", "1 486 3 "},
        {"486", "1 486 3 "},
        {"486#012Via: x", "1 486 3 "},  // an escaped line end in a log
        {"200-OK", "1 200 3 "},
        {"200OK", "0 0 3 "},  // runs into a word: no status line
        {"2xx", "0 0 1 "},
        {"x", "0 0 0 "},
        {"4860 x", "2 0 4 status code is not three digits"},
        {"48", "2 0 2 status code is not three digits"},
        {"099 Low", "2 0 3 status code out of the range 100-699"},
        {"700", "2 0 3 status code out of the range 100-699"},
    });
}

TEST(StatusLineFormat, RoundTrips) {
    for (const auto* text : {"SIP/2.0 486 Busy Here", "SIP/2.0 100", "SIP/2.0 699 x y  z"}) {
        const auto s = StatusLine::parse(text);
        ASSERT_TRUE(s.ok());
        const auto again = StatusLine::parse(s->to_string());
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(*again, *s);
    }
    const StatusLine s{"SIP/2.0", 603, "Decline"};
    EXPECT_EQ(fmt::format("[{}]", s), "[SIP/2.0 603 Decline]");
}

TEST(ParseStatusCode, AcceptsOnlyThreeDigitCodesInRange) {
    EXPECT_EQ(*parse_status_code("100"), 100);
    EXPECT_EQ(*parse_status_code("699"), 699);
    EXPECT_FALSE(parse_status_code("700").ok());
    EXPECT_FALSE(parse_status_code("48").ok());
    EXPECT_FALSE(parse_status_code("4a6").ok());
    EXPECT_FALSE(parse_status_code("").ok());
    EXPECT_EQ(class_of(486), "4xx");
}

}  // namespace
}  // namespace sipwhy
