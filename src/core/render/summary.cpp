// `--summary` as a table with the counts under it, as one JSON object and as CSV (summary.hpp).
#include "render/json_line.hpp"
#include "render/kpi_json.hpp"
#include "render/render_util.hpp"

#include <sipwhy/render/intervals.hpp>
#include <sipwhy/render/summary.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sipwhy {
namespace {

using namespace detail;
using Json = nlohmann::ordered_json;

// The text, made valid UTF-8, as a JSON string; null when it is empty.
Json clean_or_null(std::string_view s) {
    return s.empty() ? Json(nullptr) : Json(sanitize_utf8(s));
}

}  // namespace

void render_summary_text(std::ostream& out, const ScanSummary& s, const RenderOptions& opt) {
    const Lang lang = opt.lang;
    TextTable table({{label::count.in(lang), 5},
                     {label::code.in(lang), 4},
                     {label::phrase.in(lang), 6, 30},
                     {label::category.in(lang), 8},
                     {label::meaning.in(lang)}});
    for (const ScanSummary::Row* r : s.rows()) {
        table.add_row({{std::to_string(r->count)},
                       {std::to_string(r->code)},
                       {sanitize_utf8(r->reason)},
                       {std::string(to_string(r->category))},
                       {std::string(first_sentence(r->meaning.in(lang)))}});
    }
    table.write(out, opt.color, opt.table_width);
    out << '\n' << styled(fmt::format("{}:", label::by_class.in(lang)), Style::bold, opt.color);
    for (std::size_t i = 0; i < s.by_class().size(); ++i) {
        if (s.by_class()[i] != 0) {
            out << fmt::format("  {}xx {}", i + 1, s.by_class()[i]);
        }
    }
    out << '\n' << styled(fmt::format("{}:", label::by_category.in(lang)), Style::bold, opt.color);
    std::vector<std::pair<Category, std::uint64_t>> cats(s.by_category().begin(),
                                                         s.by_category().end());
    std::stable_sort(cats.begin(), cats.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [category, count] : cats) {
        out << fmt::format("  {} {}", to_string(category), count);
    }
    if (!s.by_finding().empty()) {
        out << '\n'
            << styled(fmt::format("{}:", label::by_finding.in(lang)), Style::bold, opt.color);
        for (const auto& [id, count] : s.by_finding().sorted()) {
            out << fmt::format("  {} {}", id, count);
        }
    }
    out << '\n' << fmt::format(fmt::runtime(label::total.in(lang)), s.total()) << '\n';
    if (s.malformed() > 0) {
        out << fmt::format(fmt::runtime(label::malformed_count.in(lang)), s.malformed()) << '\n';
    }
    if (s.skipped() > 0) {
        out << fmt::format(fmt::runtime(label::skipped_count.in(lang)), s.skipped()) << '\n';
    }
}

void render_summary_json(std::ostream& out, const ScanSummary& s, Lang lang, const KpiReport* kpi,
                         const IntervalSummary* intervals) {
    Json j;
    j["summary"] = true;
    j["total"] = s.total();
    Json rows = Json::array();
    for (const ScanSummary::Row* r : s.rows()) {
        rows.push_back({{"code", r->code},
                        {"reason", sanitize_utf8(r->reason)},
                        {"count", r->count},
                        {"category", std::string(to_string(r->category))},
                        {"next_step", std::string(to_string(r->next_step))},
                        {"meaning", clean_or_null(first_sentence(r->meaning.in(lang)))}});
    }
    j["by_code"] = std::move(rows);
    detail::put_class_and_category_counts(j, s.by_class(), s.by_category());
    Json findings = Json::object();
    for (const auto& [id, count] : s.by_finding().sorted()) {
        findings[std::string(id)] = count;
    }
    j["by_finding"] = std::move(findings);
    j["malformed"] = s.malformed();
    j["skipped"] = s.skipped();
    if (kpi != nullptr) {
        j["kpi"] = detail::kpi_json(*kpi);
    }
    if (intervals != nullptr) {
        j["by_interval"] = intervals_json(*intervals, kpi != nullptr);
    }
    write_json_line(out, j);
}

void render_summary_csv(std::ostream& out, const ScanSummary& s, Lang lang) {
    out << "count,code,reason,category,next_step,meaning\n";
    for (const ScanSummary::Row* r : s.rows()) {
        out << r->count << ',' << r->code << ',' << csv_field(sanitize_utf8(r->reason)) << ','
            << to_string(r->category) << ',' << to_string(r->next_step) << ','
            << csv_field(first_sentence(r->meaning.in(lang))) << '\n';
    }
    // What the text and JSON count under the totals, as rows of no code (docs/json.md, "CSV").
    if (s.malformed() > 0) {
        out << s.malformed() << ",,(malformed status lines),,,\n";
    }
    if (s.skipped() > 0) {
        out << s.skipped() << ",,(skipped files),,,\n";
    }
}

}  // namespace sipwhy
