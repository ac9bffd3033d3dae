// The matching rules of explain.hpp, one test each, on the fixture knowledge base.
#include "cases.hpp"
#include "test_kb.hpp"

#include <sipwhy/analysis/explain.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

class ExplainTest : public ::testing::Test {
protected:
    Explanation status(int code, std::string_view phrase) {
        return explain_status(m_kb, code, phrase);
    }
    std::vector<Explanation> query(std::string_view text) {
        const auto q = parse_query(text);
        EXPECT_TRUE(q.ok());
        return explain(m_kb, *q);
    }
    // What an explanation answers first: how the status matched and the category it falls in.
    static void expect_match(const Explanation& x, Match match, Category category) {
        EXPECT_EQ(x.match, match);
        EXPECT_EQ(x.category, category);
    }
    // status(code, phrase), checked for how it matched, its category, the next step, and whether
    // that resolves it.
    Explanation expect_status(int code, std::string_view phrase, Match match, Category category,
                              NextStep next_step, bool resolved) {
        const auto x = status(code, phrase);
        expect_match(x, match, category);
        EXPECT_EQ(x.next_step, next_step);
        EXPECT_EQ(x.resolved(), resolved);
        return x;
    }
    KnowledgeBase m_kb = test::fixture_kb();
};

TEST_F(ExplainTest, BareCodeResolvesToItsEntry) {
    const auto x =
        expect_status(486, "", Match::code_only, Category::busy, NextStep::retry_later, true);
    ASSERT_NE(x.entry, nullptr);
    EXPECT_EQ(x.entry->reason, "Busy Here");
}

TEST_F(ExplainTest, CanonicalPhraseIgnoringCaseSpaceAndPunctuation) {
    for (const auto* phrase : {"Busy Here", "busy here", "BUSY  HERE.", " Busy-Here "}) {
        const auto x = status(486, phrase);
        EXPECT_EQ(x.match, Match::exact) << phrase;
        EXPECT_EQ(x.variant, nullptr) << phrase;
    }
}

TEST_F(ExplainTest, KnownVariantTakesItsOwnCategory) {
    const auto x = expect_status(403, "wrong guess!", Match::variant, Category::authentication,
                                 NextStep::fix_request, true);
    ASSERT_NE(x.variant, nullptr);
    EXPECT_EQ(x.variant->phrase, "Wrong Guess");
}

TEST_F(ExplainTest, VariantKeepsTheCodesNextStepWhenItGivesNone) {
    const auto x = status(480, "Codec Mismatch");
    expect_match(x, Match::variant, Category::media);
    EXPECT_EQ(x.next_step, NextStep::retry_later);
}

TEST_F(ExplainTest, VariantWithWildcardWords) {
    const auto x = status(403, "Destination Number +15551234567 is invalid D11");
    expect_match(x, Match::variant, Category::bad_address);
}

TEST_F(ExplainTest, TrailingTagsAreTolerated) {
    const auto kamailio = status(478, "Unresolvable destination (478/TM)");
    EXPECT_EQ(kamailio.match, Match::exact);
    const auto telnyx = status(403, "Wrong Guess D51");
    EXPECT_EQ(telnyx.match, Match::variant);
    EXPECT_EQ(telnyx.variant->phrase, "Wrong Guess");
}

TEST_F(ExplainTest, TyposMatchByEditDistance) {
    const auto x = status(493, "Undeciperable");
    EXPECT_EQ(x.match, Match::fuzzy);
    EXPECT_EQ(x.fuzzy_target, "Undecipherable");
    EXPECT_EQ(x.variant, nullptr);
    const auto y = status(480, "Temporarly Unavailable");
    EXPECT_EQ(y.match, Match::fuzzy);
    EXPECT_EQ(y.fuzzy_target, "Temporarily Unavailable");
    const auto z = status(480, "No mony left");
    EXPECT_EQ(z.match, Match::fuzzy);
    ASSERT_NE(z.variant, nullptr);
    EXPECT_EQ(z.category, Category::billing);
}

TEST_F(ExplainTest, ShortPhrasesNeedAnExactSpelling) {
    EXPECT_EQ(status(486, "Bsy").match, Match::code_only);
}

TEST_F(ExplainTest, PhraseKnownUnderAnotherCodeIsReported) {
    const auto x = status(183, "Ringing");
    EXPECT_EQ(x.match, Match::code_only);
    ASSERT_EQ(x.elsewhere.size(), 1u);
    EXPECT_EQ(x.elsewhere[0].code, 180);
    EXPECT_NE(x.elsewhere[0].entry, nullptr);
    EXPECT_EQ(x.category, Category::progress);
    EXPECT_FALSE(x.category_hint.has_value());

    const auto y = status(486, "Codec Mismatch");
    ASSERT_EQ(y.elsewhere.size(), 2u);
    EXPECT_EQ(y.elsewhere[0].code, 480);
    EXPECT_EQ(y.elsewhere[1].code, 488);
    EXPECT_EQ(y.category, Category::busy);
    EXPECT_EQ(y.category_hint, Category::media);
}

TEST_F(ExplainTest, UnknownPhraseGetsACategoryHintFromItsWords) {
    const auto route = status(480, "No route available");
    expect_match(route, Match::code_only, Category::unavailable);
    EXPECT_EQ(route.category_hint, Category::no_route);
    const auto money = status(486, "Out of money");
    EXPECT_EQ(money.category_hint, Category::billing);
    EXPECT_TRUE(money.resolved());
}

TEST_F(ExplainTest, NoHintWhenTheWordsAgreeWithTheCode) {
    EXPECT_FALSE(status(480, "Some words").category_hint.has_value());
}

TEST_F(ExplainTest, UnregisteredCodeGetsItsClassMeaning) {
    const auto x =
        expect_status(499, "", Match::class_only, Category::unknown, NextStep::fix_request, false);
    EXPECT_EQ(x.entry, nullptr);
    ASSERT_NE(x.class_info, nullptr);
    EXPECT_EQ(x.class_info->digit, 4);
}

TEST_F(ExplainTest, UnregisteredCodeWithAKnownUseResolves) {
    const auto x = status(478, "");
    EXPECT_EQ(x.match, Match::code_only);
    ASSERT_NE(x.entry, nullptr);
    EXPECT_FALSE(x.entry->registered);
    EXPECT_EQ(x.category, Category::network);
    EXPECT_TRUE(x.resolved());
}

TEST_F(ExplainTest, PatternListsEveryCodeItCovers) {
    const auto xs = query("48x");
    std::vector<int> codes;
    for (const auto& x : xs) {
        codes.push_back(x.code);
        EXPECT_EQ(x.query, "48x");
    }
    EXPECT_EQ(codes, (std::vector<int>{480, 486, 488}));
    EXPECT_EQ(query("4xx").size(), 6u);
}

TEST_F(ExplainTest, PatternWithNothingKnownGivesTheClass) {
    const auto xs = query("45x");
    ASSERT_EQ(xs.size(), 1u);
    EXPECT_EQ(xs[0].match, Match::class_only);
    EXPECT_EQ(xs[0].code, 0);
    EXPECT_FALSE(xs[0].resolved());
}

TEST_F(ExplainTest, BarePhraseFindsItsCodes) {
    const auto xs = query("Codec Mismatch");
    ASSERT_EQ(xs.size(), 2u);
    EXPECT_EQ(xs[0].code, 480);
    EXPECT_EQ(xs[1].code, 488);
    EXPECT_EQ(xs[0].match, Match::variant);
    const auto ys = query("Wrong Gues");
    ASSERT_EQ(ys.size(), 1u);
    EXPECT_EQ(ys[0].code, 403);
    EXPECT_EQ(ys[0].match, Match::fuzzy);
}

TEST_F(ExplainTest, BarePhraseWithNothingKnown) {
    const auto xs = query("Out of credit on the gateway");
    ASSERT_EQ(xs.size(), 1u);
    EXPECT_EQ(xs[0].match, Match::none);
    EXPECT_EQ(xs[0].code, 0);
    EXPECT_EQ(xs[0].category, Category::unknown);
    EXPECT_EQ(xs[0].category_hint, Category::billing);
    EXPECT_FALSE(xs[0].resolved());
}

TEST_F(ExplainTest, MappingsShowEachPlatformsChoice) {
    const auto x = status(486, "");
    ASSERT_NE(x.mappings.q850, nullptr);
    EXPECT_EQ(x.mappings.q850->cause, 17);
    ASSERT_EQ(x.mappings.platforms.size(), 2u);
    EXPECT_EQ(x.mappings.platforms[0].cause->name, "USER_BUSY");
    EXPECT_FALSE(x.mappings.platforms[0].is_default);
    EXPECT_EQ(x.mappings.platforms[1].cause->name, "AST_CAUSE_USER_BUSY");

    const auto y = status(403, "");
    EXPECT_EQ(y.mappings.q850, nullptr);
    EXPECT_EQ(y.mappings.platforms[0].cause->name, "NORMAL_UNSPECIFIED");
    EXPECT_TRUE(y.mappings.platforms[0].is_default);
    EXPECT_EQ(y.mappings.platforms[1].cause, nullptr);

    const auto z = status(488, "");
    EXPECT_EQ(z.mappings.q850_note.en, "RFC 3398 picks the cause from the Warning header.");
}

}  // namespace
}  // namespace sipwhy

namespace sipwhy {
namespace {

TEST(PlatformOfSender, NamesThePlatformTheTextsUse) {
    test::expect_each<platform_of_sender>({
        {"Asterisk PBX 18.9.0", "Asterisk"},
        {"FreeSWITCH-mod_sofia/1.10.9-release", "FreeSWITCH"},
        {"kamailio (5.6.4 (x86_64/linux))", "Kamailio"},
        {"Microsoft.PSTNHub.SIPProxy v.2024.1.1.1", "Teams"},
        {"ExampleSBC/1.0", ""},
        {"", ""},
    });
}

TEST(NamesPlatform, AsAWholeWordInAnyCase) {
    EXPECT_TRUE(names_platform("Congestion on a PBX: Asterisk sends 503", "Asterisk"));
    EXPECT_TRUE(names_platform("see FREESWITCH", "FreeSWITCH"));
    EXPECT_FALSE(names_platform("Asterisks everywhere", "Asterisk"));
    EXPECT_FALSE(names_platform("anything", ""));
}

}  // namespace
}  // namespace sipwhy
