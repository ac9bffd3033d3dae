#include "render/json_line.hpp"
#include "render/render_util.hpp"

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/kb/lookup.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <set>

namespace sipwhy {
namespace {

using namespace detail;
using Json = nlohmann::ordered_json;

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

Json codes_json(std::span<const int> codes) {
    Json a = Json::array();
    for (const int c : codes) {
        a.push_back(c);
    }
    return a;
}

// "486 Busy Here", or "486" for a code the knowledge base does not know.
std::string code_text(const KnowledgeBase& kb, int code) {
    const CodeEntry* e = kb.code(code);
    return e != nullptr ? fmt::format("{} {}", code, e->reason) : std::to_string(code);
}

std::string codes_text(const KnowledgeBase& kb, std::span<const int> codes) {
    std::string out;
    for (const int c : codes) {
        out += out.empty() ? "" : ", ";
        out += code_text(kb, c);
    }
    return out;
}

// "sends 486 Busy Here (default)": the SIP status a platform sends for a cause.
std::string sends_text(const KnowledgeBase& kb, int sent, bool by_default, Lang lang) {
    std::string s = fmt::format(fmt::runtime(label::sends.in(lang)), code_text(kb, sent));
    if (by_default) {
        s += fmt::format(" ({})", label::by_default.in(lang));
    }
    return s;
}

std::string_view platform_name(const KnowledgeBase& kb, Platform p) {
    const PlatformInfo* info = kb.platform(p);
    return info != nullptr ? info->name : to_string(p);
}

// What a platform sends for a cause: its explicit status, or its default for causes it does not
// list.
std::pair<int, bool> sent_status(const KnowledgeBase& kb, const PlatformCause& c) {
    if (c.to_sip != 0) {
        return {c.to_sip, false};
    }
    const PlatformInfo* info = kb.platform(c.platform);
    return {info != nullptr ? info->default_sip : 0, true};
}

Json cause_json(const KnowledgeBase& kb, const PlatformCause& c, Lang lang) {
    const auto [sent, by_default] = sent_status(kb, c);
    Json j;
    j["platform"] = std::string(to_string(c.platform));
    j["name"] = std::string(c.name);
    j["value"] = std::string(c.value);
    j["meaning"] = text_or_null(c.meaning.in(lang));
    j["note"] = text_or_null(c.note.in(lang));
    j["to_sip"] = sent != 0 ? Json(sent) : Json(nullptr);
    j["to_sip_default"] = sent != 0 && by_default;
    j["from_sip"] = codes_json(c.from_sip);
    return j;
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

void render_search(std::ostream& out, const std::vector<SearchHit>& hits, Format format,
                   const RenderOptions& opt) {
    const Lang lang = opt.lang;
    if (format == Format::json) {
        int rank = 0;
        for (const auto& h : hits) {
            Json j;
            j["rank"] = ++rank;
            j["score"] = h.score;
            j["code"] = h.code;
            j["kind"] = h.variant != nullptr ? "variant" : "code";
            j["phrase"] = std::string(h.variant != nullptr ? h.variant->phrase : h.entry->reason);
            j["canonical_reason"] =
                h.entry != nullptr ? Json(std::string(h.entry->reason)) : Json(nullptr);
            const Category category =
                h.variant != nullptr ? h.variant->category : h.entry->category;
            j["category"] = std::string(to_string(category));
            j["vendor"] = h.variant != nullptr ? text_or_null(h.variant->vendor) : Json(nullptr);
            const LocalText meaning = h.variant != nullptr ? h.variant->meaning : h.entry->summary;
            j["meaning"] = text_or_null(first_sentence(meaning.in(lang)));
            Json fields = Json::array();
            for (const auto f : h.fields) {
                fields.push_back(std::string(f));
            }
            j["matched"] = std::move(fields);
            write_json_line(out, j);
        }
        return;
    }
    for (const auto& h : hits) {
        const Category category = h.variant != nullptr ? h.variant->category : h.entry->category;
        const std::string phrase = h.variant != nullptr ? fmt::format("\"{}\"", h.variant->phrase)
                                                        : std::string(h.entry->reason);
        std::string who;
        if (h.variant != nullptr) {
            who = h.variant->vendor.empty()
                      ? std::string(label::variant_word.in(lang))
                      : fmt::format("{}, {}", label::variant_word.in(lang), h.variant->vendor);
        }
        const std::string head = fmt::format("{} {}", h.code, phrase);
        if (format == Format::brief) {
            out << head << " - " << to_string(category) << '\n';
            continue;
        }
        out << styled(head, Style::bold, opt.color) << " - "
            << styled(to_string(category), category_style(category), opt.color);
        if (!who.empty()) {
            out << " (" << who << ')';
        }
        out << '\n';
        const LocalText meaning = h.variant != nullptr ? h.variant->meaning : h.entry->summary;
        out << "  ";
        write_wrapped(out, first_sentence(meaning.in(lang)), 2, 2, opt.width);
    }
}

void render_q850(std::ostream& out, const KnowledgeBase& kb, const Q850Cause& q, Format format,
                 const RenderOptions& opt) {
    const Lang lang = opt.lang;
    const PlatformCause* fs = platform_cause_for(kb, Platform::freeswitch, q.cause);
    const PlatformCause* ast = platform_cause_for(kb, Platform::asterisk, q.cause);
    const Rfc3398Status rfc = rfc3398_status(q);
    if (format == Format::json) {
        Json j;
        j["cause"] = q.cause;
        j["name"] = std::string(q.name);
        j["class"] = std::string(to_string(q.q850_class));
        j["itu"] = q.itu;
        j["category"] = q.category ? Json(std::string(to_string(*q.category))) : Json(nullptr);
        j["meaning"] = text_or_null(q.meaning.in(lang));
        j["rfc3398"] = {{"to_sip", rfc.status != 0 ? Json(rfc.status) : Json(nullptr)},
                        {"to_sip_default", rfc.is_default},
                        {"to_sip_note", text_or_null(q.to_sip_note.in(lang))},
                        {"from_sip", codes_json(q.from_sip)}};
        j["freeswitch"] = fs != nullptr ? cause_json(kb, *fs, lang) : Json(nullptr);
        j["asterisk"] = ast != nullptr ? cause_json(kb, *ast, lang) : Json(nullptr);
        write_json_line(out, j);
        return;
    }
    const std::string head = fmt::format("Q.850 {}: {}", q.cause, q.name_in(lang));
    const std::string_view category = q.category ? to_string(*q.category) : "unknown";
    if (format == Format::brief) {
        out << head << " - " << category;
        if (rfc.status != 0) {
            out << " - SIP " << rfc.status;
        }
        out << '\n';
        return;
    }
    out << styled(head, Style::bold, opt.color) << " - "
        << styled(category, category_style(q.category.value_or(Category::unknown)), opt.color)
        << '\n';
    auto para = [&](std::string_view text) { write_para(out, text, 2, opt.width); };
    para(q.meaning.in(lang));
    if (!q.itu) {
        para(label::not_itu.in(lang));
    }
    out << styled(fmt::format("  {}:", label::to_and_from_sip.in(lang)), Style::bold, opt.color)
        << '\n';
    std::vector<std::pair<std::string, std::string>> rows;
    auto row_text = [&](int sent, bool by_default, std::span<const int> from) {
        std::string s;
        if (sent != 0) {
            s = sends_text(kb, sent, by_default, lang);
        } else {
            s = std::string(label::sends_nothing.in(lang));
        }
        if (!from.empty()) {
            s += fmt::format("; {}", fmt::format(fmt::runtime(label::from_codes.in(lang)),
                                                 codes_text(kb, from)));
        }
        return s;
    };
    rows.emplace_back("RFC 3398", row_text(rfc.status, rfc.is_default, q.from_sip));
    for (const PlatformCause* c : {fs, ast}) {
        if (c != nullptr) {
            const auto [sent, by_default] = sent_status(kb, *c);
            rows.emplace_back(
                std::string(platform_name(kb, c->platform)),
                fmt::format("{}: {}", c->name, row_text(sent, by_default, c->from_sip)));
        }
    }
    std::size_t width = 0;
    for (const auto& [name, text] : rows) {
        width = std::max(width, name.size());
    }
    for (const auto& [name, text] : rows) {
        const std::string lead =
            fmt::format("    {}{}  ", name, std::string(width - name.size(), ' '));
        out << lead;
        write_wrapped(out, text, display_width(lead), display_width(lead), opt.width);
    }
    para(q.to_sip_note.in(lang));
}

void render_cause(std::ostream& out, const KnowledgeBase& kb, std::string_view query,
                  const std::vector<const PlatformCause*>& causes, Format format,
                  const RenderOptions& opt) {
    const Lang lang = opt.lang;
    if (format == Format::json) {
        Json j;
        j["query"] = sanitize_utf8(query);
        Json items = Json::array();
        for (const PlatformCause* c : causes) {
            Json item = cause_json(kb, *c, lang);
            int number = -1;
            if (std::all_of(c->value.begin(), c->value.end(),
                            [](char ch) { return ch >= '0' && ch <= '9'; }) &&
                !c->value.empty() && c->value.size() <= 3) {
                number = std::stoi(std::string(c->value));
            }
            const Q850Cause* q = number >= 0 ? kb.q850(number) : nullptr;
            item["q850"] = q != nullptr
                               ? Json({{"cause", q->cause}, {"name", std::string(q->name)}})
                               : Json(nullptr);
            items.push_back(std::move(item));
        }
        j["causes"] = std::move(items);
        write_json_line(out, j);
        return;
    }
    for (const PlatformCause* c : causes) {
        const auto [sent, by_default] = sent_status(kb, *c);
        const std::string head = fmt::format("{} {}", platform_name(kb, c->platform), c->name);
        std::string value = c->value == c->name ? std::string{} : fmt::format(" = {}", c->value);
        if (format == Format::brief) {
            out << head << value;
            if (sent != 0) {
                out << " - SIP " << sent;
            }
            out << '\n';
            continue;
        }
        out << styled(head, Style::bold, opt.color) << value << '\n';
        auto para = [&](std::string_view text) { write_para(out, text, 2, opt.width); };
        para(c->meaning.in(lang));
        para(c->note.in(lang));
        if (sent != 0) {
            para(sends_text(kb, sent, by_default, lang));
        }
        if (!c->from_sip.empty()) {
            para(
                fmt::format(fmt::runtime(label::from_codes.in(lang)), codes_text(kb, c->from_sip)));
        }
        if (!c->aliases.empty()) {
            std::string aliases;
            for (const auto a : c->aliases) {
                aliases += aliases.empty() ? "" : ", ";
                aliases += a;
            }
            para(fmt::format("{}: {}", label::aliases.in(lang), aliases));
        }
    }
}

}  // namespace sipwhy
