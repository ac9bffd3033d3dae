#include "logs/recent_responses.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sipwhy::detail {
namespace {

PendingSummaries::Pending summary(std::uint64_t offset, int code) {
    PendingSummaries::Pending p;
    p.offset = offset;
    p.code = code;
    return p;
}

// The offsets `queue` reports, flushed up to `before`.
std::vector<std::uint64_t> flushed(PendingSummaries& queue, std::uint64_t before) {
    std::vector<std::uint64_t> out;
    queue.flush(before, [&](const PendingSummaries::Pending& p) { out.push_back(p.offset); });
    return out;
}

TEST(PendingSummaries, WaitUntilNoStatusLineCanRepeatThem) {
    PendingSummaries queue;
    const auto none = [](const PendingSummaries::Pending&) { FAIL() << "nothing is full"; };
    queue.add(summary(100, 486), none);
    queue.add(summary(200, 180), none);
    EXPECT_EQ(flushed(queue, 100 + k_dedup_window), (std::vector<std::uint64_t>{}));
    EXPECT_EQ(flushed(queue, 101 + k_dedup_window), (std::vector<std::uint64_t>{100}));
    EXPECT_EQ(flushed(queue, ~std::uint64_t{0}), (std::vector<std::uint64_t>{200}));
    EXPECT_TRUE(queue.empty());
}

TEST(PendingSummaries, AStatusLineJustAfterIsTheSameResponse) {
    PendingSummaries queue;
    const auto none = [](const PendingSummaries::Pending&) {};
    queue.add(summary(100, 486), none);
    queue.add(summary(150, 486), none);
    queue.drop_repeated(480, 160);                   // another code
    queue.drop_repeated(486, 160);                   // the oldest of that code goes
    queue.drop_repeated(486, 151 + k_dedup_window);  // too far after the other
    EXPECT_EQ(flushed(queue, ~std::uint64_t{0}), (std::vector<std::uint64_t>{150}));
}

TEST(PendingSummaries, AFullQueueReportsItsOldest) {
    PendingSummaries queue;
    std::vector<std::uint64_t> early;
    const auto report = [&](const PendingSummaries::Pending& p) { early.push_back(p.offset); };
    for (std::uint64_t i = 0; i < 66; ++i) {
        queue.add(summary(i, 200), report);
    }
    EXPECT_EQ(early, (std::vector<std::uint64_t>{0, 1}));
    EXPECT_EQ(flushed(queue, ~std::uint64_t{0}).size(), 64u);
}

TEST(PendingSummaries, TheNewestMayWaitForItsPhrase) {
    PendingSummaries queue;
    const auto none = [](const PendingSummaries::Pending&) {};
    EXPECT_EQ(queue.waiting_for_reason(), nullptr);
    auto p = summary(10, 503);
    p.wants_reason = true;
    queue.add(p, none);
    ASSERT_NE(queue.waiting_for_reason(), nullptr);
    EXPECT_EQ(queue.waiting_for_reason()->offset, 10u);
    queue.add(summary(20, 503), none);
    EXPECT_EQ(queue.waiting_for_reason(), nullptr);
}

}  // namespace
}  // namespace sipwhy::detail
