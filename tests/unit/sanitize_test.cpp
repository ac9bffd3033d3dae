// sanitize_utf8 against text meant to drive or reorder a terminal.
#include <sipwhy/text.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

TEST(Sanitize, C1ControlsAndBidiControlsBecomeReplacementCharacters) {
    EXPECT_EQ(sanitize_utf8("a\xC2\x80z\xC2\x9F"), "a\xEF\xBF\xBDz\xEF\xBF\xBD");
    for (const char* c : {"\xE2\x80\xAA", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x81\xA9"}) {
        EXPECT_EQ(sanitize_utf8(std::string("x") + c + "y"), "x\xEF\xBF\xBDy") << c;
    }
}

TEST(Sanitize, TheirNeighboursStay) {
    // U+00A0 no-break space, U+2029 paragraph separator, U+202F narrow no-break space, U+2065,
    // U+206A, a Cyrillic letter.
    for (const char* c :
         {"\xC2\xA0", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\xA5", "\xE2\x81\xAA", "\xD0\x96"}) {
        EXPECT_EQ(sanitize_utf8(c), c) << c;
    }
    EXPECT_EQ(sanitize_utf8("\xC2\x9B", true), "\xC2\x9B");
}

}  // namespace
}  // namespace sipwhy
