#include <sipwhy/analysis/kpi.hpp>

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

namespace sipwhy {
namespace {

TEST(DurationHistogram, BucketsKeepEveryMillisecondBelowASecondAndThreeDigitsAbove) {
    EXPECT_EQ(DurationHistogram::bucket_of(-5), 0);
    EXPECT_EQ(DurationHistogram::bucket_of(0), 0);
    EXPECT_EQ(DurationHistogram::bucket_of(99), 99);
    EXPECT_EQ(DurationHistogram::bucket_of(100), 100);
    EXPECT_EQ(DurationHistogram::bucket_of(999), 999);
    EXPECT_EQ(DurationHistogram::bucket_of(1000), 1000);
    EXPECT_EQ(DurationHistogram::bucket_of(1009), 1000);
    EXPECT_EQ(DurationHistogram::bucket_of(1010), 1010);
    EXPECT_EQ(DurationHistogram::bucket_of(98765), 98700);
    EXPECT_EQ(DurationHistogram::bucket_of(9223372036854775807), 9220000000000000000);
}

TEST(DurationHistogram, PercentilesAsExactOnesBelowASecond) {
    const std::vector<std::int64_t> values = {200, 300, 500, 1000, 2000, 4000, 6000, 32000};
    DurationHistogram h;
    for (const auto v : values) {
        h.add(v);
    }
    const Percentiles exact = percentiles(values);
    const Percentiles p = h.percentiles();
    EXPECT_EQ(p.count, exact.count);
    EXPECT_EQ(p.p50, exact.p50);
    EXPECT_EQ(p.p90, exact.p90);
    EXPECT_EQ(p.p99, exact.p99);
    // Two halves merged are the whole.
    DurationHistogram a;
    DurationHistogram b;
    for (std::size_t i = 0; i < values.size(); ++i) {
        (i % 2 == 0 ? a : b).add(values[i]);
    }
    a.merge(b);
    EXPECT_EQ(a.buckets(), h.buckets());
    EXPECT_EQ(DurationHistogram{}.percentiles().p50, std::nullopt);
}

}  // namespace
}  // namespace sipwhy
