// sipwhy explain through the real binary: text, --brief, --json, exit statuses, bad usage.
#include "run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace sipwhy::e2e {
namespace {

using Json = nlohmann::json;

// Replaces 486's texts, so that the rendering can be asserted exactly whatever data/ says.
const char* const k_overlay_486 = R"({"codes": [{"code": 486,
  "summary": {"en": "The callee is busy. More text follows here to wrap.", "ru": "Абонент занят."},
  "causes": [{"en": "Another call.", "ru": "Другой вызов."}, {"en": "Do not disturb.", "ru": "Не беспокоить."}],
  "checks": [{"en": "Call later.", "ru": "Позвоните позже."}, {"en": "Ask the callee.", "ru": "Спросите абонента."}],
  "retry": {"en": "Later, with Retry-After.", "ru": "Позже, с учётом Retry-After."},
  "sent_by": ["uas"]}]})";

TEST(Explain, BareCode) {
    const auto r = sipwhy({"486"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "486 Busy Here - busy");
}

TEST(Explain, ExactTextLayout) {
    const auto r = sipwhy({"--kb", temp_file("486.json", k_overlay_486), "486"});
    EXPECT_EQ(r, (Outcome{0,
                          "486 Busy Here - busy\n"
                          "  The callee is busy. More text follows here to wrap.\n"
                          "  Likely causes:\n"
                          "    - Another call.\n"
                          "    - Do not disturb.\n"
                          "  What to check:\n"
                          "    - Call later.\n"
                          "    - Ask the callee.\n"
                          "  Next step: retry_later - Later, with Retry-After.\n" +
                              k_486_tail,
                          ""}));
}

TEST(Explain, ExactTextInRussian) {
    const auto kb = temp_file("486.json", k_overlay_486);
    const auto r = sipwhy({"--kb", kb, "--lang", "ru", "486"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.substr(0, r.out.find("  Следующий шаг")),
              "486 Busy Here - busy\n"
              "  Абонент занят.\n"
              "  Вероятные причины:\n"
              "    - Другой вызов.\n"
              "    - Не беспокоить.\n"
              "  Что проверить:\n"
              "    - Позвоните позже.\n"
              "    - Спросите абонента.\n");
}

TEST(Explain, LanguageFromTheEnvironment) {
    const auto kb = temp_file("486.json", k_overlay_486);
    for (const auto& [var, value] : std::vector<std::pair<std::string, std::string>>{
             {"LANG", "ru_RU.UTF-8"}, {"LC_MESSAGES", "ru_RU.UTF-8"}, {"LC_ALL", "ru_RU.UTF-8"}}) {
        const auto r = sipwhy({.args = {"--kb", kb, "486"}, .env = {{var, value}}});
        EXPECT_TRUE(has(r.out, "Вероятные причины")) << var;
    }
    const auto english =
        sipwhy({.args = {"--kb", kb, "486"}, .env = {{"LC_ALL", "C"}, {"LANG", "ru_RU.UTF-8"}}});
    EXPECT_TRUE(has(english.out, "Likely causes"));
    const auto forced =
        sipwhy({.args = {"--kb", kb, "--lang", "en", "486"}, .env = {{"LANG", "ru_RU.UTF-8"}}});
    EXPECT_TRUE(has(forced.out, "Likely causes"));
}

TEST(Explain, JsonForACarrierVariant) {
    const auto r = sipwhy({"--json", "SIP/2.0 403 Wrong Guess"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    const Json& j = lines[0];
    EXPECT_EQ(j["query"], "SIP/2.0 403 Wrong Guess");
    EXPECT_EQ(j["code"], 403);
    EXPECT_EQ(j["reason"], "Wrong Guess");
    EXPECT_EQ(j["canonical_reason"], "Forbidden");
    EXPECT_EQ(j["class"], "4xx");
    EXPECT_EQ(j["registered"], true);
    EXPECT_EQ(j["category"], "authentication");
    EXPECT_EQ(j["match"], "variant");
    EXPECT_EQ(j["variant"]["phrase"], "Wrong Guess");
    EXPECT_TRUE(j["variant"]["source"].is_string());
    EXPECT_TRUE(j["summary"].is_string());
    EXPECT_TRUE(j["causes"].is_array());
    EXPECT_TRUE(j["checks"].is_array());
    EXPECT_EQ(j["rfc"], "RFC 3261 §21.4.4");
    EXPECT_TRUE(j["mappings"].is_object());
}

// The top-level field names of the first table under the heading that starts with `heading` in
// docs/json.md, in order ("`a`, `b`" rows give both).
// The top-level field names of the table under the heading that starts with `heading` in
// docs/json.md whose first field is `first`, in order ("`a`, `b`" rows give both).
std::vector<std::string> documented_fields(const std::string& heading, const std::string& first) {
    const std::string doc = read_file(std::string(SIPWHY_SOURCE_DIR) + "/docs/json.md");
    auto at = doc.find("\n## " + heading);
    if (at == std::string::npos) {
        ADD_FAILURE() << "no heading " << heading << " in docs/json.md";
        return {};
    }
    const auto section_end = doc.find("\n## ", at + 1);
    while ((at = doc.find("\n| field |", at + 1)) < section_end) {
        std::vector<std::string> fields;
        auto row_at = doc.find('\n', doc.find('\n', at + 1) + 1);  // past the header and ruler
        while (row_at != std::string::npos && doc.compare(row_at + 1, 2, "| ") == 0) {
            const auto end = doc.find('\n', row_at + 1);
            if (end == std::string::npos) {
                break;
            }
            const std::string row = doc.substr(row_at + 1, end - row_at - 1);
            const std::string names = row.substr(2, row.find(" |", 2) - 2);
            std::size_t q = 0;
            while ((q = names.find('`', q)) != std::string::npos) {
                const auto close = names.find('`', q + 1);
                if (close == std::string::npos) {
                    break;
                }
                const std::string name = names.substr(q + 1, close - q - 1);
                if (name.find('.') == std::string::npos) {  // "mappings.q850" is inside a field
                    fields.push_back(name);
                }
                q = close + 1;
            }
            row_at = end;
        }
        if (!fields.empty() && fields.front() == first) {
            return fields;
        }
    }
    ADD_FAILURE() << "no table of fields starting with " << first << " under " << heading;
    return {};
}

std::vector<std::string> keys_of(const std::string& json_line) {
    std::vector<std::string> keys;
    const auto ordered = nlohmann::ordered_json::parse(json_line);  // items() refers to it
    for (const auto& [k, v] : ordered.items()) {
        keys.push_back(k);
    }
    return keys;
}

TEST(Explain, JsonHasTheDocumentedFieldsInOrder) {
    const auto r = sipwhy({"--json", "486"});
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(keys_of(r.out), documented_fields("Explanation", "query"));
    EXPECT_EQ(lines[0]["reason"], nullptr);
    EXPECT_EQ(lines[0]["match"], "code_only");
    EXPECT_EQ(lines[0]["variant"], nullptr);
    EXPECT_EQ(lines[0]["mappings"]["q850"]["cause"], 17);
    EXPECT_EQ(lines[0]["mappings"]["freeswitch"]["cause"], "USER_BUSY");
    EXPECT_EQ(lines[0]["mappings"]["asterisk"]["cause"], "AST_CAUSE_USER_BUSY");
}

// Responses found in a log, and call verdicts, have the fields docs/json.md lists, in its order.
TEST(Explain, ScanJsonHasTheDocumentedFieldsInOrder) {
    const std::string log =
        temp_file("one.log", "SIP/2.0 486 Busy Here\r\nCall-ID: j1\r\nCSeq: 1 INVITE\r\n\r\n");
    const auto response = sipwhy({"--json", log});
    EXPECT_EQ(keys_of(response.out.substr(0, response.out.find('\n'))),
              documented_fields("Responses in logs", "source"));
    const auto call = sipwhy({"--json", "--calls", log});
    EXPECT_EQ(keys_of(call.out.substr(0, call.out.find('\n'))),
              documented_fields("Calls", "call_id"));
}

TEST(Explain, SeveralQueriesAndPhrasesOverSeveralArguments) {
    const auto r = sipwhy({"--json", "401", "407", "486", "Busy", "Here"});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0]["code"], 401);
    EXPECT_EQ(lines[1]["code"], 407);
    EXPECT_EQ(lines[2]["query"], "486 Busy Here");
    EXPECT_EQ(lines[2]["match"], "exact");
}

TEST(Explain, BriefIsOneLinePerQuery) {
    const auto r = sipwhy({"--brief", "401", "SIP/2.0 480 No money left", "493 Undeciperable"});
    EXPECT_EQ(r.status, 0);
    std::istringstream in(r.out);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].rfind("401 Unauthorized - authentication - authenticate - ", 0), 0u)
        << lines[0];
    EXPECT_EQ(lines[1].rfind("480 No money left - billing - ", 0), 0u) << lines[1];
    EXPECT_EQ(lines[2].rfind("493 Undeciperable - security - fix_request - ", 0), 0u) << lines[2];
}

TEST(Explain, ClassPatternListsCodes) {
    const auto r = sipwhy({"48x"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')).rfind("Code  Phrase", 0), 0u);
    EXPECT_TRUE(has(r.out, "\n486   Busy Here "));
    EXPECT_TRUE(has(r.out, "\n489   Bad Event "));
    const auto json = sipwhy({"--json", "48x"});
    const auto lines = json_lines(json.out);
    EXPECT_EQ(lines.size(), 10u);  // 480-489
    for (const auto& j : lines) {
        EXPECT_EQ(j["query"], "48x");
    }
}

TEST(Explain, UnknownCodeGetsItsClassAndExitsOne) {
    const auto r = sipwhy({"--json", "455"});
    EXPECT_EQ(status_err(r), (StatusText{1, ""}));
    const auto j = json_lines(r.out).at(0);
    EXPECT_EQ(j["code"], 455);
    EXPECT_EQ(j["match"], "class_only");
    EXPECT_EQ(j["registered"], false);
    EXPECT_EQ(j["canonical_reason"], nullptr);
    EXPECT_EQ(j["next_step"], "fix_request");
    EXPECT_EQ(j["treated_as"], 400);
    EXPECT_TRUE(j["summary"].is_string());
    // One unresolved query among resolved ones still exits 1, and everything is printed.
    const auto mixed = sipwhy({"--brief", "486", "455"});
    EXPECT_EQ(mixed.status, 1);
    EXPECT_EQ(std::count(mixed.out.begin(), mixed.out.end(), '\n'), 2);
}

TEST(Explain, UnregisteredCodeWithAKnownVendorUse) {
    const auto r = sipwhy({"--json", "477"});
    EXPECT_EQ(r.status, 0);
    const auto j = json_lines(r.out).at(0);
    EXPECT_EQ(j["registered"], false);
    EXPECT_EQ(j["category"], "network");
    EXPECT_TRUE(j["origin"].is_string());
    const auto text = sipwhy({"477"});
    EXPECT_TRUE(
        has(text.out,
            "\n  Not IANA-registered: a client that does not know 477 treats it as 400 Bad\n"
            "  Request (RFC 3261 §8.1.3.2).\n"));
    EXPECT_TRUE(has(text.out, "\n  Source: kamailio/kamailio"));
}

TEST(Explain, QueriesFromStdin) {
    const auto r =
        sipwhy({.args = {"--brief", "explain", "-"}, .input = "486\n\n  SIP/2.0 603 Decline\r\n"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
    EXPECT_EQ(r.out.rfind("486 Busy Here - busy", 0), 0u);
    EXPECT_TRUE(has(r.out, "\n603 Decline - declined"));
}

TEST(Explain, ExplicitExplainTakesBarePhrases) {
    const auto r = sipwhy({"--json", "explain", "No money left"});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0]["code"], 480);
    EXPECT_EQ(lines[0]["match"], "variant");
}

TEST(Explain, QuietPrintsNothing) {
    EXPECT_EQ(sipwhy({"-q", "486"}).out, "");
    EXPECT_EQ(sipwhy({"-q", "486"}).status, 0);
    EXPECT_EQ(sipwhy({"-q", "455"}).status, 1);
}

TEST(Explain, ColourOnlyWhenAskedFor) {
    EXPECT_EQ(sipwhy({"486"}).out.find('\x1b'), std::string::npos);
    EXPECT_NE(sipwhy({"--color=always", "486"}).out.find("\x1b[1m486 Busy Here\x1b[0m"),
              std::string::npos);
    EXPECT_EQ(sipwhy({"--color=never", "486"}).out.find('\x1b'), std::string::npos);
    const auto no_color = sipwhy({.args = {"--color", "auto", "486"}, .env = {{"NO_COLOR", "1"}}});
    EXPECT_EQ(no_color.out.find('\x1b'), std::string::npos);
}

TEST(Explain, MalformedQueriesAreErrorsButTheRestIsExplained) {
    const auto r = sipwhy({"--brief", "4860", "486"});
    EXPECT_EQ(status_err(r),
              (StatusText{
                  2,
                  "sipwhy: error: \"4860\": not a SIP status code (expected three digits, 100-699) "
                  "(read as a query; sipwhy scan \"4860\" reads it as a file)\n"}));
    EXPECT_EQ(r.out.rfind("486 Busy Here - busy", 0), 0u);
    EXPECT_EQ(sipwhy({"SIP/2.0 4294967301 better not break the receiver"}).err,
              "sipwhy: error: \"4294967301\": status code is not three digits\n");
    EXPECT_EQ(sipwhy({"7xx"}).err,
              "sipwhy: error: \"7xx\": no such response class (SIP classes are 1xx to 6xx)\n");
}

// A status line with its version in lower case (RFC 3261 §7.1) is explained as a log reads it.
TEST(Explain, AVersionInLowerCase) {
    const auto r = sipwhy({"--brief", "sip/2.0 486 Busy Here"});
    EXPECT_EQ(r, (Outcome{0, sipwhy({"--brief", "SIP/2.0 486 Busy Here"}).out, ""}));
    EXPECT_EQ(r.out.rfind("486 Busy Here - busy", 0), 0u);
}

TEST(Explain, BadUsage) {
    const auto bogus = sipwhy({"--bogus", "486"});
    EXPECT_EQ(bogus,
              (Outcome{2, "", "sipwhy: error: unknown option --bogus (see sipwhy --help)\n"}));
    const auto color = sipwhy({"--color=sometimes", "486"});
    EXPECT_EQ(color.status, 2);
    EXPECT_EQ(color.err.rfind("sipwhy: error: --color: sometimes not in {", 0), 0u) << color.err;
    const auto both = sipwhy({"--json", "--brief", "486"});
    EXPECT_EQ(status_err(both),
              (StatusText{2, "sipwhy: error: --json and --brief cannot be combined\n"}));
    const auto empty = sipwhy({"explain"});
    EXPECT_EQ(
        status_err(empty),
        (StatusText{2, "sipwhy: error: explain needs a query, or - to read queries from stdin\n"}));
}

TEST(Explain, HelpAndVersion) {
    const auto help = sipwhy({"--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_EQ(help.out.rfind("sipwhy: why did this SIP call or registration fail?", 0), 0u);
    EXPECT_TRUE(has(help.out, "Examples:"));
    EXPECT_TRUE(has(help.out, "--json"));
    EXPECT_TRUE(has(help.out, "Exit status:"));
    const auto version = sipwhy({"--version"});
    EXPECT_EQ(version.status, 0);
    EXPECT_EQ(version.out.rfind("sipwhy ", 0), 0u);
    EXPECT_TRUE(has(version.out, "\nknowledge base "));
}

TEST(Explain, BrokenPipeEndsQuietly) {
    std::string input;
    for (int i = 0; i < 20000; ++i) {
        input += "486\n";
    }
    const auto r = sipwhy({.args = {"explain", "-"}, .input = input, .read_limit = 100});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
}

TEST(Explain, MalformedKnowledgeBaseFile) {
    const auto kb = temp_file("bad.json", "{\n  \"codes\": [\n    {\"code\": tru}\n  ]\n}");
    const auto r = sipwhy({"--kb", kb, "486"});
    EXPECT_EQ(r,
              (Outcome{2, "",
                       "sipwhy: error: " + kb +
                           ":3:17: syntax error while parsing value - invalid literal; last read: "
                           "'\"code\": tru}'\n"}));
}

TEST(Explain, InvalidKnowledgeBaseEntriesAreAllReported) {
    const auto kb =
        temp_file("bad.json", R"({"codes": [{"code": 486, "category": "bsy"}, {"code": 99}]})");
    const auto r = sipwhy({"--kb", kb, "486"});
    EXPECT_EQ(status_err(r),
              (StatusText{
                  2, "sipwhy: error: " + kb +
                         ": /codes/0/category: unknown category \"bsy\" (did you mean \"busy\"?)\n"
                         "sipwhy: error: " +
                         kb + ": /codes/1/code: 99 is out of range 100-699\n"}));
}

TEST(Explain, MissingKnowledgeBaseFile) {
    const auto r = sipwhy({"--kb", "/nonexistent/site.json", "486"});
    EXPECT_EQ(
        status_err(r),
        (StatusText{
            2,
            "sipwhy: error: cannot read knowledge-base file \"/nonexistent/site.json\": No such "
            "file or directory\n"}));
}

TEST(Explain, SiteKnowledgeBaseFromTheEnvironment) {
    const auto first =
        temp_file("first.json", R"({"variants": [{"code": 480, "phrase": "Trunk asleep",
        "meaning": "Our trunk is in its nightly maintenance.", "category": "capacity", "kind": "carrier",
        "vendor": "ACME", "source": "ACME NOC"}]})");
    const auto second =
        temp_file("second.json", R"({"variants": [{"code": 480, "phrase": "Trunk asleep",
        "meaning": "Overridden by the command line.", "category": "capacity", "kind": "carrier",
        "source": "local"}]})");
    const auto r =
        sipwhy({.args = {"--json", "480 Trunk asleep"}, .env = {{"SIPWHY_KB", ":" + first + ":"}}});
    EXPECT_EQ(r.status, 0) << r.err;
    const auto j = json_lines(r.out).at(0);
    EXPECT_EQ(j["match"], "variant");
    EXPECT_EQ(j["category"], "capacity");
    EXPECT_EQ(j["variant"]["vendor"], "ACME");
    const auto both = sipwhy(
        {.args = {"--json", "--kb", second, "480 Trunk asleep"}, .env = {{"SIPWHY_KB", first}}});
    EXPECT_EQ(json_lines(both.out).at(0)["variant"]["meaning"], "Overridden by the command line.");
}

TEST(Explain, WorksFromAnyDirectory) {
    const auto r = sipwhy(Invocation{.args = {"486"}, .cwd = "/"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "486 Busy Here - busy");
}

}  // namespace
}  // namespace sipwhy::e2e

namespace sipwhy::e2e {
namespace {

TEST(ExplainHeaders, ReasonNamesTheQ850Cause) {
    const auto r = sipwhy({"Reason: Q.850;cause=16"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.substr(0, r.out.find('\n', r.out.find('\n') + 1)),
              "Reason: Q.850;cause=16\n  Q.850 cause 16: Normal call clearing - success");
    const auto json = sipwhy({"--json", "Reason: Q.850;cause=16;text=\"Normal Clearing\""});
    const auto j = nlohmann::json::parse(json.out);
    EXPECT_EQ(j["header"], "Reason");
    EXPECT_EQ(j["values"][0]["protocol"], "Q.850");
    EXPECT_EQ(j["values"][0]["cause"], 16);
    EXPECT_EQ(j["values"][0]["name"], "Normal call clearing");
    EXPECT_EQ(j["values"][0]["text"], "Normal Clearing");
    EXPECT_EQ(j["values"][0]["platforms"]["freeswitch"], "NORMAL_CLEARING");
    EXPECT_EQ(j["values"][0]["platforms"]["asterisk"], "AST_CAUSE_NORMAL_CLEARING");
}

TEST(ExplainHeaders, SeveralReasonsInOneHeader) {
    const auto r = sipwhy(
        {"--brief", "Reason: SIP;cause=200;text=\"Call completed elsewhere\", Q.850;cause=26"});
    EXPECT_EQ(status_out(r),
              (StatusText{0,
                          "Reason SIP cause 200: 200 OK - success - \"Call completed elsewhere\"\n"
                          "Reason Q.850 cause 26: Non-selected user clearing - canceled\n"}));
}

TEST(ExplainHeaders, WarningCodes) {
    const auto r =
        sipwhy({"--brief", "Warning:", "399", "sbc.example.com", "\"Codec not licensed\""});
    EXPECT_EQ(status_out(r),
              (StatusText{0, "Warning 399 Miscellaneous warning - \"Codec not licensed\"\n"}));
    const auto j = nlohmann::json::parse(sipwhy({"--json", "Warning: 305 10.0.0.1 \"x\""}).out);
    EXPECT_EQ(j["header"], "Warning");
    EXPECT_EQ(j["values"][0]["code"], 305);
    EXPECT_EQ(j["values"][0]["name"], "Incompatible media format");
    EXPECT_EQ(j["values"][0]["rfc"], "RFC 3261 §20.43");
}

TEST(ExplainHeaders, UnknownValuesExitOneAndMalformedTwo) {
    EXPECT_EQ(sipwhy({"Reason: FOO;cause=1"}).status, 1);
    EXPECT_EQ(sipwhy({"Reason: Q.850;cause=120"}).status, 1);
    const auto bad = sipwhy({"Reason: Q.850;cause=x"});
    EXPECT_EQ(
        status_err(bad),
        (StatusText{
            2,
            "sipwhy: error: \"cause=x\": the cause of a Reason value must be a decimal number\n"}));
}

}  // namespace
}  // namespace sipwhy::e2e
