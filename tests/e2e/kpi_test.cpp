// RFC 6076 KPIs in --summary, on kpi.log: ten INVITE calls and two registrations whose ratios and
// percentiles are worked out here by hand (docs/kpi.md defines each).
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

Result kpi(std::vector<std::string> args) {
    return in_calls("kpi.log", std::move(args));
}

// kpi.log, call by call (times from each INVITE):
//   k01 180 at 1 s, 200 at 3 s, BYE at 33 s answered at 33.1 s   answered, completed
//   k02 180 at 2 s, 200 at 5 s, BYE at 15 s answered at 15.2 s   answered, completed
//   k03 183 at 0.5 s, 200 at 1 s, no BYE                          answered
//   k04 486 at 4 s                                                effective
//   k05 603 at 6 s                                                effective
//   k06 503 at 0.3 s                                              ineffective
//   k07 408 at 32 s                                               ineffective
//   k08 302 at 0.1 s                                              redirected: out of SER, SEER
//   k09 404 at 0.2 s                                              none of these
//   k10 180 at 1.5 s, no final answer                             an attempt only
//   r1  REGISTER, 401 at 40 ms, REGISTER at 80 ms, 200 at 120 ms   RRD 120 ms
//   r2  REGISTER, 403                                             no RRD
//
// SER  = answered / (INVITEs - redirected) = 3 / (10 - 1) = 33.3 %
// SEER = (answered + 486 + 603) / 9 = 5 / 9 = 55.6 %
// ISA  = (503 + 408) / 10 = 20.0 %
// SCR  = (k01 + k02) / 10 = 20.0 %
// SRD: to the first 180/183 when answered (1000, 2000, 500), to the failure otherwise (4000,
//      6000, 300, 32000, 200): sorted 200 300 500 1000 2000 4000 6000 32000; nearest rank:
//      p50 is the 4th of 8 (1000), p90 and p99 the 8th (32000).
// SDD: 100, 200: p50 the 1st (100), p90 and p99 the 2nd (200).
// duration: 200 OK to BYE, 30000 and 10000: p50 10000, p90 and p99 30000.

TEST(Kpi, TextOfTheHandWorkedFixture) {
    const auto r = kpi({"--kpi"});
    EXPECT_EQ(r.status, 0);
    const std::string tail = r.out.substr(r.out.find("\nKPIs"));
    EXPECT_EQ(tail,
              "\nKPIs (RFC 6076) over 10 INVITE calls and 2 registrations:\n"
              "  SER    33.3%  3 answered of 9 attempts (1 redirected left out)\n"
              "  SEER   55.6%  5 answered, busy, declined or unavailable of 9\n"
              "  ISA    20.0%  2 timed out or failed in a server of 10\n"
              "  SCR    20.0%  2 answered and ended by a BYE of 10\n"
              "  SRD       p50 1.0 s, p90 32.0 s, p99 32.0 s (8 values)\n"
              "  SDD       p50 100 ms, p90 200 ms, p99 200 ms (2 values)\n"
              "  duration  p50 10.0 s, p90 30.0 s, p99 30.0 s (2 values)\n"
              "  RRD       p50 120 ms, p90 120 ms, p99 120 ms (1 value)\n"
              // k04 to k07, k09 and k10 failed, one code each: the lowest (no answer) leads.
              "Destinations with the most failed calls (To):\n"
              "  5551000                   6 failed, mostly no answer (1)\n"
              "Sources with the most failed calls (From):\n"
              "  2001                      6 failed, mostly no answer (1)\n");
}

TEST(Kpi, JsonField) {
    const auto r = kpi({"--summary", "--kpi", "--json"});
    const std::string k = r.out.substr(r.out.find("\"kpi\":"));
    EXPECT_EQ(k, R"("kpi":{"invites":10,"answered":3,"redirected":1,"effective":5,"ineffective":2,)"
                 R"("completed":2,"registrations":2,"ser":33.3,"seer":55.6,"isa":20.0,"scr":20.0,)"
                 R"("srd_ms":{"count":8,"p50":1000,"p90":32000,"p99":32000},)"
                 R"("sdd_ms":{"count":2,"p50":100,"p90":200,"p99":200},)"
                 R"("duration_ms":{"count":2,"p50":10000,"p90":30000,"p99":30000},)"
                 R"("rrd_ms":{"count":1,"p50":120,"p90":120,"p99":120},)"
                 R"("top_destinations":[{"to":"5551000","failures":6,"code":null,"code_count":1}],)"
                 R"("top_sources":[{"from":"2001","failures":6,"code":null,"code_count":1}],)"
                 R"("histograms":{"srd_ms":[[200,1],[300,1],[500,1],[1000,1],[2000,1],[4000,1],)"
                 R"([6000,1],[32000,1]],"sdd_ms":[[100,1],[200,1]],)"
                 R"("duration_ms":[[10000,1],[30000,1]],"rrd_ms":[[120,1]]}}})"
                 "\n");
}

TEST(Kpi, FollowTheCallFilters) {
    // Only the three answered calls and the busy one: 3 of 4, all effective.
    const auto r = kpi(
        {"--kpi", "--call-id", "k01", "--call-id", "k02", "--call-id", "k03", "--call-id", "k04"});
    EXPECT_TRUE(has(r.out,
                    "  SER    75.0%  3 answered of 4 attempts (0 redirected left out)\n"
                    "  SEER  100.0%  4 answered, busy, declined or unavailable of 4\n"
                    "  ISA     0.0%  0 timed out or failed in a server of 4\n"
                    "  SCR    50.0%  2 answered and ended by a BYE of 4\n"));
}

TEST(Kpi, OnlyWhenAsked) {
    // --summary alone stays as fast as a count of the responses: it reads no calls.
    const auto plain = kpi({"--summary"});
    EXPECT_EQ(plain.out.find("KPIs"), std::string::npos) << plain.out;
    EXPECT_EQ(kpi({"--summary", "--json"}).out.find("\"kpi\""), std::string::npos);
    const auto none = sipwhy(Invocation{.args = {"--kpi"}, .input = "SIP/2.0 486 Busy Here\n"});
    EXPECT_EQ(none.out.substr(none.out.find("\nKPIs")),
              "\nKPIs (RFC 6076) over 0 INVITE calls and 0 registrations:\n"
              "  SER        -  0 answered of 0 attempts (0 redirected left out)\n"
              "  SEER       -  0 answered, busy, declined or unavailable of 0\n"
              "  ISA        -  0 timed out or failed in a server of 0\n"
              "  SCR        -  0 answered and ended by a BYE of 0\n"
              "  SRD       -\n"
              "  SDD       -\n"
              "  duration  -\n"
              "  RRD       -\n");
    const auto json =
        sipwhy(Invocation{.args = {"--kpi", "--json"}, .input = "SIP/2.0 486 Busy Here\n"});
    const auto lines = json_lines(json.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["kpi"]["invites"], 0);
    EXPECT_TRUE(lines[0]["kpi"]["ser"].is_null());
    EXPECT_TRUE(lines[0]["kpi"]["srd_ms"]["p50"].is_null());
}

TEST(Kpi, InRussian) {
    const auto r = kpi({"--kpi", "--lang", "ru"});
    EXPECT_TRUE(has(r.out,
                    "\nПоказатели (RFC 6076), вызовов INVITE: 10, регистраций: 2\n"
                    "  SER    33.3%  отвечено 3 из 9 попыток (без 1 перенаправленных)\n"));
}

TEST(Kpi, TopFailingDestinationsAndSources) {
    // spike.log: six 503s and a 486 to 4471999, all from 2001; the answered calls do not count.
    const auto r = sipwhy(Invocation{.args = {"--kpi", "spike.log"}, .cwd = k_calls});
    EXPECT_EQ(r.out.substr(r.out.find("Destinations")),
              "Destinations with the most failed calls (To):\n"
              "  4471999                   7 failed, mostly 503 (6)\n"
              "Sources with the most failed calls (From):\n"
              "  2001                      7 failed, mostly 503 (6)\n");
    const auto two = sipwhy(Invocation{.args = {"--kpi", "kpi.log", "follow.log"}, .cwd = k_calls});
    EXPECT_EQ(two.out.substr(two.out.find("Destinations")),
              "Destinations with the most failed calls (To):\n"
              "  5551000                   7 failed, mostly 486 (2)\n"
              "  4471999                   1 failed, mostly no answer (1)\n"
              "Sources with the most failed calls (From):\n"
              "  2001                      6 failed, mostly no answer (1)\n"
              "  2002                      1 failed, mostly 486 (1)\n"
              "  3003                      1 failed, mostly no answer (1)\n");
}

TEST(Kpi, UsageErrors) {
    EXPECT_EQ(kpi({"--kpi", "--calls"}).err,
              "sipwhy: error: --kpi and --calls cannot be combined\n");
    EXPECT_EQ(kpi({"--kpi", "--csv"}).err, "sipwhy: error: --kpi and --csv cannot be combined\n");
}

}  // namespace
}  // namespace sipwhy::e2e
