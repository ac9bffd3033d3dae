#include <sipwhy/text.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

TEST(NormalizePhrase, FoldsCaseAndPunctuation) {
    EXPECT_EQ(normalize_phrase("Call Leg/Transaction Does Not Exist"),
              "call leg transaction does not exist");
    EXPECT_EQ(normalize_phrase("  Not acceptable here. "), "not acceptable here");
    EXPECT_EQ(normalize_phrase("Server Time-out"), "server time out");
    EXPECT_EQ(normalize_phrase(""), "");
    EXPECT_EQ(normalize_phrase("--"), "");
}

TEST(NormalizePhrase, KeepsNonAsciiAndLoneStars) {
    EXPECT_EQ(normalize_phrase("Занято!"), "Занято");
    EXPECT_EQ(normalize_phrase("Destination Number * is invalid D11"),
              "destination number * is invalid d11");
    EXPECT_EQ(normalize_phrase("a*b"), "a b");
}

TEST(StripTrailingTags, RemovesModuleTagsAndSubCodes) {
    EXPECT_EQ(strip_trailing_tags("Unresolvable destination (478/TM)"), "Unresolvable destination");
    EXPECT_EQ(strip_trailing_tags("Unverified origination number D51"),
              "Unverified origination number");
    EXPECT_EQ(strip_trailing_tags("Busy Here"), "Busy Here");
    EXPECT_EQ(strip_trailing_tags("(478/TM)"), "(478/TM)");
    EXPECT_EQ(strip_trailing_tags("Region us1"), "Region us1");
}

TEST(WildcardMatch, StarTakesOneOrMoreWords) {
    EXPECT_TRUE(wildcard_match("destination number * is invalid d11",
                               "destination number 15551234567 is invalid d11"));
    EXPECT_TRUE(wildcard_match("* d2", "some limit text d2"));
    EXPECT_FALSE(wildcard_match("* d2", "d2"));
    EXPECT_FALSE(wildcard_match("a * c", "a c"));
    EXPECT_TRUE(wildcard_match("a * c", "a b b c"));
    EXPECT_FALSE(wildcard_match("a * c", "a b c d"));
    EXPECT_TRUE(wildcard_match("a b", "a b"));
}

TEST(EditDistance, CountsTyposWithTranspositions) {
    EXPECT_EQ(edit_distance("undeciperable", "undecipherable", 3), 1);
    EXPECT_EQ(edit_distance("temporarly unavailable", "temporarily unavailable", 3), 1);
    EXPECT_EQ(edit_distance("busy hree", "busy here", 3), 1);
    EXPECT_EQ(edit_distance("abc", "abc", 0), 0);
    EXPECT_EQ(edit_distance("abcdef", "uvwxyz", 2), 3);
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
