// --summary --by minute|hour|day: a row per interval, on spike.log (four answered calls at 09:xx,
// two answered and six 503s at 10:xx, three answered and a 486 at 11:xx).
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

Result spike(std::vector<std::string> args) {
    return in_calls("spike.log", std::move(args));
}

std::string from_intervals(const std::string& out) {
    return out.substr(out.find("\nInterval"));
}

TEST(Intervals, ByHourTheSpikeStandsOut) {
    const auto r = spike({"--summary", "--by", "hour"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(from_intervals(r.out),
              "\nInterval          Responses    1xx   2xx   3xx   4xx   5xx   6xx  Failures  Top "
              "failure\n"
              "2026-11-21 09:00          4      0     4     0     0     0     0         0  -\n"
              "2026-11-21 10:00          8      0     2     0     0     6     0         6  "
              "capacity 6         ####################\n"
              "2026-11-21 11:00          4      0     3     0     1     0     0         1  busy 1  "
              "           ####\n");
}

TEST(Intervals, WithKpiAttemptsAndSer) {
    const auto r = spike({"--kpi", "--by", "hour"});
    // 10:00: 2 of 8 INVITEs answered, 25 %.
    EXPECT_EQ(from_intervals(r.out),
              "\nInterval          Responses    1xx   2xx   3xx   4xx   5xx   6xx  Failures  "
              "Attempts    SER  Top failure\n"
              "2026-11-21 09:00          4      0     4     0     0     0     0         0         "
              "4 100.0%  -\n"
              "2026-11-21 10:00          8      0     2     0     0     6     0         6         "
              "8  25.0%  capacity 6         ####################\n"
              "2026-11-21 11:00          4      0     3     0     1     0     0         1         "
              "4  75.0%  busy 1             ####\n");
}

TEST(Intervals, ByDayAndByMinute) {
    EXPECT_EQ(
        from_intervals(spike({"--by", "day"}).out),
        "\nInterval    Responses    1xx   2xx   3xx   4xx   5xx   6xx  Failures  Top failure\n"
        "2026-11-21         16      0     9     0     1     6     0         7  capacity 6    "
        "     ####################\n");
    const auto minutes = spike({"--by", "minute", "--csv"});
    EXPECT_EQ(minutes.out.substr(0, minutes.out.find('\n', minutes.out.find('\n') + 1) + 1),
              "start,responses,1xx,2xx,3xx,4xx,5xx,6xx,failures\n"
              "2026-11-21 09:10,1,0,1,0,0,0,0,0\n");
}

TEST(Intervals, CsvAndJsonHaveTheNumbers) {
    EXPECT_EQ(spike({"--kpi", "--by", "hour", "--csv"}).out,
              "start,responses,1xx,2xx,3xx,4xx,5xx,6xx,failures,attempts,ser\n"
              "2026-11-21 09:00,4,0,4,0,0,0,0,0,4,100.0\n"
              "2026-11-21 10:00,8,0,2,0,0,6,0,6,8,25.0\n"
              "2026-11-21 11:00,4,0,3,0,1,0,0,1,4,75.0\n");
    const std::string out = spike({"--summary", "--by", "hour", "--json"}).out;
    EXPECT_NE(out.find(R"("by_interval":[{"start":"2026-11-21 09:00","responses":4,)"
                       R"("by_class":{"1xx":0,"2xx":4,"3xx":0,"4xx":0,"5xx":0,"6xx":0},)"
                       R"("failures":0,"failures_by_category":{}},)"),
              std::string::npos)
        << out;
    const auto lines = json_lines(out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["by_interval"][1]["failures_by_category"]["capacity"], 6);
}

TEST(Intervals, FollowTheCallFilters) {
    const auto r = spike({"--by", "hour", "--to", "4471"});
    EXPECT_EQ(from_intervals(r.out),
              "\nInterval          Responses    1xx   2xx   3xx   4xx   5xx   6xx  Failures  Top "
              "failure\n"
              "2026-11-21 10:00          6      0     0     0     0     6     0         6  "
              "capacity 6         ####################\n"
              "2026-11-21 11:00          1      0     0     0     1     0     0         1  busy 1  "
              "           ####\n");
}

TEST(Intervals, BadIntervalIsAUsageError) {
    const auto r = spike({"--by", "week"});
    EXPECT_EQ(status_err(r),
              (StatusText{
                  2, "sipwhy: error: --by: \"week\" is not an interval (minute, hour or day)\n"}));
    EXPECT_EQ(spike({"--by", "hour", "--calls"}).err,
              "sipwhy: error: --by and --calls cannot be combined\n");
}

}  // namespace
}  // namespace sipwhy::e2e
