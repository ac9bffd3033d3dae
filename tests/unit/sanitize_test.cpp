// sanitize_utf8 against text meant to drive or reorder a terminal.
#include <sipwhy/text.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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

// The plain ASCII run is found eight bytes at a time: a byte that needs a look is caught at every
// place in and across those words, and what follows it is still read; appending keeps what the
// string held.
TEST(Sanitize, EveryPlaceOfAByteThatNeedsALook) {
    const std::string plain = "The quick brown fox jumps";  // 25 bytes: three words and a tail
    const std::vector<std::pair<std::string, std::string>> bytes = {
        {"\x1F", "\xEF\xBF\xBD"},
        {"\x7F", "\xEF\xBF\xBD"},
        {"\x80", "\xEF\xBF\xBD"},
        {"\xFF", "\xEF\xBF\xBD"},
        {"\t", "\t"},
        {"\x20", " "},
        {"\x7E", "~"},
        {"\xD0\x96", "\xD0\x96"},
        {std::string(1, '\0'), "\xEF\xBF\xBD"}};
    for (std::size_t at = 0; at <= plain.size(); ++at) {
        for (const auto& [in, out] : bytes) {
            const std::string text = plain.substr(0, at) + in + plain.substr(at);
            EXPECT_EQ(sanitize_utf8(text), plain.substr(0, at) + out + plain.substr(at))
                << at << " " << static_cast<int>(static_cast<unsigned char>(in[0]));
            std::string appended = "kept:";
            append_sanitized(appended, text);
            EXPECT_EQ(appended, "kept:" + sanitize_utf8(text));
        }
    }
    EXPECT_EQ(sanitize_utf8("\x01", true), "\x01");
}

}  // namespace
}  // namespace sipwhy
