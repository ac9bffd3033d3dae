#include "json_line.hpp"

#include <sipwhy/scan_report.hpp>
#include <sipwhy/summary_merge.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sipwhy {
namespace {

using Json = nlohmann::ordered_json;

bool is_count(const Json& j) {
    return j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
}

}  // namespace

std::optional<std::string> SummaryMerge::add(std::string_view json_text) {
    Json j;
    try {
        j = Json::parse(json_text);
    } catch (const nlohmann::json::parse_error&) {
        return std::string("not JSON");
    }
    if (!j.is_object() || !j.contains("summary") || j["summary"] != true) {
        return std::string("not a summary (sipwhy --summary --json prints one)");
    }
    if (!j.contains("total") || !is_count(j["total"])) {
        return std::string("\"total\" is not a count");
    }
    // Checked whole before anything is added, so that a bad part changes nothing.
    decltype(m_rows) rows;
    std::array<std::uint64_t, 6> by_class{};
    std::map<Category, std::uint64_t> by_category;
    const Json& codes = j.contains("by_code") ? j["by_code"] : Json();
    if (!codes.is_array()) {
        return std::string("\"by_code\" is not an array");
    }
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const Json& r = codes[i];
        const auto bad = [&](std::string_view field) {
            return fmt::format("by_code[{}].{} is missing or of the wrong type", i, field);
        };
        if (!r.is_object()) {
            return fmt::format("by_code[{}] is not an object", i);
        }
        if (!r.contains("code") || !r["code"].is_number_integer()) {
            return bad("code");
        }
        if (!r.contains("reason") || !r["reason"].is_string()) {
            return bad("reason");
        }
        if (!r.contains("count") || !is_count(r["count"])) {
            return bad("count");
        }
        if (!r.contains("category") || !r["category"].is_string() ||
            !parse_enum<Category>(r["category"].get<std::string>())) {
            return bad("category");
        }
        if (!r.contains("next_step") || !r["next_step"].is_string()) {
            return bad("next_step");
        }
        const int code = r["code"].get<int>();
        if (code < 100 || code > 699) {
            return fmt::format("by_code[{}].code {} is not a status code", i, code);
        }
        Row& row = rows[{code, r["reason"].get<std::string>()}];
        row.count += r["count"].get<std::uint64_t>();
        row.category = r["category"].get<std::string>();
        row.next_step = r["next_step"].get<std::string>();
        if (r.contains("meaning") && r["meaning"].is_string()) {
            row.meaning = r["meaning"].get<std::string>();
        }
    }
    if (j.contains("by_class")) {
        for (std::size_t i = 0; i < by_class.size(); ++i) {
            const std::string key = fmt::format("{}xx", i + 1);
            if (j["by_class"].contains(key)) {
                if (!is_count(j["by_class"][key])) {
                    return fmt::format("by_class.{} is not a count", key);
                }
                by_class[i] = j["by_class"][key].get<std::uint64_t>();
            }
        }
    }
    if (j.contains("by_category")) {
        if (!j["by_category"].is_object()) {
            return std::string("\"by_category\" is not an object");
        }
        for (const auto& [key, value] : j["by_category"].items()) {
            const auto category = parse_enum<Category>(key);
            if (!category || !is_count(value)) {
                return fmt::format("by_category.{} is not a category with a count", key);
            }
            by_category[*category] += value.get<std::uint64_t>();
        }
    }
    std::map<std::string, std::uint64_t> by_finding;
    if (j.contains("by_finding")) {
        if (!j["by_finding"].is_object()) {
            return std::string("\"by_finding\" is not an object");
        }
        for (const auto& [key, value] : j["by_finding"].items()) {
            if (!is_count(value)) {
                return fmt::format("by_finding.{} is not a count", key);
            }
            by_finding[key] += value.get<std::uint64_t>();
        }
    }
    for (auto& [key, row] : rows) {
        Row& mine = m_rows[key];
        if (mine.count == 0 && mine.category.empty()) {
            mine = row;
        } else {
            mine.count += row.count;
        }
    }
    for (std::size_t i = 0; i < by_class.size(); ++i) {
        m_by_class[i] += by_class[i];
    }
    for (const auto& [category, count] : by_category) {
        m_by_category[category] += count;
    }
    for (const auto& [id, count] : by_finding) {
        m_by_finding[id] += count;
    }
    m_total += j["total"].get<std::uint64_t>();
    ++m_parts;
    return std::nullopt;
}

std::vector<std::pair<const std::pair<int, std::string>*, const SummaryMerge::Row*>>
SummaryMerge::sorted() const {
    std::vector<std::pair<const std::pair<int, std::string>*, const Row*>> rows;
    for (const auto& [key, row] : m_rows) {
        rows.emplace_back(&key, &row);
    }
    // The map is in (code, phrase) order already; a stable sort by count keeps it within a count.
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.second->count > b.second->count;
    });
    return rows;
}

void SummaryMerge::render_json(std::ostream& out) const {
    Json j;
    j["summary"] = true;
    j["total"] = m_total;
    Json rows = Json::array();
    for (const auto& [key, r] : sorted()) {
        rows.push_back({{"code", key->first},
                        {"reason", key->second},
                        {"count", r->count},
                        {"category", r->category},
                        {"next_step", r->next_step},
                        {"meaning", r->meaning ? Json(*r->meaning) : Json(nullptr)}});
    }
    j["by_code"] = std::move(rows);
    detail::put_class_and_category_counts(j, m_by_class, m_by_category);
    // Ids by count, highest first, then by id: as the summary orders them.
    std::vector<std::pair<std::string, std::uint64_t>> findings(m_by_finding.begin(),
                                                                m_by_finding.end());
    std::stable_sort(findings.begin(), findings.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    Json by_finding = Json::object();
    for (const auto& [id, count] : findings) {
        by_finding[id] = count;
    }
    j["by_finding"] = std::move(by_finding);
    detail::write_json_line(out, j);
}

void SummaryMerge::render_csv(std::ostream& out) const {
    out << "count,code,reason,category,next_step,meaning\n";
    for (const auto& [key, r] : sorted()) {
        out << r->count << ',' << key->first << ',' << csv_field(key->second) << ',' << r->category
            << ',' << r->next_step << ',' << (r->meaning ? csv_field(*r->meaning) : std::string{})
            << '\n';
    }
}

}  // namespace sipwhy
