#include <sipwhy/status_line.hpp>

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
    EXPECT_EQ(error("SIP/2.0 4294967301 x"),
              "4294967301: not a SIP status code (expected three digits, 100-699)");
    EXPECT_EQ(error("SIP/2.0 099 x"), "099: out of the SIP status-code range (100-699)");
    EXPECT_EQ(error("SIP/2.0"), "SIP/2.0: missing status code");
    EXPECT_EQ(error("INVITE sip:a@b SIP/2.0"),
              "INVITE sip:a@b SIP/2.0: not a SIP status line (expected \"SIP/2.0 CODE REASON\")");
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
