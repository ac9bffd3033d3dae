#include "cases.hpp"

#include <sipwhy/text.hpp>

#include <gtest/gtest.h>

#include <string_view>

namespace sipwhy {
namespace {

TEST(NormalizePhrase, FoldsCaseAndPunctuation) {
    test::expect_each<normalize_phrase>({
        {"Call Leg/Transaction Does Not Exist", "call leg transaction does not exist"},
        {"  Not acceptable here. ", "not acceptable here"},
        {"Server Time-out", "server time out"},
        {"", ""},
        {"--", ""},
    });
}

TEST(NormalizePhrase, KeepsNonAsciiAndLoneStars) {
    test::expect_each<normalize_phrase>({
        {"Занято!", "Занято"},
        {"Destination Number * is invalid D11", "destination number * is invalid d11"},
        {"a*b", "a b"},
    });
}

TEST(StripTrailingTags, RemovesModuleTagsAndSubCodes) {
    test::expect_each<strip_trailing_tags>({
        {"Unresolvable destination (478/TM)", "Unresolvable destination"},
        {"Unverified origination number D51", "Unverified origination number"},
        {"Busy Here", "Busy Here"},
        {"(478/TM)", "(478/TM)"},
        {"Region us1", "Region us1"},
    });
}

TEST(WildcardMatch, StarTakesOneOrMoreWords) {
    struct Case {
        std::string_view pattern;
        std::string_view key;
        bool want;
    };
    for (const auto& c : {
             Case{"destination number * is invalid d11",
                  "destination number 15551234567 is invalid d11", true},
             Case{"* d2", "some limit text d2", true},
             Case{"* d2", "d2", false},
             Case{"a * c", "a c", false},
             Case{"a * c", "a b b c", true},
             Case{"a * c", "a b c d", false},
             Case{"a b", "a b", true},
         }) {
        EXPECT_EQ(wildcard_match(c.pattern, c.key), c.want) << c.pattern << " ~ " << c.key;
    }
}

TEST(EditDistance, CountsTyposWithTranspositions) {
    struct Case {
        std::string_view a;
        std::string_view b;
        int limit;
        int want;
    };
    for (const auto& c : {
             Case{"undeciperable", "undecipherable", 3, 1},
             Case{"temporarly unavailable", "temporarily unavailable", 3, 1},
             Case{"busy hree", "busy here", 3, 1},
             Case{"abc", "abc", 0, 0},
             Case{"abcdef", "uvwxyz", 2, 3},
         }) {
        EXPECT_EQ(edit_distance(c.a, c.b, c.limit), c.want) << c.a << " ~ " << c.b;
    }
}

TEST(SanitizeUtf8, ReplacesInvalidBytesAndControls) {
    EXPECT_EQ(sanitize_utf8("ok"), "ok");
    EXPECT_EQ(sanitize_utf8("a\xff"
                            "b"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(sanitize_utf8(std::string("a\0b", 3)),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(sanitize_utf8("Занято"), "Занято");
    EXPECT_EQ(sanitize_utf8("\xC0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_TRUE(is_valid_utf8("Занято"));
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));
}

}  // namespace
}  // namespace sipwhy
