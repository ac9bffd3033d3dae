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
        std::string advice =
            step == code.at("next_step") ? english(code.at("retry")) : step_text.at(step);
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
    EXPECT_EQ(r, (Outcome{0,
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
                          "  Next step: stop - do not retry; the answer is final for this call.\n" +
                              k_486_tail,
                          ""}));
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

TEST(Corrections, Rfc3398DefaultCauseForAStatusItsTableLacks) {
    const auto r = sipwhy({"409"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(section(r.out, "    Q.850 (RFC 3398)", "    FreeSWITCH"),
              "    Q.850 (RFC 3398)       31 Normal, unspecified [default]\n");
    const auto json = json_lines(sipwhy({"--json", "409", "486", "487", "183"}).out);
    ASSERT_EQ(json.size(), 4u);
    EXPECT_EQ(json[0]["mappings"]["q850"],
              Json({{"cause", 31}, {"name", "Normal, unspecified"}, {"default", true}}));
    EXPECT_EQ(json[1]["mappings"]["q850"],
              Json({{"cause", 17}, {"name", "User busy"}, {"default", false}}));
    // 487 has a note instead; a provisional response is not mapped to a release cause.
    EXPECT_EQ(json[2]["mappings"]["q850"], nullptr);
    EXPECT_EQ(json[3]["mappings"]["q850"], nullptr);
}

TEST(Corrections, Rfc3398DefaultStatusForACauseItsTableLacks) {
    const auto r = sipwhy({"q850", "4"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(section(r.out, "  SIP, per platform:", "\n"),
              "  SIP, per platform:\n"
              "    RFC 3398  sends 500 Server Internal Error (default)\n");
    EXPECT_EQ(sipwhy({"--brief", "q850", "4", "16"}).out,
              "Q.850 4: Send special information tone - not_found - SIP 500\n"
              "Q.850 16: Normal call clearing - success\n");
    const auto json = json_lines(sipwhy({"--json", "q850", "4", "17"}).out);
    ASSERT_EQ(json.size(), 2u);
    EXPECT_EQ(json[0]["rfc3398"]["to_sip"], 500);
    EXPECT_EQ(json[0]["rfc3398"]["to_sip_default"], true);
    EXPECT_EQ(json[1]["rfc3398"]["to_sip"], 486);
    EXPECT_EQ(json[1]["rfc3398"]["to_sip_default"], false);
    const auto reason = sipwhy({"Reason: Q.850;cause=4"});
    EXPECT_EQ(reason.status, 0);
    EXPECT_EQ(reason.out.substr(reason.out.rfind("    RFC")),
              "    RFC 3398 §7.2.4.1 lists no status for it: by default it becomes SIP 500.\n");
}

TEST(Corrections, NotHereIsTheInDialogRouteFailureNotAMissingRegistration) {
    const auto r = sipwhy({"--json", "404"});
    EXPECT_EQ(r.status, 0);
    const auto j = json_lines(r.out).at(0);
    EXPECT_EQ(j["summary"],
              "The server is sure the user in the Request-URI does not exist there, or the URI's "
              "domain is not one it serves. Kamailio's and OpenSIPS's default configs answer '404 "
              "Not Found' when the location lookup finds no contact for the user (not registered "
              "now), and '404 Not here' for an in-dialog request they cannot route.");
    EXPECT_EQ(j["causes"][0],
              "Called user not registered: the default Kamailio and OpenSIPS scripts answer '404 "
              "Not Found' when the location lookup finds no contact.");
}

TEST(Corrections, KamailioInternalProcessingErrorIsAnUnexpectedState) {
    const auto r = sipwhy(
        {"--json", "500 Internal processing error (20/TM)", "500 Message processing error (2/SL)"});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["variant"]["meaning"],
              "In current Kamailio this is the text for an unexpected processing state "
              "(E_UNEXPECTED_STATE): the request reached a point its processing did not expect; "
              "the phrase hides the detail, which is in the proxy's log. Kamailio appends a tag "
              "such as \"(<n>/TM)\" or \"(<n>/SL)\" naming the module and internal error number.");
    EXPECT_EQ(lines[0]["checks"][0],
              "Look at the Kamailio log at that moment for the internal error behind this reply.");
    EXPECT_EQ(lines[1]["variant"]["meaning"],
              "In current Kamailio this is the text for running out of memory (E_OUT_OF_MEM) "
              "while processing the message; the phrase hides that cause. Kamailio appends a tag "
              "such as \"(<n>/TM)\" or \"(<n>/SL)\" naming the module and internal error number.");
    EXPECT_EQ(lines[1]["checks"][0],
              "Check Kamailio's shared and private memory usage (kamcmd core.shmmem, the log) and "
              "raise the -m / -M sizes if it is exhausted.");
}

TEST(Corrections, BodyFormatIntervalAndSpiral) {
    const auto r = sipwhy({"--brief", "415", "423", "482"});
    EXPECT_EQ(
        status_out(r),
        (StatusText{
            0,
            "415 Unsupported Media Type - protocol - fix_request - The request carries a body "
            "type, encoding or language the receiver does not support for that method; the 415 "
            "must list what it accepts in Accept, Accept-Encoding or Accept-Language.\n"
            "423 Interval Too Brief - protocol - fix_request - The server rejects a request "
            "whose expiry is shorter than it allows; Min-Expires in the 423 gives the minimum.\n"
            "482 Loop Detected - no_route - stop - A server found that the request came back to "
            "it unchanged (its own address in Via, with the same Request-URI and routing "
            "headers), or received the same request twice over different branches (a merged "
            "request).\n"}));
    const auto lines = json_lines(sipwhy({"--json", "--full", "423", "482"}).out);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["sent_by"], Json({"registrar", "uas"}));
    EXPECT_TRUE(has(lines[0]["summary"].get<std::string>(),
                    "a notifier can refuse a SUBSCRIBE (RFC 6665) and a presence server a PUBLISH "
                    "(RFC 3903)"));
    EXPECT_TRUE(has(lines[1]["summary"].get<std::string>(),
                    "A request that returns with a changed Request-URI is a spiral, which is "
                    "legitimate and must be forwarded (RFC 3261 §16.3)."));
    EXPECT_EQ(lines[1]["causes"].size(), 4u);
}

TEST(Corrections, SourcesReadAsCitations) {
    const auto r = sipwhy({"480 Error"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(section(r.out, "  Variant of", "  480 Temporarily Unavailable:"),
              "  Variant of 480 Temporarily Unavailable: The phrase itself says nothing: the\n"
              "    gateway gives the real cause in the Reason header of the response, as a\n"
              "    Q.850 cause (21, call rejected, in the published example).\n"
              "  Source: a capture in sngrep's test suite (irontec/sngrep, tests/aaa.pcap)\n"
              "    [wire]\n"
              "  Used by: Cirpack gw_sip v4.38e\n");
    const auto guess = sipwhy({"403 Wrong Guess"});
    EXPECT_EQ(section(guess.out, "  Source:", "  403 Forbidden:"),
              "  Source: Russian carrier reason-phrase list 'SIP ошибки и их значение'; also on\n"
              "    oshibaetsya.ru and errors.top [list]\n"
              "  Used by: CIS softswitches and billing platforms, not named by the list\n");
    // No variant's source is a bare path to a test capture, and no vendor reads "unknown".
    for (const auto& file : data_files()) {
        for (const auto& v : file.value("variants", Json::array())) {
            const std::string source = v.at("source");
            const std::string vendor = v.value("vendor", "");
            SCOPED_TRACE(v.at("phrase").get<std::string>());
            if (source.find(".pcap") != std::string::npos) {
                EXPECT_TRUE(has(source, "capture"));
            }
            EXPECT_FALSE(vendor.starts_with("unknown (") || vendor == "unknown");
            EXPECT_EQ(english(v.at("meaning")).find("the capture"), std::string::npos);
        }
    }
}

}  // namespace
}  // namespace sipwhy::e2e
