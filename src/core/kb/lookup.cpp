#include <sipwhy/kb/lookup.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

namespace sipwhy {
namespace {

constexpr std::array<std::string_view, 11> k_stop_words = {"the", "a",   "an", "of",  "to",  "in",
                                                           "is",  "and", "or", "for", "with"};

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    const std::string key = normalize_phrase(text);
    std::size_t start = 0;
    while (start < key.size()) {
        const auto end = std::min(key.find(' ', start), key.size());
        out.push_back(key.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// A searchable text of an entry and how much a hit in it weighs.
struct Field {
    std::string_view name;
    int weight;
    std::vector<std::string> words;
};

void add_text(std::vector<Field>& fields, std::string_view name, int weight, const LocalText& t) {
    for (const auto s : {t.en, t.ru}) {
        if (!s.empty()) {
            fields.push_back({name, weight, words_of(s)});
        }
    }
}

void add_texts(std::vector<Field>& fields, std::string_view name, int weight,
               std::span<const LocalText> texts) {
    for (const auto& t : texts) {
        add_text(fields, name, weight, t);
    }
}

bool word_matches(std::string_view field_word, std::string_view query_word) {
    return query_word.size() >= 3 ? field_word.starts_with(query_word) : field_word == query_word;
}

// The score of an entry for `query`, 0 when some query word is missing: for each word, the weight
// of every text it occurs in, so that an entry about the word outranks one that mentions it once.
int score(const std::vector<Field>& fields, const std::vector<std::string>& query,
          std::vector<std::string_view>& where) {
    int total = 0;
    for (const auto& q : query) {
        int word_total = 0;
        for (const auto& f : fields) {
            if (std::any_of(f.words.begin(), f.words.end(),
                            [&](const std::string& w) { return word_matches(w, q); })) {
                word_total += f.weight;
                if (std::find(where.begin(), where.end(), f.name) == where.end()) {
                    where.push_back(f.name);
                }
            }
        }
        if (word_total == 0) {
            return 0;
        }
        total += word_total;
    }
    return total;
}

}  // namespace

std::vector<const CodeEntry*> list_codes(const KnowledgeBase& kb, std::string_view prefix,
                                         const std::vector<Category>& categories) {
    std::vector<const CodeEntry*> out;
    for (const auto& e : kb.data().codes) {
        if (!std::to_string(e.code).starts_with(prefix)) {
            continue;
        }
        if (!categories.empty() &&
            std::find(categories.begin(), categories.end(), e.category) == categories.end()) {
            continue;
        }
        out.push_back(&e);
    }
    return out;
}

std::vector<SearchHit> search(const KnowledgeBase& kb, std::string_view query) {
    std::vector<std::string> words;
    for (auto& w : words_of(query)) {
        if (std::find(k_stop_words.begin(), k_stop_words.end(), w) == k_stop_words.end()) {
            words.push_back(std::move(w));
        }
    }
    std::vector<SearchHit> hits;
    if (words.empty()) {
        return hits;
    }
    for (const auto& e : kb.data().codes) {
        std::vector<Field> fields;
        fields.push_back({"phrase", 8, words_of(e.reason)});
        add_text(fields, "summary", 4, e.summary);
        add_text(fields, "origin", 2, e.origin);
        add_texts(fields, "causes", 2, e.causes);
        add_texts(fields, "checks", 2, e.checks);
        add_text(fields, "retry", 1, e.retry);
        add_text(fields, "local", 1, e.local);
        SearchHit hit{&e, nullptr, e.code, 0, {}};
        hit.score = score(fields, words, hit.fields);
        if (hit.score > 0) {
            hits.push_back(std::move(hit));
        }
    }
    for (const auto& v : kb.data().variants) {
        std::vector<Field> fields;
        fields.push_back({"phrase", 8, words_of(v.phrase)});
        add_text(fields, "meaning", 4, v.meaning);
        add_texts(fields, "checks", 2, v.checks);
        SearchHit hit{kb.code(v.code), &v, v.code, 0, {}};
        hit.score = score(fields, words, hit.fields);
        if (hit.score > 0) {
            hits.push_back(std::move(hit));
        }
    }
    std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
        if (a.score != b.score) {
            return a.score > b.score;
        }
        if (a.code != b.code) {
            return a.code < b.code;
        }
        return a.variant == nullptr && b.variant != nullptr;
    });
    return hits;
}

std::vector<const PlatformCause*> find_causes(const KnowledgeBase& kb, std::string_view name) {
    // "AST_CAUSE_BUSY" names an Asterisk cause; "BUSY" may be any platform's, Asterisk's included.
    const bool asterisk_only = istarts_with(name, "AST_CAUSE_");
    const std::string_view bare = asterisk_only ? name.substr(10) : name;
    auto same = [&](std::string_view candidate) {
        const std::string_view c =
            istarts_with(candidate, "AST_CAUSE_") ? candidate.substr(10) : candidate;
        return iequals(c, bare);
    };
    std::vector<const PlatformCause*> out;
    for (const auto& c : kb.data().platform_causes) {
        if (asterisk_only && c.platform != Platform::asterisk) {
            continue;
        }
        bool hit = same(c.name);
        for (const auto alias : c.aliases) {
            hit = hit || same(alias);
        }
        if (hit) {
            out.push_back(&c);
        }
    }
    return out;
}

std::string_view closest_cause_name(const KnowledgeBase& kb, std::string_view name) {
    std::vector<std::string_view> names;
    for (const auto& c : kb.data().platform_causes) {
        names.push_back(c.name);
    }
    std::string upper(name);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char ch) {
        return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch;
    });
    const std::string_view best = closest_match(upper, names);
    if (!best.empty()) {
        return best;
    }
    return closest_match("AST_CAUSE_" + upper, names);
}

const PlatformCause* platform_cause_for(const KnowledgeBase& kb, Platform platform, int cause) {
    const std::string value = std::to_string(cause);
    for (const auto& c : kb.data().platform_causes) {
        if (c.platform == platform && c.value == value) {
            return &c;
        }
    }
    return nullptr;
}

std::vector<CodeName> code_names(const KnowledgeBase& kb, std::span<const int> codes) {
    std::vector<CodeName> out;
    for (const int c : codes) {
        const CodeEntry* e = kb.code(c);
        out.push_back({c, e != nullptr ? e->reason : std::string_view{}});
    }
    return out;
}

CauseReport cause_report(const KnowledgeBase& kb, const PlatformCause& c) {
    CauseReport r;
    r.cause = &c;
    const PlatformInfo* info = kb.platform(c.platform);
    r.platform = info != nullptr ? info->name : to_string(c.platform);
    // What a platform sends for a cause: its explicit status, or its default for causes it does
    // not list.
    const int sent = c.to_sip != 0 ? c.to_sip : info != nullptr ? info->default_sip : 0;
    if (sent != 0) {
        r.sends = code_names(kb, std::array{sent}).front();
        r.sends_by_default = c.to_sip == 0;
    }
    r.from_sip = code_names(kb, c.from_sip);
    const bool number =
        !c.value.empty() && c.value.size() <= 3 &&
        std::all_of(c.value.begin(), c.value.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (number) {
        r.q850 = kb.q850(std::stoi(std::string(c.value)));
    }
    return r;
}

Q850Report q850_report(const KnowledgeBase& kb, const Q850Cause& q) {
    Q850Report r;
    r.cause = &q;
    if (const Rfc3398Status rfc = rfc3398_status(q); rfc.status != 0) {
        r.sends = code_names(kb, std::array{rfc.status}).front();
        r.sends_by_default = rfc.is_default;
    }
    r.from_sip = code_names(kb, q.from_sip);
    if (const PlatformCause* fs = platform_cause_for(kb, Platform::freeswitch, q.cause)) {
        r.freeswitch = cause_report(kb, *fs);
    }
    if (const PlatformCause* ast = platform_cause_for(kb, Platform::asterisk, q.cause)) {
        r.asterisk = cause_report(kb, *ast);
    }
    return r;
}

}  // namespace sipwhy
