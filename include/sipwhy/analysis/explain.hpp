// The matcher: from a query to explanations, using the knowledge base. Pure: no I/O.
//
// Phrase rules for a code C and a phrase P, in order (docs/knowledge-base.md, "Matching"):
//   1. exact     P is C's canonical phrase, ignoring case, white space and punctuation;
//   2. variant   P is a known variant of C (same comparison; `*` words of a variant match any
//   words);
//   3. both again with trailing tags such as "(478/TM)" or " D51" removed from P;
//   4. fuzzy     P is within a few typos of C's canonical phrase or of one of its variants;
//   5. code_only P is unknown for C: C's meaning, plus the codes under which the knowledge base
//   knows
//                P, and a category hint from P's words when they point away from C's category.
// A code without an entry gets its class's meaning (RFC 3261 §8.1.3.2 treats it as x00):
// class_only.
#pragma once

#include <sipwhy/category.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/sip/query.hpp>
#include <sipwhy/text.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sipwhy {

enum class Match { exact, variant, fuzzy, code_only, class_only, none };

template <>
constexpr auto ids<Match>() {
    return std::array<std::string_view, 6>{"exact",     "variant",    "fuzzy",
                                           "code_only", "class_only", "none"};
}

// How one platform maps a status code to its own cause.
struct PlatformMapping {
    Platform platform = Platform::freeswitch;
    const PlatformInfo* info = nullptr;
    const PlatformCause* cause = nullptr;  // null when the platform maps the status to nothing
    bool is_default = false;               // the platform's default, not an explicit mapping
};

struct Mappings {
    const Q850Cause* q850 = nullptr;  // RFC 3398 §8.2.6.1; null when the RFC maps nothing
    bool q850_is_default = false;     // the RFC's default cause 31, not a row of its table
    LocalText q850_note;              // why there is no single cause (487, 488, 606)
    std::vector<PlatformMapping> platforms;
};

// Where else the knowledge base knows a phrase that did not match the queried code.
struct PhraseElsewhere {
    int code = 0;
    const CodeEntry* entry = nullptr;  // set when the phrase is that code's canonical phrase
    const Variant* variant = nullptr;  // set when the phrase is a variant of that code
};

struct Explanation {
    std::string query;
    int code = 0;        // 0 when no code is known (a phrase query that matched nothing)
    std::string reason;  // the phrase as given, trimmed; may be empty
    const CodeEntry* entry = nullptr;       // null when the code has no entry
    const ClassInfo* class_info = nullptr;  // the code's class
    int treated_as = 0;  // unregistered or unknown codes: the code a client reads them as, else 0
    const CodeEntry* treated_as_entry = nullptr;  // that code's entry, when the base has it
    Match match = Match::none;
    const Variant* variant = nullptr;  // the variant matched (variant, or fuzzy on a variant)
    std::string_view fuzzy_target;     // the phrase a fuzzy match was close to
    Category category = Category::unknown;
    NextStep next_step = NextStep::stop;
    // What to do for `next_step`: the entry's retry advice when the step is the code's own, a
    // matched variant's own advice, else what the step's id means. Empty with `Match::none`.
    LocalText advice;
    std::optional<Category> category_hint;
    // The platform that sent the response, from its Server or User-Agent ("Asterisk"), when it
    // is one the knowledge base's texts name: causes and checks that name it come first.
    std::string_view sender_platform;
    std::vector<PhraseElsewhere> elsewhere;
    Mappings mappings;

    // Resolved to a knowledge-base entry (exit status 0), rather than to a class or to nothing.
    bool resolved() const { return entry != nullptr; }
};

// The first SIP response in `text` as a scan reads it: a status line anywhere in a line ("<--
// SIP/2.0 486 ...", tshark's "Status-Line: SIP/2.0 486 ..."), or a stack's summary line
// (Asterisk's "Got SIP response 503 ..."); nullopt when there is none.
struct StatusInText {
    int code = 0;
    std::string reason;
};
std::optional<StatusInText> response_in_text(std::string_view text);

// Explains a code or phrase query. A phrase that holds a response, such as a pasted log line, is
// explained as that response. Returns one explanation, or several: a pattern lists every
// code it matches, and a phrase known under several codes gives one per code.
std::vector<Explanation> explain(const KnowledgeBase& kb, const Query& query);

// Explains status `code` sent with reason phrase `phrase` (the rules above).
Explanation explain_status(const KnowledgeBase& kb, int code, std::string_view phrase);

// Explains each (code, phrase) pair once: logs repeat a handful of pairs millions of times. Holds
// at most `capacity` pairs, then starts over, so memory stays bounded whatever the input.
class ExplanationCache {
public:
    explicit ExplanationCache(const KnowledgeBase& kb, std::size_t capacity = 4096);
    const Explanation& get(int code, std::string_view reason);

private:
    using Map =
        std::unordered_map<std::string, std::unique_ptr<Explanation>, StringHash, std::equal_to<>>;

    const KnowledgeBase& m_kb;
    std::size_t m_capacity;
    std::size_t m_size = 0;
    std::array<Map, 600> m_by_code;  // index code - 100
    // Each code's last answer: a run of one response compares its phrase, not its hash.
    std::array<const Map::value_type*, 600> m_last{};
};

// The platform a Server or User-Agent value names, as the knowledge base's texts call it:
// "Asterisk PBX 18.9.0" gives "Asterisk", "FreeSWITCH-mod_sofia/1.10.9" gives "FreeSWITCH",
// "Microsoft.PSTNHub.SIPProxy" gives "Teams". Empty when it names none of them.
std::string_view platform_of_sender(std::string_view server_or_user_agent);

// Whether `text` names `platform` as a word (any case): "Asterisk sends 503 ..." names Asterisk.
bool names_platform(std::string_view text, std::string_view platform);

// The mappings of `code` to RFC 3398 Q.850 and to each platform's causes.
Mappings mappings_of(const KnowledgeBase& kb, int code);

// RFC 3261 §8.1.3.2: the code a client treats an unrecognized `code` as: the x00 code of its
// class, but 183 Session Progress for provisional responses.
// What a response means, in one text: the matched variant's meaning, else its code's, else its
// class's; empty when none is known. What the per-response outputs and the summary show.
LocalText meaning_of(const Explanation& x);

int treated_as(int code);

// The category that words of `phrase` point to, from the knowledge base's keyword rules.
std::optional<Category> category_from_words(const KnowledgeBase& kb, std::string_view phrase);

}  // namespace sipwhy
