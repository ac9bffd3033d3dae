#include "cases.hpp"

#include <sipwhy/sip/query.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

namespace sipwhy {
namespace {

Query parsed(std::string_view text) {
    const auto q = parse_query(text);
    EXPECT_TRUE(q.ok()) << text << ": " << (q.ok() ? "" : q.error().message);
    return q.ok() ? *q : Query{};
}

std::string error_of(std::string_view text) {
    const auto q = parse_query(text);
    EXPECT_FALSE(q.ok()) << text;
    if (q.ok()) {
        return {};
    }
    return q.error().source.empty() ? q.error().message
                                    : "\"" + q.error().source + "\": " + q.error().message;
}

TEST(ParseQuery, BareCode) {
    const Query q = parsed("486");
    EXPECT_EQ(q.kind, Query::Kind::code);
    EXPECT_EQ(q.code, 486);
    EXPECT_EQ(q.phrase, "");
    EXPECT_EQ(q.text, "486");
}

TEST(ParseQuery, CodeAndPhrase) {
    const Query q = parsed("486 Busy Here");
    EXPECT_EQ(q.code, 486);
    EXPECT_EQ(q.phrase, "Busy Here");
}

TEST(ParseQuery, StatusLineWithLineEndingsQuotesAndSpaces) {
    for (const auto* text : {"SIP/2.0 480 No money left", "SIP/2.0 480 No money left\r\n",
                             "  \"SIP/2.0 480 No money left\"  ", "'SIP/2.0 480 No money left'",
                             "\tSIP/2.0 480 No money left\n"}) {
        const Query q = parsed(text);
        EXPECT_EQ(q.kind, Query::Kind::code) << text;
        EXPECT_EQ(q.code, 480) << text;
        EXPECT_EQ(q.phrase, "No money left") << text;
    }
}

TEST(ParseQuery, SeparatorsBetweenCodeAndPhrase) {
    EXPECT_EQ(parsed("403 - Invalid credentials").phrase, "Invalid credentials");
    EXPECT_EQ(parsed("403: Forbidden").phrase, "Forbidden");
    EXPECT_EQ(parsed("403: Forbidden").code, 403);
}

TEST(ParseQuery, ClassPatterns) {
    for (const auto& [text, prefix] :
         {std::pair<std::string_view, std::string_view>{"4xx", "4"}, {"48X", "48"}}) {
        const Query q = parsed(text);
        EXPECT_EQ(q.kind, Query::Kind::pattern) << text;
        EXPECT_EQ(q.prefix, prefix) << text;
    }
}

TEST(ParseQuery, BarePhrase) {
    const Query q = parsed("Wrong Guess");
    EXPECT_EQ(q.kind, Query::Kind::phrase);
    EXPECT_EQ(q.phrase, "Wrong Guess");
}

TEST(ParseQuery, Headers) {
    struct Case {
        std::string_view text;
        Query::Kind kind;
        std::string_view value;
    };
    for (const auto& c :
         {Case{"Reason: Q.850;cause=16;text=\"Normal Clearing\"", Query::Kind::reason,
               "Q.850;cause=16;text=\"Normal Clearing\""},
          Case{"warning : 399 host \"text\"", Query::Kind::warning, "399 host \"text\""}}) {
        const Query q = parsed(c.text);
        EXPECT_EQ(q.kind, c.kind) << c.text;
        EXPECT_EQ(q.value, c.value) << c.text;
    }
}

TEST(ParseQuery, RejectsMalformedCodes) {
    test::expect_each<error_of>({
        {"4860", "\"4860\": not a SIP status code (expected three digits, 100-699)"},
        {"4860 Busy", "\"4860\": not a SIP status code (expected three digits, 100-699)"},
        {"700", "\"700\": out of the SIP status-code range (100-699)"},
        {"7xx", "\"7xx\": no such response class (SIP classes are 1xx to 6xx)"},
        {"4xx Busy", "\"4xx Busy\": a class pattern takes no reason phrase"},
        {"SIP/3.0 200 OK", "\"SIP/3.0\": unsupported SIP version (expected SIP/2.0)"},
        {"SIP/2.0 4294967301 better not break the receiver",
         "\"4294967301\": status code is not three digits"},
        {"  ", "empty query"},
        {"Reason:", "\"Reason:\": empty header value"},
    });
}

TEST(StartsQuery, TellsQueriesFromOtherWords) {
    EXPECT_TRUE(starts_query("486"));
    EXPECT_TRUE(starts_query("486 Busy Here"));
    EXPECT_TRUE(starts_query("4xx"));
    EXPECT_TRUE(starts_query("SIP/2.0 200 OK"));
    EXPECT_TRUE(starts_query("Reason: SIP;cause=200"));
    EXPECT_TRUE(starts_query("4860"));
    EXPECT_FALSE(starts_query("Busy"));
    EXPECT_FALSE(starts_query("/var/log/sip"));
    EXPECT_FALSE(starts_query("486.log"));
    EXPECT_FALSE(starts_query("2024-01-01.log"));
    EXPECT_FALSE(starts_query("-"));
}

TEST(GroupQueryArgs, SplitsAtCodes) {
    const std::vector<std::string> args = {"486", "Busy", "Here",
                                           "401", "407",  "SIP/2.0 480 No money left"};
    EXPECT_EQ(group_query_args(args), (std::vector<std::string>{"486 Busy Here", "401", "407",
                                                                "SIP/2.0 480 No money left"}));
}

TEST(GroupQueryArgs, KeepsHeaderValuesTogether) {
    const std::vector<std::string> args = {"Warning:", "399", "host", "\"x\"", "486"};
    EXPECT_EQ(group_query_args(args), (std::vector<std::string>{"Warning: 399 host \"x\"", "486"}));
}

}  // namespace
}  // namespace sipwhy
