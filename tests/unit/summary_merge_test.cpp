// Summing --summary --json objects: counts add, rows keep the summary's order, and a part that is
// not a summary is refused whole.
#include <sipwhy/report/scan_report.hpp>
#include <sipwhy/report/summary_merge.hpp>

#include <sipwhy/render/summary.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <tuple>
#include <vector>

namespace sipwhy {
namespace {

std::string rendered(const SummaryMerge& m) {
    std::ostringstream out;
    m.render_json(out);
    return out.str();
}

const std::string k_a =
    R"({"summary":true,"total":3,"by_code":[)"
    R"({"code":486,"reason":"Busy Here","count":2,"category":"busy","next_step":"retry_later","meaning":"Busy."},)"
    R"({"code":200,"reason":"OK","count":1,"category":"success","next_step":"none","meaning":null}],)"
    R"("by_class":{"1xx":0,"2xx":1,"3xx":0,"4xx":2,"5xx":0,"6xx":0},"by_category":{"success":1,"busy":2}})";
const std::string k_b =
    R"({"summary":true,"total":2,"by_code":[)"
    R"({"code":200,"reason":"OK","count":1,"category":"success","next_step":"none","meaning":null},)"
    R"({"code":603,"reason":"Decline","count":1,"category":"declined","next_step":"stop","meaning":"No."}],)"
    R"("by_class":{"1xx":0,"2xx":1,"3xx":0,"4xx":0,"5xx":0,"6xx":1},"by_category":{"success":1,"declined":1},)"
    R"("malformed":2,"skipped":1})";

// Two inputs' summaries merged in input order render what one summary of both renders, the
// phrase limit included: a phrase new in the second input goes to the other phrases when the
// first input already reached the limit, as in one scan.
TEST(ScanSummaryMerge, PartsMergedInOrderEqualOneSummary) {
    const KnowledgeBase kb = KnowledgeBase::builtin();
    ExplanationCache cache(kb);
    using Response = std::tuple<int, std::string, int>;  // code, phrase, how many
    const std::vector<Response> first = {
        {486, "Busy Here", 3}, {480, "No money left", 1}, {200, "OK", 2}, {503, "Maintenance", 1}};
    const std::vector<Response> second = {{486, "Busy Here", 1},
                                          {603, "Decline", 2},
                                          {480, "Gone fishing", 1},
                                          {503, "Maintenance", 2}};
    const auto add = [&](ScanSummary& s, const std::vector<Response>& responses) {
        for (const auto& [code, phrase, n] : responses) {
            const Explanation& x = cache.get(code, phrase);
            for (int i = 0; i < n; ++i) {
                s.add(code, phrase, x, x.category);
            }
        }
        s.add_malformed();
    };
    for (const std::size_t limit : {std::size_t{10000}, std::size_t{4}}) {
        ScanSummary whole(limit);
        add(whole, first);
        add(whole, second);
        ScanSummary a(limit);
        ScanSummary b(limit);
        add(a, first);
        add(b, second);
        a.merge(b);
        std::ostringstream want;
        std::ostringstream got;
        render_summary_json(want, whole, Lang::en);
        render_summary_json(got, a, Lang::en);
        EXPECT_EQ(got.str(), want.str()) << limit;
        EXPECT_EQ(a.total(), 13u);
    }
    ScanSummary limited(4);
    add(limited, first);
    add(limited, second);
    std::ostringstream text;
    render_summary_json(text, limited, Lang::en);
    EXPECT_NE(text.str().find(R"x("code":480,"reason":"(other phrases)","count":1)x"),
              std::string::npos)
        << text.str();
}

// Findings counts add up too, by count and then by id as the summary orders them.
TEST(SummaryMerge, FindingsCountsAdd) {
    SummaryMerge m;
    EXPECT_FALSE(m.add(
        R"({"summary":true,"total":1,"by_code":[],"by_finding":{"sender":1,"retry_after":1}})"));
    EXPECT_FALSE(
        m.add(R"({"summary":true,"total":1,"by_code":[],"by_finding":{"retry_after":2}})"));
    const std::string out = rendered(m);
    EXPECT_NE(out.find(R"("by_finding":{"retry_after":3,"sender":1})"), std::string::npos) << out;
    EXPECT_TRUE(m.add(R"({"summary":true,"total":1,"by_finding":{"x":-1}})"));
}

TEST(SummaryMerge, CountsAddAndRowsKeepTheSummarysOrder) {
    SummaryMerge m;
    EXPECT_FALSE(m.add(k_a));
    EXPECT_FALSE(m.add(k_b));
    EXPECT_EQ(m.total(), 5u);
    EXPECT_EQ(m.parts(), 2u);
    // Ties (200 and 486 both 2) go by code, categories in the order of their ids.
    EXPECT_EQ(
        rendered(m),
        R"({"summary":true,"total":5,"by_code":[)"
        R"({"code":200,"reason":"OK","count":2,"category":"success","next_step":"none","meaning":null},)"
        R"({"code":486,"reason":"Busy Here","count":2,"category":"busy","next_step":"retry_later","meaning":"Busy."},)"
        R"({"code":603,"reason":"Decline","count":1,"category":"declined","next_step":"stop","meaning":"No."}],)"
        R"("by_class":{"1xx":0,"2xx":2,"3xx":0,"4xx":2,"5xx":0,"6xx":1},)"
        R"("by_category":{"success":2,"busy":2,"declined":1},"by_finding":{},)"
        R"("malformed":2,"skipped":1})"
        "\n");
}

// The malformed status lines and skipped files add up; a summary from before they were counted
// adds none.
TEST(SummaryMerge, MalformedAndSkippedCountsAdd) {
    SummaryMerge m;
    EXPECT_FALSE(m.add(R"({"summary":true,"total":0,"by_code":[],"malformed":3,"skipped":1})"));
    EXPECT_FALSE(m.add(R"({"summary":true,"total":0,"by_code":[]})"));
    EXPECT_FALSE(m.add(R"({"summary":true,"total":0,"by_code":[],"malformed":1})"));
    const std::string out = rendered(m);
    EXPECT_NE(out.find(R"("malformed":4,"skipped":1)"), std::string::npos) << out;
    EXPECT_EQ(m.add(R"({"summary":true,"total":0,"by_code":[],"malformed":"2"})"),
              std::optional<std::string>(R"("malformed" is not a count)"));
}

TEST(SummaryMerge, APartThatIsNoSummaryChangesNothing) {
    SummaryMerge m;
    EXPECT_FALSE(m.add(k_a));
    const std::string before = rendered(m);
    EXPECT_EQ(m.add("[1, 2]"), "not a summary (sipwhy --summary --json prints one)");
    EXPECT_EQ(m.add("{"), "not JSON");
    EXPECT_EQ(m.add(R"({"summary":true,"total":1,"by_code":[{"code":486,"reason":"Busy Here",)"
                    R"("count":1,"category":"busy","next_step":"retry_later"}],)"
                    R"("by_category":{"bogus":1}})"),
              "by_category.bogus is not a category with a count");
    EXPECT_EQ(m.add(R"({"summary":true,"total":1,"by_code":[{"code":99,"reason":"x","count":1,)"
                    R"("category":"busy","next_step":"stop"}]})"),
              "by_code[0].code 99 is not a status code");
    EXPECT_EQ(rendered(m), before);
    EXPECT_EQ(m.parts(), 1u);
}

TEST(SummaryMerge, CsvAsTheSummaryPrintsIt) {
    SummaryMerge m;
    EXPECT_FALSE(m.add(k_a));
    std::ostringstream out;
    m.render_csv(out);
    EXPECT_EQ(out.str(),
              "count,code,reason,category,next_step,meaning\n"
              "2,486,Busy Here,busy,retry_later,Busy.\n"
              "1,200,OK,success,none,\n");
}

}  // namespace
}  // namespace sipwhy
