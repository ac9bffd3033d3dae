#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/text.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

namespace sipwhy {
namespace {

struct PhraseHit {
    Match match = Match::none;
    const Variant* variant = nullptr;
    std::string_view target;
};

// Rules 1-2 for one key.
PhraseHit match_key(const KnowledgeBase& kb, const CodeEntry* entry, int code,
                    std::string_view key) {
    if (entry != nullptr && normalize_phrase(entry->reason) == key) {
        return {Match::exact, nullptr, entry->reason};
    }
    for (const Variant* v : kb.variants_of(code)) {
        const bool hit = v->key.find('*') == std::string_view::npos ? v->key == key
                                                                    : wildcard_match(v->key, key);
        if (hit) {
            return {Match::variant, v, v->phrase};
        }
    }
    return {};
}

// Rule 4: the closest of the code's own phrases within typo distance.
PhraseHit match_fuzzy(const KnowledgeBase& kb, const CodeEntry* entry, int code,
                      std::string_view key) {
    PhraseHit best;
    int best_distance = 1 << 20;
    auto consider = [&](std::string_view candidate_key, const Variant* v, std::string_view phrase) {
        const int limit = typo_allowance(candidate_key.size());
        const int d = edit_distance(key, candidate_key, limit);
        if (d <= limit && d < best_distance) {
            best_distance = d;
            best = {Match::fuzzy, v, phrase};
        }
    };
    if (entry != nullptr) {
        consider(normalize_phrase(entry->reason), nullptr, entry->reason);
    }
    for (const Variant* v : kb.variants_of(code)) {
        if (v->key.find('*') == std::string_view::npos) {
            consider(v->key, v, v->phrase);
        }
    }
    return best;
}

PhraseHit match_phrase(const KnowledgeBase& kb, const CodeEntry* entry, int code,
                       std::string_view phrase, std::string& used_key) {
    const std::string key = normalize_phrase(phrase);
    used_key = key;
    if (key.empty()) {
        return {};
    }
    if (auto hit = match_key(kb, entry, code, key); hit.match != Match::none) {
        return hit;
    }
    const std::string stripped = normalize_phrase(strip_trailing_tags(phrase));
    if (stripped != key) {
        used_key = stripped;
        if (auto hit = match_key(kb, entry, code, stripped); hit.match != Match::none) {
            return hit;
        }
    }
    if (auto hit = match_fuzzy(kb, entry, code, key); hit.match != Match::none) {
        return hit;
    }
    if (stripped != key) {
        return match_fuzzy(kb, entry, code, stripped);
    }
    return {};
}

std::vector<PhraseElsewhere> find_elsewhere(const KnowledgeBase& kb, int code,
                                            std::string_view key) {
    std::vector<PhraseElsewhere> out;
    for (const CodeEntry* e : kb.codes_with_key(key)) {
        if (e->code != code) {
            out.push_back({e->code, e, nullptr});
        }
    }
    for (const Variant* v : kb.variants_with_key(key)) {
        if (v->code != code) {
            out.push_back({v->code, nullptr, v});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.code < b.code; });
    return out;
}

// The advice that goes with the next step shown, so that the text never contradicts the id.
void set_advice(const KnowledgeBase& kb, Explanation& x) {
    if (x.match == Match::none) {
        x.advice = {};
    } else if (x.variant != nullptr && !x.variant->retry.empty()) {
        x.advice = x.variant->retry;
    } else if (x.entry != nullptr && x.next_step == x.entry->next_step && !x.entry->retry.empty()) {
        x.advice = x.entry->retry;
    } else if (const auto* info = kb.next_step_info(x.next_step)) {
        x.advice = info->description;
    }
}

Explanation base_explanation(const KnowledgeBase& kb, int code) {
    Explanation x;
    x.code = code;
    x.entry = kb.code(code);
    x.class_info = kb.class_info(code / 100);
    if (x.entry != nullptr) {
        x.match = Match::code_only;
        x.category = x.entry->category;
        x.next_step = x.entry->next_step;
    } else {
        x.match = Match::class_only;
        if (x.class_info != nullptr) {
            x.category = x.class_info->category;
            x.next_step = x.class_info->next_step;
        }
    }
    if (x.entry == nullptr || !x.entry->registered) {
        x.treated_as = treated_as(code);
        x.treated_as_entry = x.treated_as != 0 ? kb.code(x.treated_as) : nullptr;
    }
    x.mappings = mappings_of(kb, code);
    set_advice(kb, x);
    return x;
}

}  // namespace

int treated_as(int code) {
    return code / 100 == 1 ? 183 : code / 100 * 100;
}

std::optional<Category> category_from_words(const KnowledgeBase& kb, std::string_view phrase) {
    const std::string key = " " + normalize_phrase(phrase) + " ";
    for (const auto& rule : kb.data().keywords) {
        for (const auto word : rule.words) {
            if (key.find(" " + std::string(word) + " ") != std::string::npos) {
                return rule.category;
            }
        }
    }
    return std::nullopt;
}

// What a response means, in one text: the matched variant's meaning, else the code's or class's.
LocalText meaning_of(const Explanation& x) {
    if (x.variant != nullptr) {
        return x.variant->meaning;
    }
    if (x.entry != nullptr) {
        return x.entry->summary;
    }
    if (x.class_info != nullptr) {
        return x.class_info->summary;
    }
    return {};
}

Mappings mappings_of(const KnowledgeBase& kb, int code) {
    Mappings m;
    for (const auto& q : kb.data().q850) {
        if (std::find(q.from_sip.begin(), q.from_sip.end(), code) != q.from_sip.end()) {
            m.q850 = &q;
            break;
        }
    }
    if (const auto* e = kb.code(code)) {
        m.q850_note = e->mapping_note;
    }
    if (m.q850 == nullptr && m.q850_note.empty() && code >= 400) {
        m.q850 = kb.q850(k_rfc3398_default_cause);
        m.q850_is_default = m.q850 != nullptr;
    }
    for (const auto& info : kb.data().platforms) {
        PlatformMapping pm{info.id, &info, nullptr, false};
        for (const auto& c : kb.data().platform_causes) {
            if (c.platform == info.id &&
                std::find(c.from_sip.begin(), c.from_sip.end(), code) != c.from_sip.end()) {
                pm.cause = &c;
                break;
            }
        }
        if (pm.cause == nullptr) {
            const auto name = info.default_cause[static_cast<std::size_t>(code / 100 - 1)];
            for (const auto& c : kb.data().platform_causes) {
                if (!name.empty() && c.platform == info.id && c.name == name) {
                    pm.cause = &c;
                    pm.is_default = true;
                    break;
                }
            }
        }
        m.platforms.push_back(pm);
    }
    return m;
}

Explanation explain_status(const KnowledgeBase& kb, int code, std::string_view phrase) {
    Explanation x = base_explanation(kb, code);
    x.reason = std::string(trim(phrase));
    std::string key;
    const PhraseHit hit = match_phrase(kb, x.entry, code, x.reason, key);
    if (hit.match != Match::none) {
        x.match = hit.match;
        x.variant = hit.variant;
        x.fuzzy_target = hit.match == Match::fuzzy ? hit.target : std::string_view{};
        if (hit.variant != nullptr) {
            x.category = hit.variant->category;
            x.next_step = hit.variant->next_step.value_or(x.next_step);
        }
        set_advice(kb, x);
        return x;
    }
    if (key.empty()) {
        return x;
    }
    x.elsewhere = find_elsewhere(kb, code, key);
    std::optional<Category> hint;
    if (!x.elsewhere.empty()) {
        const auto& e = x.elsewhere.front();
        hint = e.variant != nullptr ? e.variant->category : e.entry->category;
    }
    if (!hint) {
        hint = category_from_words(kb, x.reason);
    }
    if (hint && *hint != x.category) {
        x.category_hint = hint;
    }
    return x;
}

std::optional<StatusInText> response_in_text(std::string_view text) {
    class First : public ScanSink {
    public:
        bool response(const ScannedResponse& r) override {
            found = StatusInText{r.code, std::string(r.reason)};
            return false;  // the first is the one
        }
        std::optional<StatusInText> found;
    } sink;
    LogScanner scanner(sink, ScanOptions{.line_numbers = false, .headers = false});
    scanner.feed(text);
    scanner.finish();
    return sink.found;
}

std::vector<Explanation> explain(const KnowledgeBase& kb, const Query& query) {
    std::vector<Explanation> out;
    switch (query.kind) {
        case Query::Kind::code:
            out.push_back(explain_status(kb, query.code, query.phrase));
            break;
        case Query::Kind::pattern: {
            for (const auto& e : kb.data().codes) {
                if (std::to_string(e.code).starts_with(query.prefix)) {
                    out.push_back(base_explanation(kb, e.code));
                }
            }
            if (out.empty()) {
                // Nothing known under the pattern: what its class means.
                Explanation x;
                x.class_info = kb.class_info(query.prefix[0] - '0');
                x.match = Match::class_only;
                if (x.class_info != nullptr) {
                    x.category = x.class_info->category;
                    x.next_step = x.class_info->next_step;
                }
                set_advice(kb, x);
                out.push_back(std::move(x));
            }
            break;
        }
        case Query::Kind::phrase: {
            if (const auto r = response_in_text(query.phrase)) {
                out.push_back(explain_status(kb, r->code, r->reason));
                break;
            }
            const std::string key = normalize_phrase(query.phrase);
            const std::string stripped = normalize_phrase(strip_trailing_tags(query.phrase));
            std::vector<int> codes;
            for (const auto& k : {key, stripped}) {
                for (const auto& e : find_elsewhere(kb, 0, k)) {
                    if (std::find(codes.begin(), codes.end(), e.code) == codes.end()) {
                        codes.push_back(e.code);
                    }
                }
                if (!codes.empty()) {
                    break;
                }
            }
            if (codes.empty()) {
                // No exact hit: the codes whose own phrases are within typo distance.
                for (const auto& e : kb.data().codes) {
                    const auto hit = match_fuzzy(kb, &e, e.code, key);
                    if (hit.match == Match::fuzzy) {
                        codes.push_back(e.code);
                    }
                }
            }
            std::sort(codes.begin(), codes.end());
            for (const int code : codes) {
                out.push_back(explain_status(kb, code, query.phrase));
            }
            if (out.empty()) {
                Explanation x;
                x.reason = query.phrase;
                x.match = Match::none;
                x.category = Category::unknown;
                x.category_hint = category_from_words(kb, query.phrase);
                out.push_back(std::move(x));
            }
            break;
        }
        case Query::Kind::reason:
        case Query::Kind::warning:
            // Headers are explained by their own functions (headers.hpp).
            break;
    }
    for (auto& x : out) {
        x.query = query.text;
    }
    return out;
}

std::string_view platform_of_sender(std::string_view value) {
    // What a product writes in its Server or User-Agent, and the name the texts use for it.
    static constexpr std::pair<std::string_view, std::string_view> k_platforms[] = {
        {"asterisk", "Asterisk"},   {"freeswitch", "FreeSWITCH"}, {"kamailio", "Kamailio"},
        {"opensips", "OpenSIPS"},   {"pstnhub", "Teams"},         {"microsoft", "Teams"},
        {"twilio", "Twilio"},       {"telnyx", "Telnyx"},         {"audiocodes", "AudioCodes"},
        {"cisco", "Cisco"},         {"avaya", "Avaya"},           {"sipgate", "sipgate"},
        {"sofia-sip", "sofia-sip"}, {"pjsip", "pjsip"},           {"jssip", "JsSIP"},
        {"sip.js", "SIP.js"},       {"flexisip", "Flexisip"},     {"kazoo", "Kazoo"},
    };
    std::string lower(value.substr(0, 256));
    for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (const auto& [written, name] : k_platforms) {
        if (lower.find(written) != std::string::npos) {
            return name;
        }
    }
    return {};
}

bool names_platform(std::string_view text, std::string_view platform) {
    if (platform.empty()) {
        return false;
    }
    const auto word_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    };
    for (std::size_t i = 0; i + platform.size() <= text.size(); ++i) {
        if (iequals(text.substr(i, platform.size()), platform) &&
            (i == 0 || !word_char(text[i - 1])) &&
            (i + platform.size() == text.size() || !word_char(text[i + platform.size()]))) {
            return true;
        }
    }
    return false;
}

ExplanationCache::ExplanationCache(const KnowledgeBase& kb, std::size_t capacity)
    : m_kb(kb), m_capacity(capacity) {}

const Explanation& ExplanationCache::get(int code, std::string_view reason) {
    const auto index = static_cast<std::size_t>(code - 100);
    const Map::value_type*& last = m_last.at(index);
    if (last != nullptr && last->first == reason) {
        return *last->second;
    }
    Map& map = m_by_code[index];
    if (const auto it = map.find(reason); it != map.end()) {
        last = &*it;
        return *it->second;
    }
    if (m_size >= m_capacity) {
        for (auto& m : m_by_code) {
            m.clear();
        }
        m_last.fill(nullptr);
        m_size = 0;
    }
    ++m_size;
    auto x = std::make_unique<Explanation>(explain_status(m_kb, code, reason));
    last = &*map.emplace(std::string(reason), std::move(x)).first;
    return *last->second;
}

}  // namespace sipwhy
