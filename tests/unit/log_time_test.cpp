// Timestamps of log lines (log_time.hpp): each format, the year and date from the reference.
#include "cases.hpp"

#include <sipwhy/log_time.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace sipwhy {
namespace {

constexpr TimeReference k_ref{1795176000};  // 2026-11-20T12:00:00, the file's modification

std::string read(std::string_view line) {
    const auto t = parse_log_time(line, k_ref);
    return t ? to_string(*t) : "none";
}

TEST(LogTime, Iso8601) {
    test::expect_each<read>({
        {"2026-11-20T10:00:01.123Z INFO x", "2026-11-20T10:00:01.123Z"},
        {"2026-11-20 10:00:01,283 VERBOSE", "2026-11-20T10:00:01.283"},
        {"2026-11-20T10:00:01+01:00 app", "2026-11-20T10:00:01+01:00"},
        {"<34>1 2026-11-20T10:00:01.003-05:00 host app - - msg", "2026-11-20T10:00:01.003-05:00"},
        {"2024-07-02 11:56:49.915157 98.83% [DEBUG] sofia.c:7493", "2024-07-02T11:56:49.915157"},
        {"2026/11/21 12:20:00.300000 192.0.2.1:5060 -> 192.0.2.2:5060",
         "2026-11-21T12:20:00.300000"},
    });
}

// A zone named by the log makes the seconds UTC; the text shows the clock as written.
TEST(LogTime, AZoneMakesTheSecondsUtc) {
    const auto zoned = parse_log_time("2026-11-20T10:00:01+01:00 app", k_ref);
    const auto utc = parse_log_time("2026-11-20T09:00:01Z app", k_ref);
    ASSERT_TRUE(zoned && utc);
    EXPECT_EQ(zoned->seconds, utc->seconds);
    EXPECT_EQ(zoned->utc_offset_minutes, 60);
    const auto west = parse_log_time("2026-11-20T04:30:01-05:30 app", k_ref);
    ASSERT_TRUE(west);
    EXPECT_EQ(west->seconds, utc->seconds + 3600);
}

TEST(LogTime, SyslogTakesTheYearFromTheReference) {
    test::expect_each<read>({
        {"Nov 20 10:00:01 pbx kamailio[1]: x", "2026-11-20T10:00:01"},
        {"Nov  2 10:00:01 pbx kamailio[1]: x", "2026-11-02T10:00:01"},
        // A month after the reference's is of the year before.
        {"Dec 31 23:59:59 pbx app: x", "2025-12-31T23:59:59"},
        // ctime writes the year.
        {"Sat Jul 18 23:18:40 2015 local0.debug kamailio[1]: x", "2015-07-18T23:18:40"},
    });
}

TEST(LogTime, BracketsAndPrefixes) {
    test::expect_each<read>({
        {"[Nov 20 10:00:01] NOTICE[1] chan_sip.c: x", "2026-11-20T10:00:01"},
        {"[2026-11-20 10:00:01.123] WARNING[1]", "2026-11-20T10:00:01.123"},
        {"messages-20170203:[Feb  2 11:45:23] NOTICE[1362]", "2026-02-02T11:45:23"},
        {"873afbb6-acd8-432e-b6ea-1b739a7e7e9e 2017-06-02 20:40:04.152248 [DEBUG]",
         "2017-06-02T20:40:04.152248"},
        {"11-21 13:05:00.120  1234  1234 I Linphone: x", "2026-11-21T13:05:00.120"},
    });
}

TEST(LogTime, ClockOnlyTakesTheReferenceDate) {
    test::expect_each<read>({
        {"10:00:01.123 pjsua_core.c  RX 519 bytes", "2026-11-20T10:00:01.123"},
        {"recv 352 bytes from udp/[192.0.2.1]:5060 at 10:00:01.113313:",
         "2026-11-20T10:00:01.113313"},
    });
}

TEST(LogTime, EpochsInJsonExports) {
    test::expect_each<read>({
        {R"({"__REALTIME_TIMESTAMP":"1795176005000000","MESSAGE":"x"})",
         "2026-11-20T12:00:05.000000Z"},
        {R"({"values":[["1795176006000000000","x"]]})", "2026-11-20T12:00:06.000000000Z"},
    });
}

TEST(LogTime, NotATimestamp) {
    test::expect_each<read>({
        {"SIP/2.0 486 Busy Here", "none"},
        {"Via: SIP/2.0/UDP 10.0.0.1:5060", "none"},
        {"2026-13-01 10:00:01 bad month", "none"},
        {"Nov 20 25:00:01 bad hour", "none"},
        {"", "none"},
    });
}

}  // namespace
}  // namespace sipwhy
