// The built-in knowledge base: complete, in both languages, with sources, and with the exact
// mappings of the reference tables (RFC 3398, FreeSWITCH, Asterisk, SIP.js, JsSIP).
#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/kb/lookup.hpp>
#include <sipwhy/text.hpp>

#include <gtest/gtest.h>

#include <set>

namespace sipwhy {
namespace {

const KnowledgeBase& kb() {
    static const KnowledgeBase k = KnowledgeBase::builtin();
    return k;
}

// The 75 codes of the IANA response-code registry.
const std::vector<int> k_iana = {
    100, 180, 181, 182, 183, 199, 200, 202, 204, 300, 301, 302, 305, 380, 400, 401, 402, 403, 404,
    405, 406, 407, 408, 410, 412, 413, 414, 415, 416, 417, 420, 421, 422, 423, 424, 425, 428, 429,
    430, 433, 436, 437, 438, 439, 440, 469, 470, 480, 481, 482, 483, 484, 485, 486, 487, 488, 489,
    491, 493, 494, 500, 501, 502, 503, 504, 505, 513, 555, 580, 600, 603, 604, 606, 607, 608};

bool both(const LocalText& t) {
    return !trim(t.en).empty() && !trim(t.ru).empty();
}

TEST(KbContent, EveryIanaCodeIsPresentAndRegistered) {
    ASSERT_EQ(k_iana.size(), 75u);
    for (const int code : k_iana) {
        const CodeEntry* e = kb().code(code);
        ASSERT_NE(e, nullptr) << code;
        EXPECT_TRUE(e->registered) << code;
        EXPECT_TRUE(e->rfc.starts_with("RFC ")) << code;
        EXPECT_NE(e->rfc.find(" §"), std::string::npos) << code << ": no section in " << e->rfc;
    }
    int registered = 0;
    for (const auto& e : kb().data().codes) {
        registered += e.registered ? 1 : 0;
    }
    EXPECT_EQ(registered, 75);
}

TEST(KbContent, CanonicalPhrasesAreIanas) {
    const std::vector<std::pair<int, std::string_view>> cases = {
        {436, "Bad Identity Info"},          {437, "Unsupported Credential"},
        {500, "Server Internal Error"},      {504, "Server Time-out"},
        {412, "Conditional Request Failed"}, {481, "Call/Transaction Does Not Exist"},
    };
    for (const auto& [code, reason] : cases) {
        EXPECT_EQ(kb().code(code)->reason, reason) << code;
    }
}

TEST(KbContent, RegisteredCodesCiteTheirSection) {
    const std::vector<std::pair<int, std::string_view>> cases = {
        {486, "RFC 3261 §21.4.24"}, {100, "RFC 3261 §21.1.1"}, {513, "RFC 3261 §21.5.7"},
        {606, "RFC 3261 §21.6.4"},  {422, "RFC 4028 §6"},      {199, "RFC 6228 §1, §11.1"},
        {440, "RFC 5393 §5.3.3"},   {608, "RFC 8688 §3.1"},
    };
    for (const auto& [code, rfc] : cases) {
        EXPECT_EQ(kb().code(code)->rfc, rfc) << code;
    }
    for (const auto& e : kb().data().codes) {
        if (e.rfc.starts_with("RFC 3261")) {
            EXPECT_TRUE(e.rfc.starts_with("RFC 3261 §21.")) << e.code;
        }
    }
}

TEST(KbContent, UnregisteredCodesMetOnTheWire) {
    for (const int code : {409, 411, 473, 475, 476, 477, 478, 479, 490, 499, 687}) {
        const CodeEntry* e = kb().code(code);
        ASSERT_NE(e, nullptr) << code;
        EXPECT_FALSE(e->registered) << code;
        EXPECT_TRUE(both(e->origin)) << code;
        EXPECT_FALSE(e->source.empty()) << code;
    }
    // Stack-generated statuses say that the far end may never have answered.
    for (const int code : {408, 503, 477, 478, 479}) {
        EXPECT_TRUE(both(kb().code(code)->local)) << code;
    }
}

TEST(KbContent, EveryEntryHasEveryFieldInBothLanguages) {
    for (const auto& e : kb().data().codes) {
        EXPECT_FALSE(e.reason.empty()) << e.code;
        EXPECT_FALSE(e.sent_by.empty()) << e.code;
        EXPECT_TRUE(both(e.summary)) << e.code;
        EXPECT_TRUE(both(e.retry)) << e.code;
        EXPECT_GE(e.causes.size(), 2u) << e.code;
        EXPECT_LE(e.causes.size(), 5u) << e.code;
        EXPECT_GE(e.checks.size(), 2u) << e.code;
        EXPECT_LE(e.checks.size(), 5u) << e.code;
        for (const auto& t : e.causes) {
            EXPECT_TRUE(both(t)) << e.code;
        }
        for (const auto& t : e.checks) {
            EXPECT_TRUE(both(t)) << e.code;
        }
        for (const LocalText* t : {&e.local, &e.mapping_note, &e.origin}) {
            EXPECT_TRUE(t->empty() || both(*t)) << e.code;
        }
    }
    for (const auto& v : kb().data().variants) {
        EXPECT_TRUE(both(v.meaning)) << v.code << " " << v.phrase;
        for (const auto& t : v.checks) {
            EXPECT_TRUE(both(t)) << v.code << " " << v.phrase;
        }
    }
    for (const auto& q : kb().data().q850) {
        EXPECT_TRUE(both(q.meaning)) << q.cause;
    }
    for (const auto& c : kb().data().platform_causes) {
        EXPECT_TRUE(both(c.meaning)) << c.name;
    }
    for (const auto& w : kb().data().warn_codes) {
        EXPECT_TRUE(both(w.meaning)) << w.code;
    }
    for (const auto& r : kb().data().reason_protocols) {
        EXPECT_TRUE(both(r.meaning)) << r.protocol;
    }
    for (const auto& c : kb().data().categories) {
        EXPECT_TRUE(both(c.title) && both(c.description)) << to_string(c.id);
    }
    for (const auto& s : kb().data().next_steps) {
        EXPECT_TRUE(both(s.title) && both(s.description)) << to_string(s.id);
    }
    for (const auto& c : kb().data().classes) {
        EXPECT_TRUE(both(c.name) && both(c.summary)) << c.digit;
    }
}

TEST(KbContent, NoDuplicateVariantUnderOneCode) {
    std::set<std::pair<int, std::string_view>> seen;
    for (const auto& v : kb().data().variants) {
        EXPECT_TRUE(seen.emplace(v.code, v.key).second) << v.code << " " << v.phrase;
        EXPECT_NE(normalize_phrase(kb().code(v.code)->reason), v.key)
            << v.code << " " << v.phrase << " repeats the canonical phrase";
    }
}

TEST(KbContent, EveryVariantCitesASource) {
    for (const auto& v : kb().data().variants) {
        EXPECT_FALSE(trim(v.source).empty()) << v.code << " " << v.phrase;
    }
}

TEST(KbContent, EveryMappingNamesAKnownCodeOrCauseAndTheBaseIsComplete) {
    for (const auto& d : check_complete(kb().data())) {
        ADD_FAILURE() << d.to_string();
    }
}

TEST(KbContent, SeedPhrasesAreKnown) {
    // Phrases of the Russian carrier list (seed 004) and where they lead.
    const std::vector<std::tuple<int, std::string_view, Category>> cases = {
        {403, "Wrong Guess", Category::authentication},
        {480, "No money left", Category::billing},
        {403, "Empty Route Set", Category::no_route},
        {488, "Private IP Address", Category::media},
        {500, "DB Timeout", Category::server_error},
        {401, "Expired Authorization", Category::authentication},
        {410, "No Route", Category::no_route},
    };
    for (const auto& [code, phrase, category] : cases) {
        const auto x = explain_status(kb(), code, phrase);
        EXPECT_EQ(x.match, Match::variant) << code << " " << phrase;
        EXPECT_EQ(x.category, category) << code << " " << phrase;
    }
}

// How `code` maps on `platform`: the cause name, or "" when nothing.
std::string platform_cause(int code, Platform platform) {
    for (const auto& m : mappings_of(kb(), code).platforms) {
        if (m.platform == platform) {
            return m.cause != nullptr ? std::string(m.cause->name) : std::string{};
        }
    }
    return "?";
}

// What rfc3398_cause gives for a code RFC 3398's table does not list.
constexpr int k_no_cause = -1;

// The cause of RFC 3398's table for `code`, k_no_cause when the table lists none (its default
// aside).
int rfc3398_cause(int code) {
    const Mappings m = mappings_of(kb(), code);
    return m.q850 != nullptr && !m.q850_is_default ? m.q850->cause : k_no_cause;
}

TEST(KbContent, SipToCauseMappingsOfTheReferenceTables) {
    struct Row {
        int code;
        int rfc3398;
        std::string freeswitch;
        std::string asterisk;
    };
    const std::vector<Row> rows = {
        {486, 17, "USER_BUSY", "AST_CAUSE_USER_BUSY"},
        {600, 17, "USER_BUSY", "AST_CAUSE_USER_BUSY"},
        {404, 1, "UNALLOCATED_NUMBER", "AST_CAUSE_UNALLOCATED"},
        {403, 21, "CALL_REJECTED", "AST_CAUSE_CALL_REJECTED"},
        {603, 21, "CALL_REJECTED", "AST_CAUSE_CALL_REJECTED"},
        // The disagreements.
        {480, 18, "NO_USER_RESPONSE", "AST_CAUSE_NO_ANSWER"},
        {408, 102, "RECOVERY_ON_TIMER_EXPIRE", "AST_CAUSE_NO_USER_RESPONSE"},
        {503, 41, "NORMAL_TEMPORARY_FAILURE", "AST_CAUSE_NORMAL_CIRCUIT_CONGESTION"},
        {405, 63, "SERVICE_UNAVAILABLE", "AST_CAUSE_INTERWORKING"},
        {500, 41, "NORMAL_TEMPORARY_FAILURE", "AST_CAUSE_NETWORK_OUT_OF_ORDER"},
        {501, 79, "SERVICE_NOT_IMPLEMENTED", "AST_CAUSE_FACILITY_REJECTED"},
        {502, 38, "NETWORK_OUT_OF_ORDER", "AST_CAUSE_DESTINATION_OUT_OF_ORDER"},
        {483, 25, "EXCHANGE_ROUTING_ERROR", "AST_CAUSE_NO_ANSWER"},
        {400, 41, "NORMAL_TEMPORARY_FAILURE", "AST_CAUSE_INTERWORKING"},
        {505, 127, "INTERWORKING", "AST_CAUSE_INTERWORKING"},
        // RFC 3398 lists no cause for these.
        {487, k_no_cause, "ORIGINATOR_CANCEL", "AST_CAUSE_INTERWORKING"},
        {488, k_no_cause, "INCOMPATIBLE_DESTINATION", "AST_CAUSE_BEARERCAPABILITY_NOTAVAIL"},
        {606, k_no_cause, "INCOMPATIBLE_DESTINATION", "AST_CAUSE_BEARERCAPABILITY_NOTAVAIL"},
        {607, k_no_cause, "UNWANTED", "AST_CAUSE_INTERWORKING"},
        {608, k_no_cause, "CALL_REJECTED", "AST_CAUSE_INTERWORKING"},
        {429, k_no_cause, "BAD_IDENTITY_INFO", "AST_CAUSE_INTERWORKING"},
        {302, k_no_cause, "NORMAL_UNSPECIFIED", "AST_CAUSE_REDIRECTED_TO_NEW_DESTINATION"},
        {580, k_no_cause, "NORMAL_UNSPECIFIED", "AST_CAUSE_NORMAL_CIRCUIT_CONGESTION"},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(rfc3398_cause(r.code), r.rfc3398) << r.code;
        EXPECT_EQ(platform_cause(r.code, Platform::freeswitch), r.freeswitch) << r.code;
        EXPECT_EQ(platform_cause(r.code, Platform::asterisk), r.asterisk) << r.code;
    }
    // RFC 3398 has no single cause for these, and says why.
    for (const int code : {487, 488, 606}) {
        EXPECT_TRUE(both(mappings_of(kb(), code).q850_note)) << code;
    }
}

TEST(KbContent, ClientLibraryGroups) {
    const std::vector<std::tuple<int, Platform, std::string_view>> cases = {
        {486, Platform::sipjs, "BUSY"},
        {480, Platform::sipjs, "UNAVAILABLE"},
        {408, Platform::jssip, "UNAVAILABLE"},
        {488, Platform::jssip, "INCOMPATIBLE_SDP"},
        {401, Platform::sipjs, "AUTHENTICATION_ERROR"},
        {302, Platform::sipjs, "REDIRECTED"},
        // JsSIP since 0.7.18 puts 424 with ADDRESS_INCOMPLETE; SIP.js does not.
        {424, Platform::jssip, "ADDRESS_INCOMPLETE"},
        {424, Platform::sipjs, "SIP_FAILURE_CODE"},
        {503, Platform::sipjs, "SIP_FAILURE_CODE"},
    };
    for (const auto& [code, platform, want] : cases) {
        EXPECT_EQ(platform_cause(code, platform), want) << code << " " << to_string(platform);
    }
}

TEST(KbContent, CauseToSipMappings) {
    // Q.850 (RFC 3398 §7.2.4.1).
    for (const auto& [cause, to_sip] : std::vector<std::pair<int, int>>{
             {17, 486}, {1, 404}, {21, 403}, {34, 503}, {102, 504}, {16, 0}}) {
        EXPECT_EQ(kb().q850(cause)->to_sip, to_sip) << cause;
    }
    EXPECT_EQ(kb().q850(16)->name, "Normal call clearing");
    // Platforms disagree on cause 21 and on unlisted causes.
    EXPECT_EQ(platform_cause_for(kb(), Platform::freeswitch, 21)->to_sip, 603);
    EXPECT_EQ(platform_cause_for(kb(), Platform::asterisk, 21)->to_sip, 403);
    EXPECT_EQ(kb().platform(Platform::freeswitch)->default_sip, 480);
    EXPECT_EQ(kb().platform(Platform::asterisk)->default_sip, 603);
    // PRE_EMPTED: Asterisk 8 (ITU), FreeSWITCH 45 (its own).
    EXPECT_EQ(find_causes(kb(), "PRE_EMPTED").size(), 2u);
    EXPECT_FALSE(kb().q850(45)->itu);
}

TEST(KbContent, CauseNamesAcrossPlatforms) {
    auto names = [](std::string_view query) {
        std::vector<std::string> out;
        for (const PlatformCause* c : find_causes(kb(), query)) {
            out.push_back(std::string(to_string(c->platform)) + ":" + std::string(c->name));
        }
        return out;
    };
    EXPECT_EQ(names("USER_BUSY"),
              (std::vector<std::string>{"freeswitch:USER_BUSY", "asterisk:AST_CAUSE_USER_BUSY"}));
    EXPECT_EQ(names("no_answer"),
              (std::vector<std::string>{"freeswitch:NO_ANSWER", "asterisk:AST_CAUSE_NO_ANSWER",
                                        "sipjs:NO_ANSWER", "jssip:NO_ANSWER"}));
    EXPECT_EQ(names("AST_CAUSE_BUSY"), (std::vector<std::string>{"asterisk:AST_CAUSE_USER_BUSY"}));
    EXPECT_EQ(names("busy"), (std::vector<std::string>{"asterisk:AST_CAUSE_USER_BUSY", "sipjs:BUSY",
                                                       "jssip:BUSY"}));
    EXPECT_EQ(closest_cause_name(kb(), "USERBUSY"), "USER_BUSY");
}

TEST(KbContent, HeaderTables) {
    EXPECT_EQ(kb().warn_code(399)->text, "Miscellaneous warning");
    EXPECT_EQ(kb().warn_code(305)->rfc, "RFC 3261 §20.43");
    EXPECT_EQ(kb().data().warn_codes.size(), 15u);
    EXPECT_EQ(kb().data().reason_protocols.size(), 22u);
    ASSERT_NE(kb().reason_protocol("release_cause"), nullptr);
    EXPECT_EQ(kb().reason_protocol("RELEASE_CAUSE")->causes.size(), 7u);
}

TEST(KbContent, SearchFindsCodecProblems) {
    std::set<int> codes;
    bool mismatch_variant = false;
    for (const auto& h : search(kb(), "codec")) {
        codes.insert(h.code);
        mismatch_variant =
            mismatch_variant || (h.variant != nullptr && h.variant->phrase == "Codec Mismatch");
    }
    for (const int code : {488, 606, 415}) {
        EXPECT_TRUE(codes.contains(code)) << code;
    }
    EXPECT_TRUE(mismatch_variant);
    EXPECT_FALSE(search(kb(), "password").empty());
    EXPECT_FALSE(search(kb(), "money").empty());
    EXPECT_FALSE(search(kb(), "route").empty());
    EXPECT_FALSE(search(kb(), "кодек").empty());
    EXPECT_TRUE(search(kb(), "zzzzqqq").empty());
}

}  // namespace
}  // namespace sipwhy
