// Knowledge-base loading: every violation reported, with file, JSON path or line:column, exact
// text.
#include "test_kb.hpp"

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/kb/knowledge_base.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace sipwhy {
namespace {

std::vector<std::string> load_errors(KnowledgeBase& kb, std::string_view json) {
    std::vector<std::string> out;
    for (const auto& d : kb.load("site.json", json)) {
        out.push_back(d.to_string());
    }
    return out;
}

std::vector<std::string> load_errors(std::string_view json) {
    KnowledgeBase kb = test::fixture_kb();
    return load_errors(kb, json);
}

TEST(KbLoad, SyntaxErrorsGiveLineAndColumn) {
    EXPECT_EQ(load_errors("{\n  \"codes\": [\n    {\"code\": tru}\n  ]\n}"),
              (std::vector<std::string>{
                  "site.json:3:17: syntax error while parsing value - invalid literal; last read: "
                  "'\"code\": tru}'"}));
    EXPECT_EQ(load_errors("{\"variants\": [],}"),
              (std::vector<std::string>{"site.json:1:17: syntax error while parsing object key - "
                                        "unexpected '}'; expected string literal"}));
    EXPECT_EQ(load_errors(""), (std::vector<std::string>{
                                   "site.json:1:1: syntax error while parsing value - "
                                   "unexpected end of input; expected '[', '{', or a literal"}));
}

TEST(KbLoad, ReportsEveryViolationWithItsPath) {
    const auto errors = load_errors(R"({
      "codes": [
        {"code": 486, "class": "5xx", "category": "bsy"},
        {"code": 1000},
        {"code": 455, "reason": "New"}
      ],
      "variants": [
        {"code": 403, "phrase": "Out of money", "meaning": {"en": "No credit.", "fr": "x"},
         "category": "billing", "kind": "carier", "source": "site", "meanning": "x"}
      ],
      "colours": []
    })");
    EXPECT_EQ(
        errors,
        (std::vector<std::string>{
            "site.json: /codes/0/class: class \"5xx\" does not match code 486 (expected \"4xx\")",
            "site.json: /codes/0/category: unknown category \"bsy\" (did you mean \"busy\"?)",
            "site.json: /codes/1/code: 1000 is out of range 100-699",
            "site.json: /codes/2: missing required field \"class\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"registered\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"category\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"next_step\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"sent_by\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"summary\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"causes\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"checks\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"retry\" (code 455 is new)",
            "site.json: /codes/2: missing required field \"rfc\" (code 455 is new)",
            "site.json: /variants/0/meanning: unknown field \"meanning\" (did you mean "
            "\"meaning\"?)",
            "site.json: /variants/0/meaning/fr: unknown language \"fr\"",
            "site.json: /variants/0/kind: unknown variant kind \"carier\" (did you mean "
            "\"carrier\"?)",
            "site.json: /colours: unknown section \"colours\"",
        }));
}

TEST(KbLoad, WrongTypesAreNamed) {
    EXPECT_EQ(load_errors(R"({"codes": {"code": 486}})"),
              (std::vector<std::string>{"site.json: /codes: expected an array"}));
    EXPECT_EQ(load_errors(R"({"codes": [{"code": "486"}]})"),
              (std::vector<std::string>{"site.json: /codes/0/code: expected an integer"}));
    EXPECT_EQ(load_errors(R"({"codes": [{"code": 486, "summary": 5, "causes": []}]})"),
              (std::vector<std::string>{
                  "site.json: /codes/0/summary: expected a text: a string, or an object with "
                  "\"en\" and/or \"ru\"",
                  "site.json: /codes/0/causes: expected an array of 1 to 10 texts"}));
    EXPECT_EQ(load_errors(R"([1, 2])"),
              (std::vector<std::string>{
                  "site.json: expected a JSON object with knowledge-base sections"}));
}

TEST(KbLoad, DuplicatesInOneFileAreErrors) {
    EXPECT_EQ(
        load_errors(R"({"codes": [{"code": 486, "retry": "a"}, {"code": 486, "retry": "b"}],
                             "variants": [
      {"code": 486, "phrase": "Busy!", "meaning": "x", "category": "busy", "kind": "carrier", "source": "s"},
      {"code": 486, "phrase": "busy", "meaning": "y", "category": "busy", "kind": "carrier", "source": "s"}]})"),
        (std::vector<std::string>{"site.json: /codes/1: duplicate code 486 (first at /codes/0)",
                                  "site.json: /variants/1: duplicate variant \"busy\" of code 486 "
                                  "(first at /variants/0)"}));
}

// Every keyed section, not codes and variants alone: a second entry with the same key in one
// file would silently replace the first.
TEST(KbLoad, DuplicatesInEveryKeyedSectionAreErrors) {
    const std::string q850 =
        R"({"cause": 17, "name": "User busy", "class": "normal", "meaning": "Busy.", "to_sip": 486,
            "from_sip": [486]})";
    EXPECT_EQ(load_errors(R"({"q850": [)" + q850 + ", " + q850 + R"(],
      "option_tags": [{"tag": "100rel", "rfc": "RFC 3262", "meaning": "PRACK"},
                      {"tag": "100REL", "rfc": "RFC 3262", "meaning": "PRACK"}]})"),
              (std::vector<std::string>{
                  "site.json: /q850/1: duplicate Q.850 cause 17 (first at /q850/0)",
                  "site.json: /option_tags/1: duplicate option tag 100REL (first at "
                  "/option_tags/0)"}));
}

TEST(KbLoad, AFailedLoadChangesNothing) {
    KnowledgeBase kb = test::fixture_kb();
    EXPECT_FALSE(
        load_errors(kb, R"({"codes": [{"code": 486, "category": "media"}, {"code": 1}]})").empty());
    EXPECT_EQ(kb.code(486)->category, Category::busy);
}

TEST(KbLoad, LaterFilesOverrideFieldByField) {
    KnowledgeBase kb = test::fixture_kb();
    EXPECT_TRUE(load_errors(kb, R"({"codes": [{"code": 486, "category": "capacity",
                                   "checks": ["Ask the carrier for more channels."]}]})")
                    .empty());
    const CodeEntry* e = kb.code(486);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->category, Category::capacity);
    ASSERT_EQ(e->checks.size(), 1u);
    EXPECT_EQ(e->checks[0].in(Lang::en), "Ask the carrier for more channels.");
    EXPECT_EQ(e->reason, "Busy Here");
    EXPECT_EQ(e->summary.in(Lang::en), "The callee is busy.");
}

TEST(KbLoad, LaterFilesAddVariantsAndCodes) {
    KnowledgeBase kb = test::fixture_kb();
    EXPECT_TRUE(load_errors(kb, R"({
      "variants": [
        {"code": 480, "phrase": "Subscriber out of credit", "meaning": "The caller has no money.",
         "category": "billing", "kind": "carrier", "vendor": "ACME Telecom", "source": "ACME support"},
        {"code": 403, "phrase": "Wrong Guess", "meaning": "Our password check failed.",
         "category": "authentication", "kind": "carrier", "source": "ours"}
      ],
      "codes": [
        {"code": 455, "class": "4xx", "reason": "Site Rule", "registered": false,
         "origin": "Our SBC's script.", "source": "sbc.cfg", "category": "forbidden",
         "next_step": "stop", "sent_by": ["b2bua"], "summary": "Our SBC refused.",
         "causes": ["A rule."], "checks": ["Read the rule."], "retry": "No."}
      ]})")
                    .empty());
    const auto x = explain_status(kb, 480, "subscriber out of credit");
    ASSERT_NE(x.variant, nullptr);
    EXPECT_EQ(x.variant->vendor, "ACME Telecom");
    EXPECT_EQ(x.category, Category::billing);
    EXPECT_EQ(explain_status(kb, 403, "Wrong Guess").variant->meaning.in(Lang::en),
              "Our password check failed.");
    EXPECT_EQ(kb.variants_of(403).size(), 2u);
    ASSERT_NE(kb.code(455), nullptr);
    EXPECT_FALSE(kb.code(455)->registered);
}

TEST(KbLoad, PlainStringsAreEnglishTexts) {
    KnowledgeBase kb = test::fixture_kb();
    EXPECT_TRUE(load_errors(kb, R"({"codes": [{"code": 486, "summary": "Busy."}]})").empty());
    EXPECT_EQ(kb.code(486)->summary.in(Lang::en), "Busy.");
    EXPECT_EQ(kb.code(486)->summary.in(Lang::ru), "Busy.");
}

TEST(KbLoad, OverlapIsAnErrorWhenOverridesAreOff) {
    KnowledgeBase kb = test::fixture_kb();
    const auto diags = kb.load("data/b.json", R"({"codes": [{"code": 486, "retry": "x"}]})", false);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].to_string(),
              "data/b.json: /codes/0: code 486 is already defined by an earlier file");
}

// Two data files that define the same Q.850 cause (or any keyed entry) are an error at build
// time, as two that define the same code are.
TEST(KbLoad, OverlapInAnyKeyedSectionIsAnErrorWhenOverridesAreOff) {
    KnowledgeBase kb = test::fixture_kb();
    const auto diags = kb.load("data/b.json", R"({
      "q850": [{"cause": 17, "name": "User busy", "class": "normal", "meaning": "Busy.",
                "to_sip": 486, "from_sip": [486]}],
      "platforms": [{"id": "asterisk", "name": "Asterisk", "source": "chan_sip"}]})",
                               false);
    ASSERT_EQ(diags.size(), 2u);
    EXPECT_EQ(diags[0].to_string(),
              "data/b.json: /q850/0: Q.850 cause 17 is already defined by an earlier file");
    EXPECT_EQ(diags[0].to_string(Lang::ru),
              "data/b.json: /q850/0: причина Q.850 17 уже есть в более раннем файле");
    EXPECT_EQ(diags[1].to_string(),
              "data/b.json: /platforms/0: platform asterisk is already defined by an earlier file");
    // With overrides on (a site's --kb file), the later entry replaces the earlier.
    EXPECT_TRUE(kb.load("site.json", R"({"q850": [{"cause": 17, "name": "Busy!", "class":
        "normal", "meaning": "Busy.", "to_sip": 486, "from_sip": [486]}]})")
                    .empty());
    EXPECT_EQ(kb.q850(17)->name, "Busy!");
}

TEST(KbLoad, DiagnosticsAreWordedInRussianToo) {
    KnowledgeBase kb = test::fixture_kb();
    const auto diags = kb.load("site.json", R"({
      "codes": [{"code": 486, "category": "bsy", "retyr": "x"}, {"code": 1000}, {"code": 455}],
      "colours": []
    })");
    std::vector<std::string> en;
    std::vector<std::string> ru;
    for (const auto& d : diags) {
        en.push_back(d.to_string(Lang::en));
        ru.push_back(d.to_string(Lang::ru));
        EXPECT_EQ(d.to_string(), d.to_string(Lang::en));
    }
    ASSERT_EQ(ru.size(), 15u);
    EXPECT_EQ(en[0],
              "site.json: /codes/0/retyr: unknown field \"retyr\" (did you mean \"retry\"?)");
    EXPECT_EQ(ru[0],
              "site.json: /codes/0/retyr: неизвестное поле \"retyr\" (может быть, «retry»?)");
    EXPECT_EQ(en[1],
              "site.json: /codes/0/category: unknown category \"bsy\" (did you mean "
              "\"busy\"?)");
    EXPECT_EQ(ru[1],
              "site.json: /codes/0/category: неизвестная категория \"bsy\" (может быть, "
              "«busy»?)");
    EXPECT_EQ(ru[2], "site.json: /codes/1/code: 1000 вне диапазона 100-699");
    EXPECT_EQ(ru[3], "site.json: /codes/2: нет обязательного поля \"class\" (код 455 новый)");
    EXPECT_EQ(ru[14], "site.json: /colours: неизвестный раздел \"colours\"");
    const auto type = kb.load("site.json", R"({"codes": [{"code": 486, "next_step": 5}]})");
    ASSERT_EQ(type.size(), 1u);
    EXPECT_EQ(type[0].to_string(Lang::en),
              "site.json: /codes/0/next_step: expected a next step id");
    EXPECT_EQ(type[0].to_string(Lang::ru),
              "site.json: /codes/0/next_step: ожидается id следующего шага");
    // A syntax error keeps nlohmann's detail behind a Russian lead.
    const auto syntax = kb.load("site.json", "{\"codes\": [,]}");
    ASSERT_EQ(syntax.size(), 1u);
    EXPECT_EQ(syntax[0].to_string(Lang::ru),
              "site.json:1:12: ошибка синтаксиса JSON при разборе значения: unexpected ','; "
              "expected '[', '{', or a literal");
}

TEST(KbLoad, DiagnosticWithoutRussianSaysItsEnglish) {
    const Diagnostic both{"site.json", 0, 0, "/codes", "expected an array", "ожидается массив"};
    EXPECT_EQ(both.to_string(Lang::en), "site.json: /codes: expected an array");
    EXPECT_EQ(both.to_string(Lang::ru), "site.json: /codes: ожидается массив");
    const Diagnostic english{"site.json", 2, 5, "", "invalid literal"};
    EXPECT_EQ(english.to_string(Lang::ru), "site.json:2:5: invalid literal");
}

TEST(KbCheckComplete, NamesWhatIsMissing) {
    KnowledgeBase kb = test::fixture_kb();
    const auto diags = check_complete(kb.data());
    std::vector<std::string> text;
    for (const auto& d : diags) {
        text.push_back(d.to_string());
    }
    EXPECT_NE(
        std::find(text.begin(), text.end(), "knowledge base: category \"busy\" has no description"),
        text.end());
    EXPECT_NE(std::find(text.begin(), text.end(),
                        "knowledge base: variant \"DNS Error\" names code 503, which has no entry"),
              text.end());
    EXPECT_NE(
        std::find(text.begin(), text.end(), "knowledge base: platform \"sipjs\" has no entry"),
        text.end());
}

}  // namespace
}  // namespace sipwhy
