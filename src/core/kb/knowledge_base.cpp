#include "kb/kb_internal.hpp"

#include <sipwhy/kb/finding_ids.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <mutex>

namespace sipwhy {

std::string_view LocalText::in(Lang lang) const {
    const std::string_view wanted = lang == Lang::ru ? ru : en;
    if (!wanted.empty()) {
        return wanted;
    }
    return en.empty() ? ru : en;
}

std::string_view KbStorage::keep(std::string s) {
    return m_strings.emplace_back(std::move(s));
}

namespace {

// Orders variants by their code, for a lookup by code.
struct ByCode {
    bool operator()(const Variant* v, int code) const { return v->code < code; }
    bool operator()(int code, const Variant* v) const { return code < v->code; }
};

}  // namespace

struct KnowledgeBase::PhraseIndex {
    std::once_flag built;
    std::unordered_multimap<std::string_view, const Variant*> variants_by_key;
    std::vector<const Variant*> wildcard_variants;
    std::unordered_multimap<std::string, const CodeEntry*> codes_by_key;
};

Rfc3398Status rfc3398_status(const Q850Cause& q) {
    if (q.to_sip != 0) {
        return {q.to_sip, false};
    }
    if (!q.itu || !q.to_sip_note.empty()) {
        return {};
    }
    return {k_rfc3398_default_status, true};
}

KnowledgeBase::KnowledgeBase()
    : m_storage(std::make_shared<KbStorage>()), m_phrases(std::make_unique<PhraseIndex>()) {}

KnowledgeBase::KnowledgeBase(KbData data)
    : m_data(std::move(data)), m_storage(std::make_shared<KbStorage>()) {
    reindex();
}

KnowledgeBase::KnowledgeBase(const KnowledgeBase& other)
    : m_data(other.m_data), m_storage(other.m_storage) {
    reindex();
}

KnowledgeBase::KnowledgeBase(KnowledgeBase&&) noexcept = default;
KnowledgeBase& KnowledgeBase::operator=(KnowledgeBase&&) noexcept = default;
KnowledgeBase::~KnowledgeBase() = default;

KnowledgeBase& KnowledgeBase::operator=(const KnowledgeBase& other) {
    if (this != &other) {
        m_data = other.m_data;
        m_storage = other.m_storage;
        reindex();
    }
    return *this;
}

std::vector<Diagnostic> KnowledgeBase::load(std::string_view source_name,
                                            std::string_view json_text, bool allow_override) {
    if (json_text.size() > k_max_file_size) {
        return {Diagnostic{
            std::string(source_name), 0, 0, "",
            fmt::format("larger than the limit of {} MiB for a knowledge-base file",
                        k_max_file_size >> 20),
            fmt::format("больше предела в {} МиБ для файла базы знаний", k_max_file_size >> 20)}};
    }
    auto diags = load_kb_json(m_data, *m_storage, source_name, json_text, allow_override);
    reindex();
    return diags;
}

void KnowledgeBase::reindex() {
    m_code_index.fill(0);
    for (std::size_t i = 0; i < m_data.codes.size(); ++i) {
        m_code_index[static_cast<std::size_t>(m_data.codes[i].code)] = static_cast<int>(i) + 1;
    }
    m_variants_by_code.clear();
    for (const auto& v : m_data.variants) {
        m_variants_by_code.push_back(&v);
    }
    std::stable_sort(m_variants_by_code.begin(), m_variants_by_code.end(),
                     [](const Variant* a, const Variant* b) { return a->code < b->code; });
    m_phrases = std::make_unique<PhraseIndex>();
}

const KnowledgeBase::PhraseIndex& KnowledgeBase::phrases() const {
    PhraseIndex& index = *m_phrases;
    std::call_once(index.built, [&] {
        for (const auto& v : m_data.variants) {
            if (v.key.find('*') != std::string_view::npos) {
                index.wildcard_variants.push_back(&v);
            } else {
                index.variants_by_key.emplace(v.key, &v);
            }
        }
        for (const auto& c : m_data.codes) {
            index.codes_by_key.emplace(normalize_phrase(c.reason), &c);
        }
    });
    return index;
}

const CodeEntry* KnowledgeBase::code(int code) const {
    if (code < 0 || code >= static_cast<int>(m_code_index.size())) {
        return nullptr;
    }
    const int i = m_code_index[static_cast<std::size_t>(code)];
    return i == 0 ? nullptr : &m_data.codes[static_cast<std::size_t>(i - 1)];
}

const ClassInfo* KnowledgeBase::class_info(int digit) const {
    for (const auto& c : m_data.classes) {
        if (c.digit == digit) {
            return &c;
        }
    }
    return nullptr;
}

std::span<const Variant* const> KnowledgeBase::variants_of(int code) const {
    const auto [first, last] =
        std::equal_range(m_variants_by_code.begin(), m_variants_by_code.end(), code, ByCode{});
    return {first, last};
}

std::vector<const Variant*> KnowledgeBase::variants_with_key(std::string_view key) const {
    std::vector<const Variant*> out;
    const PhraseIndex& index = phrases();
    const auto [first, last] = index.variants_by_key.equal_range(key);
    for (auto it = first; it != last; ++it) {
        out.push_back(it->second);
    }
    for (const auto* v : index.wildcard_variants) {
        if (wildcard_match(v->key, key)) {
            out.push_back(v);
        }
    }
    std::sort(out.begin(), out.end(), [](const Variant* a, const Variant* b) {
        return a->code != b->code ? a->code < b->code : a < b;
    });
    return out;
}

std::vector<const CodeEntry*> KnowledgeBase::codes_with_key(std::string_view key) const {
    std::vector<const CodeEntry*> out;
    const auto [first, last] = phrases().codes_by_key.equal_range(std::string(key));
    for (auto it = first; it != last; ++it) {
        out.push_back(it->second);
    }
    std::sort(out.begin(), out.end(),
              [](const CodeEntry* a, const CodeEntry* b) { return a->code < b->code; });
    return out;
}

const NextStepInfo* KnowledgeBase::next_step_info(NextStep s) const {
    for (const auto& info : m_data.next_steps) {
        if (info.id == s) {
            return &info;
        }
    }
    return nullptr;
}

const Q850Cause* KnowledgeBase::q850(int cause) const {
    for (const auto& q : m_data.q850) {
        if (q.cause == cause) {
            return &q;
        }
    }
    return nullptr;
}

const PlatformInfo* KnowledgeBase::platform(Platform p) const {
    for (const auto& info : m_data.platforms) {
        if (info.id == p) {
            return &info;
        }
    }
    return nullptr;
}

const WarnCode* KnowledgeBase::warn_code(int code) const {
    for (const auto& w : m_data.warn_codes) {
        if (w.code == code) {
            return &w;
        }
    }
    return nullptr;
}

const ReasonProtocol* KnowledgeBase::reason_protocol(std::string_view protocol) const {
    for (const auto& r : m_data.reason_protocols) {
        if (iequals(r.protocol, protocol)) {
            return &r;
        }
    }
    return nullptr;
}

const FindingRule* KnowledgeBase::finding_rule(std::string_view id) const {
    for (const auto& r : m_data.finding_rules) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

const OptionTag* KnowledgeBase::option_tag(std::string_view tag) const {
    for (const auto& t : m_data.option_tags) {
        if (iequals(t.tag, tag)) {
            return &t;
        }
    }
    return nullptr;
}

std::vector<Diagnostic> check_complete(const KbData& data) {
    std::vector<Diagnostic> out;
    auto problem = [&](std::string message) {
        out.push_back(Diagnostic{"knowledge base", 0, 0, "", std::move(message)});
    };
    for (const auto id : ids<Category>()) {
        const auto c = *parse_enum<Category>(id);
        if (std::none_of(data.categories.begin(), data.categories.end(),
                         [&](const auto& i) { return i.id == c; })) {
            problem(fmt::format("category \"{}\" has no description", id));
        }
    }
    for (const auto id : ids<NextStep>()) {
        const auto s = *parse_enum<NextStep>(id);
        if (std::none_of(data.next_steps.begin(), data.next_steps.end(),
                         [&](const auto& i) { return i.id == s; })) {
            problem(fmt::format("next step \"{}\" has no description", id));
        }
    }
    for (int digit = 1; digit <= 6; ++digit) {
        if (std::none_of(data.classes.begin(), data.classes.end(),
                         [&](const auto& c) { return c.digit == digit; })) {
            problem(fmt::format("class \"{}xx\" has no description", digit));
        }
    }
    auto known_code = [&](int code) {
        return std::any_of(data.codes.begin(), data.codes.end(),
                           [&](const auto& c) { return c.code == code; });
    };
    for (const auto& v : data.variants) {
        if (!known_code(v.code)) {
            problem(
                fmt::format("variant \"{}\" names code {}, which has no entry", v.phrase, v.code));
        }
    }
    for (const auto& q : data.q850) {
        if (q.to_sip != 0 && !known_code(q.to_sip)) {
            problem(
                fmt::format("Q.850 cause {} maps to {}, which has no entry", q.cause, q.to_sip));
        }
        for (const int s : q.from_sip) {
            if (!known_code(s)) {
                problem(fmt::format("Q.850 cause {} lists {}, which has no entry", q.cause, s));
            }
        }
    }
    for (const auto& c : data.platform_causes) {
        const auto platform = to_string(c.platform);
        if (c.to_sip != 0 && !known_code(c.to_sip)) {
            problem(fmt::format("{} cause {} maps to {}, which has no entry", platform, c.name,
                                c.to_sip));
        }
        for (const int s : c.from_sip) {
            if (!known_code(s)) {
                problem(
                    fmt::format("{} cause {} lists {}, which has no entry", platform, c.name, s));
            }
        }
    }
    for (const auto id : ids<Platform>()) {
        const auto p = *parse_enum<Platform>(id);
        const auto info = std::find_if(data.platforms.begin(), data.platforms.end(),
                                       [&](const auto& i) { return i.id == p; });
        if (info == data.platforms.end()) {
            problem(fmt::format("platform \"{}\" has no entry", id));
            continue;
        }
        for (const auto name : info->default_cause) {
            if (name.empty()) {
                continue;
            }
            const bool defined =
                std::any_of(data.platform_causes.begin(), data.platform_causes.end(),
                            [&](const auto& c) { return c.platform == p && c.name == name; });
            if (!defined) {
                problem(fmt::format("platform \"{}\" defaults to cause {}, which has no entry", id,
                                    name));
            }
        }
    }
    for (const auto id : k_finding_ids) {
        if (std::none_of(data.finding_rules.begin(), data.finding_rules.end(),
                         [&](const auto& r) { return r.id == id; })) {
            problem(fmt::format("finding rule \"{}\" has no text", id));
        }
    }
    return out;
}

}  // namespace sipwhy
