#include "render/json_line.hpp"
#include "render/kpi_json.hpp"
#include "render/render_util.hpp"

#include <sipwhy/render/intervals.hpp>
#include <sipwhy/report/scan_report.hpp>
#include <sipwhy/sip/headers.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace sipwhy {
namespace {

using namespace detail;
using Json = nlohmann::ordered_json;

// The text, made valid UTF-8, as a JSON string; null when it is empty.
Json clean_or_null(std::string_view s) {
    return s.empty() ? Json(nullptr) : Json(sanitize_utf8(s));
}

constexpr std::string_view k_other_phrases = "(other phrases)";

}  // namespace

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

bool ResponseFilter::accepts(int code, Category category, NextStep next_step) const {
    if (failures_only && code < 300) {
        return false;
    }
    if (!classes.empty() &&
        std::find(classes.begin(), classes.end(), code / 100) == classes.end()) {
        return false;
    }
    if (!codes.empty() && std::find(codes.begin(), codes.end(), code) == codes.end()) {
        return false;
    }
    if (!categories.empty() &&
        std::find(categories.begin(), categories.end(), category) == categories.end()) {
        return false;
    }
    if (!next_steps.empty() &&
        std::find(next_steps.begin(), next_steps.end(), next_step) == next_steps.end()) {
        return false;
    }
    return true;
}

void ScanSummary::add(int code, std::string_view reason, const Explanation& x, Category category) {
    ++m_total;
    ++m_by_class.at(static_cast<std::size_t>(code / 100 - 1));
    ++m_by_category[category];
    reason = cut_utf8(reason, 200);
    Rows& rows = m_rows.at(static_cast<std::size_t>(code - 100));
    if (const auto it = rows.find(reason); it != rows.end()) {
        ++it->second.count;  // the usual case: nothing to build
        return;
    }
    Row made;
    made.category = x.category;
    made.next_step = x.next_step;
    made.meaning = meaning_of(x);
    made.other_category = x.entry != nullptr ? x.entry->category : x.category;
    made.other_meaning = x.entry != nullptr ? x.entry->summary : made.meaning;
    ++row_for(code, reason, made).count;
}

ScanSummary::Row& ScanSummary::row_for(int code, std::string_view reason, const Row& made) {
    Rows& rows = m_rows.at(static_cast<std::size_t>(code - 100));
    auto it = rows.find(reason);
    if (it != rows.end()) {
        return it->second;
    }
    const bool full = m_row_count >= m_max;
    if (full) {
        reason = k_other_phrases;
        it = rows.find(reason);
        if (it != rows.end()) {
            return it->second;
        }
    }
    Row row = made;
    row.code = code;
    row.reason = std::string(reason);
    row.count = 0;
    if (full) {
        row.category = made.other_category;
        row.meaning = made.other_meaning;
    }
    m_order.emplace_back(code, row.reason);
    ++m_row_count;
    return rows.emplace(std::string(reason), std::move(row)).first->second;
}

void ScanSummary::merge(const ScanSummary& later) {
    m_total += later.m_total;
    for (std::size_t i = 0; i < m_by_class.size(); ++i) {
        m_by_class[i] += later.m_by_class[i];
    }
    for (const auto& [category, n] : later.m_by_category) {
        m_by_category[category] += n;
    }
    // In the order `later` made its rows: the phrase limit is reached where one scan reaches it.
    for (const auto& [code, reason] : later.m_order) {
        const Rows& rows = later.m_rows.at(static_cast<std::size_t>(code - 100));
        if (const auto it = rows.find(reason); it != rows.end()) {
            row_for(code, reason, it->second).count += it->second.count;
        }
    }
    m_malformed += later.m_malformed;
    m_skipped += later.m_skipped;
    m_findings.merge(later.m_findings);
}

std::vector<const ScanSummary::Row*> ScanSummary::sorted() const {
    std::vector<const Row*> rows;
    rows.reserve(m_row_count);
    for (const auto& by_phrase : m_rows) {
        for (const auto& [key, row] : by_phrase) {
            rows.push_back(&row);
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row* a, const Row* b) {
        if (a->count != b->count) {
            return a->count > b->count;
        }
        return a->code != b->code ? a->code < b->code : a->reason < b->reason;
    });
    return rows;
}

void ScanSummary::render_text(std::ostream& out, const RenderOptions& opt) const {
    const Lang lang = opt.lang;
    const auto rows = sorted();
    // Every column at least as wide as its heading, in either language.
    auto heading = [&](const Label& l) {
        return static_cast<std::size_t>(display_width(l.in(lang)));
    };
    std::size_t count_width = std::max<std::size_t>(5, heading(label::count));
    std::size_t phrase_width = std::max<std::size_t>(6, heading(label::phrase));
    std::size_t category_width = std::max<std::size_t>(8, heading(label::category));
    for (const Row* r : rows) {
        count_width = std::max(count_width, std::to_string(r->count).size());
        phrase_width = std::min<std::size_t>(
            30, std::max(phrase_width,
                         static_cast<std::size_t>(display_width(sanitize_utf8(r->reason)))));
        category_width = std::max(category_width, to_string(r->category).size());
    }
    auto pad = [](std::string s, std::size_t width) {
        const auto w = static_cast<std::size_t>(display_width(s));
        if (w > width) {
            // Cut at a character boundary and mark the cut; a wide character that does not fit
            // leaves a space.
            std::string cut(cut_to_width(s, static_cast<int>(width) - 1));
            cut += std::string(width - 1 - static_cast<std::size_t>(display_width(cut)), ' ');
            return cut + "~";
        }
        return s + std::string(width - w, ' ');
    };
    out << styled(fmt::format("{}  {}  {}  {}  {}",
                              pad(std::string(label::count.in(lang)), count_width),
                              pad(std::string(label::code.in(lang)), 4),
                              pad(std::string(label::phrase.in(lang)), phrase_width),
                              pad(std::string(label::category.in(lang)), category_width),
                              label::meaning.in(lang)),
                  Style::bold, opt.color)
        << '\n';
    for (const Row* r : rows) {
        const std::string lead =
            fmt::format("{}  {}   {}  {}  ", pad(std::to_string(r->count), count_width), r->code,
                        pad(sanitize_utf8(r->reason), phrase_width),
                        pad(std::string(to_string(r->category)), category_width));
        out << lead;
        std::string meaning(first_sentence(r->meaning.in(lang)));
        if (opt.table_width > 0) {
            const int room = std::max(20, opt.table_width - display_width(lead));
            if (display_width(meaning) > room) {
                meaning = pad(meaning, static_cast<std::size_t>(room));
            }
        }
        out << meaning << '\n';
    }
    out << '\n' << styled(fmt::format("{}:", label::by_class.in(lang)), Style::bold, opt.color);
    for (std::size_t i = 0; i < m_by_class.size(); ++i) {
        if (m_by_class[i] != 0) {
            out << fmt::format("  {}xx {}", i + 1, m_by_class[i]);
        }
    }
    out << '\n' << styled(fmt::format("{}:", label::by_category.in(lang)), Style::bold, opt.color);
    std::vector<std::pair<Category, std::uint64_t>> cats(m_by_category.begin(),
                                                         m_by_category.end());
    std::stable_sort(cats.begin(), cats.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [category, count] : cats) {
        out << fmt::format("  {} {}", to_string(category), count);
    }
    if (!m_findings.empty()) {
        out << '\n'
            << styled(fmt::format("{}:", label::by_finding.in(lang)), Style::bold, opt.color);
        for (const auto& [id, count] : m_findings.sorted()) {
            out << fmt::format("  {} {}", id, count);
        }
    }
    out << '\n' << fmt::format(fmt::runtime(label::total.in(lang)), m_total) << '\n';
    if (m_malformed > 0) {
        out << fmt::format(fmt::runtime(label::malformed_count.in(lang)), m_malformed) << '\n';
    }
    if (m_skipped > 0) {
        out << fmt::format(fmt::runtime(label::skipped_count.in(lang)), m_skipped) << '\n';
    }
}

void ScanSummary::render_json(std::ostream& out, Lang lang, const KpiReport* kpi,
                              const IntervalSummary* intervals) const {
    Json j;
    j["summary"] = true;
    j["total"] = m_total;
    Json rows = Json::array();
    for (const Row* r : sorted()) {
        rows.push_back({{"code", r->code},
                        {"reason", sanitize_utf8(r->reason)},
                        {"count", r->count},
                        {"category", std::string(to_string(r->category))},
                        {"next_step", std::string(to_string(r->next_step))},
                        {"meaning", clean_or_null(first_sentence(r->meaning.in(lang)))}});
    }
    j["by_code"] = std::move(rows);
    detail::put_class_and_category_counts(j, m_by_class, m_by_category);
    Json findings = Json::object();
    for (const auto& [id, count] : m_findings.sorted()) {
        findings[std::string(id)] = count;
    }
    j["by_finding"] = std::move(findings);
    j["malformed"] = m_malformed;
    j["skipped"] = m_skipped;
    if (kpi != nullptr) {
        j["kpi"] = detail::kpi_json(*kpi);
    }
    if (intervals != nullptr) {
        j["by_interval"] = intervals_json(*intervals, kpi != nullptr);
    }
    write_json_line(out, j);
}

void ScanSummary::render_csv(std::ostream& out, Lang lang) const {
    out << "count,code,reason,category,next_step,meaning\n";
    for (const Row* r : sorted()) {
        out << r->count << ',' << r->code << ',' << csv_field(sanitize_utf8(r->reason)) << ','
            << to_string(r->category) << ',' << to_string(r->next_step) << ','
            << csv_field(first_sentence(r->meaning.in(lang))) << '\n';
    }
    // What the text and JSON count under the totals, as rows of no code (docs/json.md, "CSV").
    if (m_malformed > 0) {
        out << m_malformed << ",,(malformed status lines),,,\n";
    }
    if (m_skipped > 0) {
        out << m_skipped << ",,(skipped files),,,\n";
    }
}

}  // namespace sipwhy
