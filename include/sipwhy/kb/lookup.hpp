// Discovery over the knowledge base: listing codes, ranked keyword search, and the reverse lookups
// from a Q.850 cause or a platform's cause name to the SIP codes that map there.
#pragma once

#include <sipwhy/category.hpp>
#include <sipwhy/kb/knowledge_base.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy {

// The codes whose number starts with `prefix` ("" for all, "4" for 4xx, "48" for 48x, "486"),
// registered and unregistered, in numeric order; only those of `categories` when it is not empty.
std::vector<const CodeEntry*> list_codes(const KnowledgeBase& kb, std::string_view prefix,
                                         const std::vector<Category>& categories);

// One search result: a code, or a reason-phrase variant of a code.
struct SearchHit {
    const CodeEntry* entry = nullptr;  // the code (for variants too, when it has an entry)
    const Variant* variant = nullptr;  // set for a variant
    int code = 0;
    int score = 0;
    std::vector<std::string_view> fields;  // where the words were found: "phrase", "summary", ...
};

// Ranks codes and variants by the words of `query`: every word must occur in the entry (as a word
// or the start of one: "codec" finds "codecs"), in either language; each word scores in every
// text it occurs in, the phrase weighing most, then the summary or meaning, the causes, the
// checks and retry advice.
std::vector<SearchHit> search(const KnowledgeBase& kb, std::string_view query);

// The causes of every platform whose name is `name`, ignoring case, or that carry it as an alias.
// Asterisk's "AST_CAUSE_" prefix may be left out; given, it restricts the search to Asterisk.
std::vector<const PlatformCause*> find_causes(const KnowledgeBase& kb, std::string_view name);

// Cause names close to `name`, for "did you mean".
std::string_view closest_cause_name(const KnowledgeBase& kb, std::string_view name);

// The platform cause with Q.850 number `cause` on `platform`, if it has one.
const PlatformCause* platform_cause_for(const KnowledgeBase& kb, Platform platform, int cause);

// A SIP code as a lookup names it: "486 Busy Here", or "486" alone for a code the knowledge
// base does not know (empty `reason`).
struct CodeName {
    int code = 0;
    std::string_view reason;
};
std::vector<CodeName> code_names(const KnowledgeBase& kb, std::span<const int> codes);

// A platform's cause with what its renderers show resolved: the platform's name, the SIP status
// it sends (its own, or the platform's default for the causes it does not list), and the Q.850
// cause its value names.
struct CauseReport {
    const PlatformCause* cause = nullptr;
    std::string_view platform;        // "FreeSWITCH"
    std::optional<CodeName> sends;    // none when it sends no status
    bool sends_by_default = false;    // the platform's default
    std::vector<CodeName> from_sip;   // the statuses that map to it
    const Q850Cause* q850 = nullptr;  // when its value is a Q.850 cause's number
};
CauseReport cause_report(const KnowledgeBase& kb, const PlatformCause& c);

// A Q.850 cause with what RFC 3398 and each platform make of it.
struct Q850Report {
    const Q850Cause* cause = nullptr;
    std::optional<CodeName> sends;   // RFC 3398 §7.2.4.1's status for it
    bool sends_by_default = false;   // the RFC's default, 500
    std::vector<CodeName> from_sip;  // statuses RFC 3398 §8.2.6.1 maps to it
    std::optional<CauseReport> freeswitch;
    std::optional<CauseReport> asterisk;
};
Q850Report q850_report(const KnowledgeBase& kb, const Q850Cause& q);

}  // namespace sipwhy
