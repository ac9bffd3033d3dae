// The knowledge base's indexes: lookups by phrase, whose index is built at the first of them, agree
// from many threads at once, and see what a later load adds.
#include "test_kb.hpp"

#include <sipwhy/text.hpp>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace sipwhy {
namespace {

// Codes and variant codes, as "403 403" for the two variants of 403.
std::string codes(const auto& entries) {
    std::string out;
    for (const auto* e : entries) {
        out += (out.empty() ? "" : " ") + std::to_string(e->code);
    }
    return out;
}

TEST(KbIndex, PhraseLookupsFromManyThreadsAtOnceAgree) {
    const KnowledgeBase kb = test::fixture_kb();
    std::vector<std::string> seen(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        threads.emplace_back([&, i] {
            seen[i] = codes(kb.codes_with_key("busy here")) + " | " +
                      codes(kb.variants_with_key(normalize_phrase("Wrong Guess"))) + " | " +
                      codes(kb.variants_with_key(normalize_phrase("Destination Number 5 is "
                                                                  "invalid D11")));
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (const auto& s : seen) {
        EXPECT_EQ(s, "486 | 403 | 403");
    }
}

TEST(KbIndex, ALoadAfterALookupIsIndexedToo) {
    KnowledgeBase kb = test::fixture_kb();
    EXPECT_EQ(codes(kb.variants_with_key("out of credit")), "");
    EXPECT_EQ(codes(kb.variants_of(402)), "");
    ASSERT_TRUE(kb.load("more.json", R"json({"variants": [
        {"code": 402, "phrase": "Out of credit", "meaning": {"en": "The balance is empty.",
         "ru": "Баланс исчерпан."}, "category": "billing", "kind": "carrier", "vendor": "unknown",
         "source": "a carrier's list", "evidence": "list"}]})json")
                    .empty());
    EXPECT_EQ(codes(kb.variants_with_key("out of credit")), "402");
    EXPECT_EQ(codes(kb.variants_of(402)), "402");
    EXPECT_EQ(codes(kb.variants_of(480)), "480 480");
    // A copy has indexes of its own.
    const KnowledgeBase copy = kb;
    EXPECT_EQ(codes(copy.variants_with_key("out of credit")), "402");
    EXPECT_EQ(codes(copy.variants_of(403)), "403 403");
}

}  // namespace
}  // namespace sipwhy
