// JsonWriter writes what nlohmann's dump writes for the same values.
#include "render/json_line.hpp"

#include <sipwhy/log_time.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace sipwhy {
namespace {

using Json = nlohmann::ordered_json;

std::string dumped(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

TEST(JsonWriter, WritesWhatTheDomDumps) {
    const std::string tricky = std::string("a\"b\\c\b\f\n\r\t\x01\x1f\x7f é ✓") + '\0' + "end";
    std::string out;
    detail::JsonWriter w(out);
    w.begin_object().key("s").value(tricky).key("n").value(std::uint64_t{18446744073709551615u});
    w.key("neg").value(-42).key("none").null().key("empty").value_or_null("");
    w.key("list").begin_array().value("x").begin_object().key("k").value(1).end_object();
    w.begin_array().end_array().end_array().key("o").begin_object().end_object().end_object();
    Json j;
    j["s"] = tricky;
    j["n"] = std::uint64_t{18446744073709551615u};
    j["neg"] = -42;
    j["none"] = nullptr;
    j["empty"] = nullptr;
    j["list"] = Json::array({"x", Json{{"k", 1}}, Json::array()});
    j["o"] = Json::object();
    EXPECT_EQ(out, dumped(j));
}

// Plain text is passed eight bytes at a time: a byte to escape is caught at every place in and
// across those words.
TEST(JsonWriter, EveryPlaceOfAByteToEscape) {
    const std::string plain = "The quick brown fox jumps";  // three words and a tail
    for (std::size_t at = 0; at <= plain.size(); ++at) {
        for (const std::string& c :
             {std::string(1, '"'), std::string(1, '\\'), std::string(1, '\x1f'),
              std::string(1, '\0'), std::string(1, '\n'), std::string("\xC3\xA9"),
              std::string(1, '!'), std::string(1, '#'), std::string(1, '[')}) {
            const std::string text = plain.substr(0, at) + c + plain.substr(at);
            std::string out;
            detail::JsonWriter(out).value(text);
            EXPECT_EQ(out, dumped(Json(text))) << at << " " << static_cast<int>(c[0]);
        }
    }
}

TEST(LogTimeText, EveryPartWrittenWithItsWidth) {
    LogTime t;
    t.seconds = 1709287200 + 5;  // 2024-03-01T10:00:05
    EXPECT_EQ(to_string(t), "2024-03-01T10:00:05");
    t.nanoseconds = 120000000;
    t.fraction_digits = 3;
    t.utc_offset_minutes = -330;
    t.seconds += 330 * 60;  // a zone named: the seconds are UTC, 10:00:05 at -05:30 is 15:30:05Z
    EXPECT_EQ(to_string(t), "2024-03-01T10:00:05.120-05:30");
    t.seconds -= 330 * 60;
    t.fraction_digits = 9;
    t.nanoseconds = 7;
    t.utc_offset_minutes = 0;
    EXPECT_EQ(to_string(t), "2024-03-01T10:00:05.000000007Z");
    t.seconds = -62135596800;  // the first second of year 1
    t.fraction_digits = 0;
    t.utc_offset_minutes.reset();
    EXPECT_EQ(to_string(t), "0001-01-01T00:00:00");
}

}  // namespace
}  // namespace sipwhy
