#include <sipwhy/kpi.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

TEST(Percentiles, NearestRank) {
    const Percentiles p = percentiles({32000, 200, 6000, 300, 4000, 500, 2000, 1000});
    EXPECT_EQ(p.count, 8u);
    EXPECT_EQ(p.p50, 1000);
    EXPECT_EQ(p.p90, 32000);
    EXPECT_EQ(p.p99, 32000);
    const Percentiles ten = percentiles({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    EXPECT_EQ(ten.p50, 5);
    EXPECT_EQ(ten.p90, 9);
    EXPECT_EQ(ten.p99, 10);
    EXPECT_FALSE(percentiles({}).p50);
}

}  // namespace
}  // namespace sipwhy
