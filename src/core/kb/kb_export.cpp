#include <sipwhy/kb/kb_export.hpp>
#include <sipwhy/kb/lookup.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <array>

namespace sipwhy {
namespace {

constexpr std::array<std::string_view, 4> k_table_names = {"codes", "variants", "q850",
                                                           "platforms"};

ExportCell text(std::string_view s) {
    return s.empty() ? ExportCell{} : ExportCell{sanitize_utf8(s)};
}

ExportCell id(std::string_view s) {
    return ExportCell{std::string(s)};
}

ExportCell number_or_empty(int n) {
    return n != 0 ? ExportCell{std::int64_t{n}} : ExportCell{};
}

// What a platform sends for a cause (0 for nothing), and whether that is its default for the
// causes it does not list.
std::pair<int, bool> sent_status(const KnowledgeBase& kb, const PlatformCause& c) {
    const CauseReport r = cause_report(kb, c);
    return {r.sends ? r.sends->code : 0, r.sends_by_default};
}

ExportRows codes(const KnowledgeBase& kb, Lang lang) {
    ExportRows t{
        {"code", "reason", "class", "registered", "category", "next_step", "summary", "rfc"}, {}};
    for (const CodeEntry& e : kb.data().codes) {
        t.rows.push_back({std::int64_t{e.code}, text(e.reason),
                          id(fmt::format("{}xx", e.code / 100)), e.registered,
                          id(to_string(e.category)), id(to_string(e.next_step)),
                          text(e.summary.in(lang)), text(e.rfc)});
    }
    return t;
}

ExportRows variants(const KnowledgeBase& kb, Lang lang) {
    ExportRows t{{"code", "phrase", "normalized_phrase", "category", "next_step", "meaning",
                  "vendor", "kind"},
                 {}};
    for (const Variant& v : kb.data().variants) {
        const CodeEntry* e = kb.code(v.code);
        const NextStep step = v.next_step.value_or(e != nullptr ? e->next_step : NextStep::stop);
        t.rows.push_back({std::int64_t{v.code}, text(v.phrase), text(v.key),
                          id(to_string(v.category)), id(to_string(step)), text(v.meaning.in(lang)),
                          text(v.vendor), id(to_string(v.kind))});
    }
    return t;
}

ExportRows q850(const KnowledgeBase& kb) {
    ExportRows t{{"cause", "name", "category", "rfc3398_sip", "freeswitch_cause", "freeswitch_sip",
                  "asterisk_cause", "asterisk_sip"},
                 {}};
    for (const Q850Cause& q : kb.data().q850) {
        std::vector<ExportCell> row{std::int64_t{q.cause}, text(q.name),
                                    q.category ? id(to_string(*q.category)) : ExportCell{},
                                    number_or_empty(rfc3398_status(q).status)};
        for (const Platform p : {Platform::freeswitch, Platform::asterisk}) {
            const PlatformCause* c = platform_cause_for(kb, p, q.cause);
            row.push_back(c != nullptr ? text(c->name) : ExportCell{});
            row.push_back(c != nullptr ? number_or_empty(sent_status(kb, *c).first) : ExportCell{});
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

ExportRows platforms(const KnowledgeBase& kb) {
    ExportRows t{{"platform", "cause", "value", "sip_status", "sip_status_default"}, {}};
    for (const PlatformCause& c : kb.data().platform_causes) {
        const auto [sent, by_default] = sent_status(kb, c);
        t.rows.push_back({id(to_string(c.platform)), text(c.name), text(c.value),
                          number_or_empty(sent), sent != 0 && by_default});
    }
    return t;
}

}  // namespace

std::string_view to_string(ExportTable t) {
    return k_table_names[static_cast<std::size_t>(t)];
}

std::optional<ExportTable> parse_export_table(std::string_view name) {
    for (std::size_t i = 0; i < k_table_names.size(); ++i) {
        if (k_table_names[i] == name) {
            return static_cast<ExportTable>(i);
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> export_table_names() {
    return {k_table_names.begin(), k_table_names.end()};
}

ExportRows export_table(const KnowledgeBase& kb, ExportTable table, Lang lang) {
    switch (table) {
        case ExportTable::codes:
            return codes(kb, lang);
        case ExportTable::variants:
            return variants(kb, lang);
        case ExportTable::q850:
            return q850(kb);
        case ExportTable::platforms:
            return platforms(kb);
    }
    return {};
}

}  // namespace sipwhy
