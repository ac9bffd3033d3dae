// Discovery over the knowledge base: listing codes, ranked keyword search, and the reverse lookups
// from a Q.850 cause or a platform's cause name to the SIP codes that map there.
#pragma once

#include <sipwhy/category.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/render/render.hpp>

#include <optional>
#include <ostream>
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

// Renderers.
void render_search(std::ostream& out, const std::vector<SearchHit>& hits, Format format,
                   const RenderOptions& opt);
void render_q850(std::ostream& out, const KnowledgeBase& kb, const Q850Cause& q, Format format,
                 const RenderOptions& opt);
void render_cause(std::ostream& out, const KnowledgeBase& kb, std::string_view query,
                  const std::vector<const PlatformCause*>& causes, Format format,
                  const RenderOptions& opt);

}  // namespace sipwhy
