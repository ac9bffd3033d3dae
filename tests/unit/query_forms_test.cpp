// The query forms that a log or a header value gives: glued codes, Reason values without the
// header's name, separately quoted phrases, and responses inside pasted log lines.
#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/sip/query.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

TEST(QueryForms, CodeGluedToItsPhrase) {
    const auto q = parse_query("486:Busy Here");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->kind, Query::Kind::code);
    EXPECT_EQ(q->code, 486);
    EXPECT_EQ(q->phrase, "Busy Here");
    EXPECT_TRUE(starts_query("486:Busy"));
    EXPECT_FALSE(starts_query("2024-01-01.log"));
    EXPECT_FALSE(starts_query("486abc"));
}

TEST(QueryForms, ReasonValueWithoutTheHeaderName) {
    const auto q = parse_query("Q.850;cause=17");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->kind, Query::Kind::reason);
    EXPECT_EQ(q->value, "Q.850;cause=17");
    EXPECT_TRUE(starts_query("SIP;cause=200;text=\"Call completed elsewhere\""));
    EXPECT_FALSE(starts_query("a;b"));
}

TEST(QueryForms, ArgumentsWithSpacesAreQueriesOfTheirOwn) {
    const std::vector<std::string> args = {"Wrong Guess", "No money left", "486", "Busy Here",
                                           "486",         "Busy",          "Here"};
    EXPECT_EQ(group_query_args(args), (std::vector<std::string>{"Wrong Guess", "No money left",
                                                                "486 Busy Here", "486 Busy Here"}));
    const std::vector<std::string> header = {"Warning:", "399", "host", "\"Codec not licensed\""};
    EXPECT_EQ(group_query_args(header),
              (std::vector<std::string>{"Warning: 399 host \"Codec not licensed\""}));
}

TEST(QueryForms, ResponseInALogLine) {
    const auto r = response_in_text("-- Got SIP response 503 \"Service Unavailable\" back from x");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->code, 503);
    EXPECT_EQ(r->reason, "Service Unavailable");
    const auto tshark = response_in_text("Status-Line: SIP/2.0 486 Busy Here");
    ASSERT_TRUE(tshark);
    EXPECT_EQ(tshark->code, 486);
    EXPECT_FALSE(response_in_text("Wrong Guess"));
}

}  // namespace
}  // namespace sipwhy
