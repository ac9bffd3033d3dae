// list, search, q850, cause and the Russian explanations, through the real binary.
#include "run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

namespace sipwhy::e2e {
namespace {

TEST(Lookup, ListJsonHasEveryRegisteredAndUnregisteredCode) {
    const auto r = sipwhy({"list", "--json"});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    int registered = 0;
    std::set<int> unregistered;
    for (const auto& j : lines) {
        if (j["registered"] == true) {
            ++registered;
        } else {
            unregistered.insert(j["code"].get<int>());
        }
        EXPECT_TRUE(j["category"].is_string());
    }
    EXPECT_EQ(registered, 75);
    EXPECT_EQ(unregistered, (std::set<int>{409, 411, 473, 475, 476, 477, 478, 479, 490, 499, 687}));
}

TEST(Lookup, ListTableWithPatternAndCategory) {
    const auto r = sipwhy({"list", "4xx", "--category", "media"});
    EXPECT_EQ(status_out(r),
              (StatusText{0,
                          "Code  Phrase               Category  Next step\n"
                          "488   Not Acceptable Here  media     fix_request\n"
                          "499   Codec Mismatch       media     fix_request  (unregistered)\n"}));
    const auto retry = sipwhy({"list", "--next-step", "retry_later", "--json"});
    std::vector<int> codes;
    std::istringstream in(retry.out);
    for (std::string line; std::getline(in, line);) {
        codes.push_back(nlohmann::json::parse(line)["code"].get<int>());
    }
    EXPECT_EQ(codes, (std::vector<int>{480, 486, 491, 600}));
    EXPECT_EQ(sipwhy({"list", "45x"}).status, 1);
    EXPECT_EQ(sipwhy({"list", "7xx"}).err,
              "sipwhy: error: list: \"7xx\" is not a code or class pattern (expected e.g. 4xx, 48x "
              "or 486)\n");
}

TEST(Lookup, PlatformsDisagreeOn480) {
    const auto r = sipwhy({"480"});
    EXPECT_TRUE(has(r.out, "    FreeSWITCH             NO_USER_RESPONSE (18)\n"));
    EXPECT_TRUE(has(r.out, "    Asterisk (chan_pjsip)  AST_CAUSE_NO_ANSWER (19)\n"));
    const auto j = nlohmann::json::parse(sipwhy({"--json", "480"}).out);
    EXPECT_EQ(j["mappings"]["q850"]["cause"], 18);
    EXPECT_EQ(j["mappings"]["freeswitch"]["value"], "18");
    EXPECT_EQ(j["mappings"]["asterisk"]["value"], "19");
}

TEST(Lookup, Q850LeadsToSip) {
    const auto r = sipwhy({"q850", "17"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "Q.850 17: User busy - busy");
    EXPECT_TRUE(has(r.out, "    RFC 3398               sends 486 Busy Here;"));
    const auto j = nlohmann::json::parse(sipwhy({"--json", "q850", "17"}).out);
    EXPECT_EQ(j["rfc3398"]["to_sip"], 486);
    EXPECT_EQ(j["rfc3398"]["from_sip"], nlohmann::json::parse("[486, 600]"));
    EXPECT_EQ(j["freeswitch"]["name"], "USER_BUSY");
    EXPECT_EQ(j["asterisk"]["to_sip"], 486);
    const auto rejected = sipwhy({"--brief", "q850", "21"});
    EXPECT_EQ(rejected.out, "Q.850 21: Call rejected - declined - SIP 403\n");
    const auto bad = sipwhy({"q850", "200"});
    EXPECT_EQ(status_err(bad),
              (StatusText{2, "sipwhy: error: \"200\": not a Q.850 cause value (0-127)\n"}));
    const auto unassigned = sipwhy({"q850", "120"});
    EXPECT_EQ(status_err(unassigned),
              (StatusText{1, "sipwhy: error: 120: no Q.850 cause has this value\n"}));
}

TEST(Lookup, CauseNamesPerPlatform) {
    EXPECT_EQ(sipwhy({"--brief", "cause", "USER_BUSY"}).out,
              "FreeSWITCH USER_BUSY = 17 - SIP 486\n"
              "Asterisk (chan_pjsip) AST_CAUSE_USER_BUSY = 17 - SIP 486\n");
    EXPECT_EQ(sipwhy({"--brief", "cause", "NO_ANSWER"}).out,
              "FreeSWITCH NO_ANSWER = 19 - SIP 480\n"
              "Asterisk (chan_pjsip) AST_CAUSE_NO_ANSWER = 19 - SIP 480\n"
              "SIP.js (0.5-0.15) NO_ANSWER = No Answer\n"
              "JsSIP NO_ANSWER = No Answer\n");
    const auto j =
        nlohmann::json::parse(sipwhy({"--json", "cause", "AST_CAUSE_CALL_REJECTED"}).out);
    EXPECT_EQ(j["causes"][0]["to_sip"], 403);
    EXPECT_EQ(j["causes"][0]["q850"]["name"], "Call rejected");
    const auto fs = nlohmann::json::parse(sipwhy({"--json", "cause", "CALL_REJECTED"}).out);
    EXPECT_EQ(fs["causes"][0]["platform"], "freeswitch");
    EXPECT_EQ(fs["causes"][0]["to_sip"], 603);
    EXPECT_EQ(fs["causes"][0]["from_sip"], nlohmann::json::parse("[401, 402, 403, 407, 603, 608]"));
    const auto unknown = sipwhy({"cause", "USERBUSY"});
    EXPECT_EQ(status_err(unknown),
              (StatusText{
                  1,
                  "sipwhy: error: \"USERBUSY\": no platform has a cause of this name (did you mean "
                  "\"USER_BUSY\"?)\n"}));
}

TEST(Lookup, SearchRanksCodesAndVariants) {
    const auto r = sipwhy({"--json", "search", "codec"});
    EXPECT_EQ(r.status, 0);
    std::set<int> codes;
    bool variant = false;
    int last_score = 1 << 20;
    for (const auto& j : json_lines(r.out)) {
        codes.insert(j["code"].get<int>());
        variant = variant || (j["kind"] == "variant" && j["phrase"] == "Codec Mismatch");
        EXPECT_LE(j["score"].get<int>(), last_score);
        last_score = j["score"].get<int>();
    }
    EXPECT_TRUE(codes.contains(488) && codes.contains(606) && codes.contains(415));
    EXPECT_TRUE(variant);
    for (const auto* word : {"password", "money", "route"}) {
        EXPECT_EQ(sipwhy({"search", word}).status, 0) << word;
    }
    EXPECT_EQ(sipwhy({"search", "zzqqxx"}).status, 1);
    EXPECT_EQ(sipwhy({"search"}).err,
              "sipwhy: error: search needs words to look for, e.g. sipwhy search codec\n");
}

TEST(Lookup, RussianExplanations) {
    const auto r = sipwhy({"--lang", "ru", "403 Wrong Guess"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "403 Wrong Guess - authentication");
    EXPECT_TRUE(has(r.out, "Вариант фразы для 403 Forbidden: "));
    EXPECT_TRUE(has(r.out, "Что проверить:"));
    EXPECT_TRUE(has(r.out, "Соответствия:"));
    // Ids stay English in JSON; texts are Russian.
    const auto j = nlohmann::json::parse(sipwhy({"--json", "--lang", "ru", "486"}).out);
    EXPECT_EQ(j["category"], "busy");
    EXPECT_EQ(j["next_step"], "retry_later");
    EXPECT_TRUE(has(j["summary"].get<std::string>(), "Абонент"));
    const auto q = sipwhy({"--lang", "ru", "q850", "17"});
    EXPECT_TRUE(has(q.out, "SIP по платформам:"));
}

TEST(Lookup, OptionsThatDoNotApply) {
    EXPECT_EQ(sipwhy({"search", "codec", "--summary"}).err,
              "sipwhy: error: --summary does not apply to search\n");
    EXPECT_EQ(sipwhy({"q850", "17", "--category", "busy"}).err,
              "sipwhy: error: --category does not apply to q850\n");
}

}  // namespace
}  // namespace sipwhy::e2e
