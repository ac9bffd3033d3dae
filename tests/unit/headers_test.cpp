#include "cases.hpp"
#include "test_kb.hpp"

#include <sipwhy/analysis/header_explain.hpp>
#include <sipwhy/sip/headers.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

TEST(ParseReason, OneQ850Value) {
    const auto r = parse_reason("Q.850;cause=16;text=\"Normal Clearing\"");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].protocol, "Q.850");
    EXPECT_EQ((*r)[0].cause, 16);
    EXPECT_EQ((*r)[0].text, "Normal Clearing");
}

TEST(ParseReason, SeveralValuesSpacesLocationAndOtherParams) {
    const auto r = parse_reason(
        "SIP ;cause=200 ;text=\"Call completed elsewhere\", "
        "Q.850;cause=21;location=LN;x=\"a,b;c\"");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), 2u);
    EXPECT_EQ((*r)[0].protocol, "SIP");
    EXPECT_EQ((*r)[0].cause, 200);
    EXPECT_EQ((*r)[0].text, "Call completed elsewhere");
    EXPECT_EQ((*r)[1].location, "LN");
    ASSERT_EQ((*r)[1].other_params.size(), 1u);
    EXPECT_EQ((*r)[1].other_params[0].second, "a,b;c");
}

TEST(ParseReason, EscapesInText) {
    const auto r = parse_reason(R"(Q.850;cause=21;text="say \"no\"")");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)[0].text, "say \"no\"");
}

TEST(ParseReason, WithoutCause) {
    const auto r = parse_reason("Q.850");
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE((*r)[0].cause.has_value());
}

TEST(ParseReason, Errors) {
    EXPECT_EQ(parse_reason("Q.850;cause=abc").error().to_string(),
              "cause=abc: the cause of a Reason value must be a decimal number");
    EXPECT_EQ(parse_reason("Q.850;cause=99999999999").error().message,
              "the cause of a Reason value must be a decimal number");
    EXPECT_EQ(parse_reason("Q.850;text=\"open").error().message,
              "unterminated quoted string in Reason header");
    EXPECT_EQ(parse_reason(";cause=16").error().message,
              "a Reason value has no protocol (expected e.g. Q.850 or SIP)");
    EXPECT_EQ(parse_reason(" , ").error().message, "empty Reason header");
}

TEST(ParseWarning, Values) {
    const auto w =
        parse_warning(R"(399 sbc.example.com:5060 "Codec, G.729 not licensed", 305 10.0.0.1 "x")");
    ASSERT_TRUE(w.ok());
    ASSERT_EQ(w->size(), 2u);
    EXPECT_EQ((*w)[0].code, 399);
    EXPECT_EQ((*w)[0].agent, "sbc.example.com:5060");
    EXPECT_EQ((*w)[0].text, "Codec, G.729 not licensed");
    EXPECT_EQ((*w)[1].code, 305);
    EXPECT_EQ(parse_warning("486 host \"x\"").error().to_string(),
              "486: not a warn-code (expected three digits, 300-399)");
    EXPECT_EQ(parse_warning("3999 h").error().source, "3999");
}

TEST(ParseCSeq, NumberAndMethod) {
    EXPECT_EQ(parse_cseq(" 102 INVITE "), (CSeq{102, "INVITE"}));
    EXPECT_EQ(parse_cseq("4294967295 BYE"), (CSeq{4294967295u, "BYE"}));
    EXPECT_FALSE(parse_cseq("4294967296 BYE").has_value());
    EXPECT_FALSE(parse_cseq("INVITE").has_value());
    EXPECT_FALSE(parse_cseq("1 INVITE X").has_value());
}

TEST(UriUser, FromNameAddrAndAddrSpec) {
    test::expect_each<uri_user>({
        {"\"Bob\" <sip:+4420123@trunk.example.net>;tag=abc", "+4420123"},
        {"<sip:1001@pbx;transport=tcp>", "1001"},
        {"sip:alice@example.com;tag=1", "alice"},
        {"<tel:+15551234;phone-context=x>", "+15551234"},
        {"<sip:example.com>", ""},
        {"garbage", ""},
    });
}

TEST(HeaderParam, FindsTags) {
    EXPECT_EQ(header_param("<sip:a@b;x=1>;tag=abc;foo", "tag"), "abc");
    EXPECT_EQ(header_param("sip:a@b;tag=xyz", "TAG"), "xyz");
    EXPECT_EQ(header_param("<sip:a@b;tag=inuri>", "tag"), "");
}

TEST(ExplainReason, NamesCausesAndPlatforms) {
    const KnowledgeBase kb = test::fixture_kb();
    const auto xs = explain_reason(
        kb, *parse_reason("Q.850;cause=17, SIP;cause=486, Q.850;cause=99, FOO;cause=1"));
    ASSERT_EQ(xs.size(), 4u);
    ASSERT_NE(xs[0].q850, nullptr);
    EXPECT_EQ(xs[0].q850->name, "User busy");
    ASSERT_EQ(xs[0].platform_causes.size(), 2u);
    EXPECT_EQ(xs[0].platform_causes[0]->name, "USER_BUSY");
    EXPECT_EQ(xs[0].platform_causes[1]->name, "AST_CAUSE_USER_BUSY");
    EXPECT_TRUE(xs[0].known());
    ASSERT_TRUE(xs[1].sip.has_value());
    EXPECT_EQ(xs[1].sip->category, Category::busy);
    EXPECT_FALSE(xs[2].known());
    EXPECT_FALSE(xs[3].known());
}

}  // namespace
}  // namespace sipwhy
