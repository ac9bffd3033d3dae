// JsonWriter writes what nlohmann's dump writes for the same values, and RawMessage parses on
// demand what MessageInfo would have read at once.
#include "json_line.hpp"

#include <sipwhy/log_time.hpp>
#include <sipwhy/raw_message.hpp>

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

TEST(RawMessage, ParsesAsMessageInfoReads) {
    RawMessage raw;
    MessageInfo direct;
    const std::pair<std::string_view, std::string_view> headers[] = {
        {"Call-ID", "abc@host"},
        {"CSeq", "7 REGISTER"},
        {"Expires", "60"},
        {"c", "application/sdp"},
        {"Contact", "<sip:2001@192.168.1.20:5062>"},
    };
    for (const auto& [name, value] : headers) {
        raw.add_header(name, value);
        direct.add_header(name, value);
    }
    raw.set_body("v=0\r\nc=IN IP4 192.168.1.20\r\n");
    direct.keep_body("v=0\r\nc=IN IP4 192.168.1.20\r\n");
    EXPECT_EQ(raw.call_id(), "abc@host");
    EXPECT_EQ(raw.cseq_number(), 7u);
    EXPECT_EQ(raw.cseq_method(), "REGISTER");
    EXPECT_TRUE(raw.sdp());
    MessageInfo parsed;
    raw.parse_into(parsed);
    EXPECT_EQ(parsed.call_id, direct.call_id);
    EXPECT_EQ(parsed.expires, "60");
    EXPECT_EQ(parsed.contact, direct.contact);
    EXPECT_EQ(parsed.content_type, "application/sdp");
    EXPECT_EQ(parsed.body, direct.body);
}

// A value may hold a NUL byte (a log is any bytes): it is kept whole, the headers after it stay
// where they are, and parsing ends (it once went round for ever on such a value).
TEST(RawMessage, AValueWithANulByteIsKeptWhole) {
    RawMessage raw;
    const std::string server("Asterisk\0PBX", 12);
    raw.add_header("Server", server);
    raw.add_header("Expires", "60");
    raw.add_header("", "no name: dropped");
    MessageInfo parsed;
    raw.parse_into(parsed);
    EXPECT_EQ(parsed.server, server);
    EXPECT_EQ(parsed.expires, "60");
}

TEST(RawRequestMemory, FindsOnlyTheRequestAResponseAnswers) {
    RawRequestMemory memory(2);
    for (const char* id : {"one", "two", "three"}) {
        RawMessage r;
        r.add_header("Call-ID", id);
        r.add_header("CSeq", "1 INVITE");
        r.add_header("Max-Forwards", id);
        memory.add(r);
    }
    MessageInfo response;
    response.add_header("Call-ID", "three");
    response.add_header("CSeq", "1 INVITE");
    const MessageInfo* found = memory.find(response);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->max_forwards, "three");
    response.add_header("Call-ID", "one");  // overwritten by the ring
    EXPECT_EQ(memory.find(response), nullptr);
    response.add_header("CSeq", "2 INVITE");
    response.add_header("Call-ID", "two");
    EXPECT_EQ(memory.find(response), nullptr);  // another transaction
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
