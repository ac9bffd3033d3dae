// Corrections of the knowledge base and of how explanations use it, through the real binary:
// the next step's advice, a variant's own cause, RFC 3398's defaults, and texts that once
// disagreed with their sources.
#include "run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sipwhy::e2e {
namespace {

using Json = nlohmann::json;

// Every file of data/, parsed.
std::vector<Json> data_files() {
    std::vector<Json> out;
    for (const auto& f :
         std::filesystem::directory_iterator(std::string(SIPWHY_SOURCE_DIR) + "/data")) {
        if (f.path().extension() == ".json") {
            out.push_back(Json::parse(read_file(f.path().string())));
        }
    }
    return out;
}

// A text of the knowledge base in English (a string, or an object with "en").
std::string english(const Json& text) {
    return text.is_string() ? text.get<std::string>() : text.at("en").get<std::string>();
}

// The lines of `out` from the one starting with `first` up to, not including, the one starting
// with `end`.
std::string section(const std::string& out, const std::string& first, const std::string& end) {
    const auto from = out.find("\n" + first);
    if (from == std::string::npos) {
        return {};
    }
    const auto to = out.find("\n" + end, from + 1);
    return out.substr(from + 1, to == std::string::npos ? std::string::npos : to - from);
}

TEST(Corrections, EveryVariantsAdviceIsThatOfItsNextStep) {
    std::map<int, Json> codes;
    std::map<std::string, std::string> step_text;
    std::vector<Json> variants;
    for (const auto& file : data_files()) {
        for (const auto& c : file.value("codes", Json::array())) {
            codes[c.at("code").get<int>()] = c;
        }
        for (const auto& s : file.value("next_steps", Json::array())) {
            step_text[s.at("id").get<std::string>()] = english(s.at("description"));
        }
        for (const auto& v : file.value("variants", Json::array())) {
            variants.push_back(v);
        }
    }
    ASSERT_EQ(variants.size(), 178u);
    std::string input;
    for (const auto& v : variants) {
        std::string phrase = v.at("phrase").get<std::string>();
        for (auto star = phrase.find('*'); star != std::string::npos; star = phrase.find('*')) {
            phrase.replace(star, 1, "1234");
        }
        input += std::to_string(v.at("code").get<int>()) + " " + phrase + "\n";
    }
    const auto r = sipwhy({.args = {"--json", "explain", "-"}, .input = input});
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), variants.size());
    int own_steps = 0;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const Json& v = variants[i];
        const Json& code = codes.at(v.at("code").get<int>());
        const Json& j = lines[i];
        SCOPED_TRACE(j.at("query").get<std::string>());
        ASSERT_EQ(j.at("match"), "variant");
        const std::string step = v.value("next_step", code.at("next_step").get<std::string>());
        EXPECT_EQ(j.at("next_step"), step);
        std::string advice = step == code.at("next_step") ? english(code.at("retry"))
                                                          : step_text.at(step);
        if (v.contains("retry")) {
            advice = english(v.at("retry"));
        }
        own_steps += step != code.at("next_step") ? 1 : 0;
        EXPECT_EQ(j.at("retry"), advice);
        // A variant of another category than its code's names its own cause first.
        if (v.at("category") != code.at("category")) {
            EXPECT_EQ(j.at("causes").at(0), english(v.at("meaning")));
            EXPECT_EQ(j.at("causes").size(), code.at("causes").size() + 1);
        } else {
            EXPECT_EQ(j.at("causes").size(), code.at("causes").size());
        }
    }
    EXPECT_EQ(own_steps, 72);
}

TEST(Corrections, NextStepTextMatchesTheVariantsStep) {
    const auto money = sipwhy({"480 No money left"});
    EXPECT_EQ(money.status, 0);
    EXPECT_EQ(section(money.out, "  Next step:", "  Sent by:"),
              "  Next step: stop - do not retry; the answer is final for this call.\n");
    const auto route = sipwhy({"403 Empty Route Set"});
    EXPECT_EQ(route.status, 0);
    EXPECT_EQ(section(route.out, "  Next step:", "  Sent by:"),
              "  Next step: try_next_route - fail over now to another route, gateway or server.\n");
}

// A code and a variant with short texts, so that the whole layout can be asserted.
const char* const k_overlay = R"({"codes": [{"code": 486,
  "summary": "The callee is busy.",
  "causes": ["Another call.", "Do not disturb."],
  "checks": ["Call later."],
  "retry": "Later, with Retry-After.",
  "sent_by": ["uas"]}],
  "variants": [
    {"code": 486, "phrase": "Out of coins", "meaning": "The account has no money left.",
     "category": "billing", "next_step": "stop", "kind": "carrier", "source": "ACME guide"},
    {"code": 486, "phrase": "Coins please", "meaning": "The account is empty.",
     "category": "billing", "next_step": "stop", "retry": "Top up the account first.",
     "kind": "carrier", "source": "ACME guide"},
    {"code": 486, "phrase": "Line engaged", "meaning": "British wording.",
     "category": "busy", "kind": "old_wording", "source": "none known"}]})";

TEST(Corrections, VariantOfAnotherCategoryNamesItsOwnCauseFirst) {
    const auto kb = temp_file("acme.json", k_overlay);
    const auto r = sipwhy({"--kb", kb, "486 Out of coins"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out,
              "486 Out of coins - billing\n"
              "  Variant of 486 Busy Here: The account has no money left.\n"
              "  Source: ACME guide\n"
              "  486 Busy Here: The callee is busy.\n"
              "  Likely causes:\n"
              "    - The account has no money left.\n"
              "  Other reasons for 486:\n"
              "    - Another call.\n"
              "    - Do not disturb.\n"
              "  What to check:\n"
              "    - Call later.\n"
              "  Next step: stop - do not retry; the answer is final for this call.\n"
              "  Sent by: UAS\n"
              "  RFC: RFC 3261 §21.4.24\n"
              "  Mappings:\n"
              "    Q.850 (RFC 3398)       17 User busy\n"
              "    FreeSWITCH             USER_BUSY (17)\n"
              "    Asterisk (chan_pjsip)  AST_CAUSE_USER_BUSY (17)\n"
              "    SIP.js (0.5-0.15)      BUSY (Busy)\n"
              "    JsSIP                  BUSY (Busy)\n");
    const auto ru = sipwhy({"--kb", kb, "--lang", "ru", "486 Out of coins"});
    EXPECT_EQ(section(ru.out, "  Вероятные причины:", "  Что проверить:"),
              "  Вероятные причины:\n"
              "    - The account has no money left.\n"
              "  Другие причины кода 486:\n"
              "    - Another call.\n"
              "    - Do not disturb.\n");
}

TEST(Corrections, VariantMayCarryItsOwnAdvice) {
    const auto kb = temp_file("acme.json", k_overlay);
    const auto r = sipwhy({"--kb", kb, "486 Coins please"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(section(r.out, "  Next step:", "  Sent by:"),
              "  Next step: stop - Top up the account first.\n");
    const auto same = sipwhy({"--kb", kb, "486 Line engaged"});
    EXPECT_EQ(section(same.out, "  Likely causes:", "  What to check:"),
              "  Likely causes:\n"
              "    - Another call.\n"
              "    - Do not disturb.\n");
    EXPECT_EQ(section(same.out, "  Next step:", "  Sent by:"),
              "  Next step: retry_later - Later, with Retry-After.\n");
}

}  // namespace
}  // namespace sipwhy::e2e
