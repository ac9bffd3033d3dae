#include <sipwhy/analysis/call_filter.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

TEST(TimeBound, ReadsIsoDatesTimesOfDayAndRelativeTimes) {
    const auto wall = parse_time_bound("2026-11-21T10:00:05", 0);
    ASSERT_TRUE(wall);
    EXPECT_EQ(wall->kind, TimeBound::Kind::wall);
    EXPECT_EQ(wall->seconds, 1795255205);
    const auto zoned = parse_time_bound("2026-11-21 11:00:05.250+01:00", 0);
    ASSERT_TRUE(zoned);
    EXPECT_EQ(zoned->kind, TimeBound::Kind::utc);
    EXPECT_EQ(zoned->seconds, 1795255205);
    EXPECT_EQ(parse_time_bound("2026-11-21T10:00:05Z", 0)->seconds, 1795255205);
    EXPECT_EQ(parse_time_bound("2026-11-21", 0)->seconds, 1795219200);
    const auto tod = parse_time_bound("10:30", 0);
    ASSERT_TRUE(tod);
    EXPECT_EQ(tod->kind, TimeBound::Kind::time_of_day);
    EXPECT_EQ(tod->seconds, 37800);
    EXPECT_EQ(parse_time_bound("-15m", 1000000)->seconds, 1000000 - 900);
    EXPECT_EQ(parse_time_bound("-2h", 1000000)->seconds, 1000000 - 7200);
    EXPECT_EQ(parse_time_bound("-1d", 1000000)->kind, TimeBound::Kind::utc);
}

TEST(TimeBound, RefusesWhatIsNoTime) {
    for (const char* bad : {"", "yesterday", "25:00", "10:61", "2026-13-01", "2026-11-21T10", "-15",
                            "-15y", "10:00:00junk", "2026-11-21T10:00+1"}) {
        EXPECT_FALSE(parse_time_bound(bad, 0)) << bad;
    }
}

TEST(NumberMatches, BySubstringOrDigits) {
    EXPECT_TRUE(number_matches("4471", "4471999"));
    EXPECT_TRUE(number_matches("alice", "alice"));
    EXPECT_TRUE(number_matches("+44 (20) 7123-4567", "+442071234567"));
    EXPECT_TRUE(number_matches("020", "tel-0201234"));
    EXPECT_FALSE(number_matches("4471", "+442071234567"));
    EXPECT_FALSE(number_matches("bob", "alice"));
    EXPECT_FALSE(number_matches("", "alice"));
}

// A message of the call `call_id`, with no other header.
MessageInfo of_call(std::string_view call_id) {
    MessageInfo m;
    m.call_id = call_id;
    return m;
}

TEST(CallSelector, TheFirstMessageDecidesForTheWholeCall) {
    CallSelector select(CallFilter{.to = {"4471"}});
    MessageInfo first = of_call("c1");
    first.to_user = "4471999";
    MessageInfo later = first;
    later.to_user = "other";
    EXPECT_TRUE(select.selects(&first, nullptr, nullptr, "INVITE"));
    EXPECT_TRUE(select.selects(&later, nullptr, nullptr, {}));
    MessageInfo no_call;
    EXPECT_FALSE(select.selects(&no_call, nullptr, nullptr, {}));
    EXPECT_FALSE(select.selects(nullptr, nullptr, nullptr, {}));
}

TEST(CallSelector, HostOfALogIsAnAddressItsFramingNames) {
    CallSelector select(CallFilter{.hosts = {"203.0.113.5"}});
    const MessageInfo to_trunk = of_call("c1");
    const MessageInfo from_trunk = of_call("c2");
    const MessageInfo from_phone = of_call("c3");
    // Asterisk and FreeSWITCH name only the far end; the other side is left empty.
    EXPECT_TRUE(select.selects(&to_trunk, nullptr, nullptr, "INVITE", {}, "203.0.113.5:5060"));
    EXPECT_TRUE(select.selects(&from_trunk, nullptr, nullptr, "INVITE", "203.0.113.5:5060", {}));
    EXPECT_FALSE(select.selects(&from_phone, nullptr, nullptr, "INVITE", "198.51.100.7:5060", {}));
}

}  // namespace
}  // namespace sipwhy
