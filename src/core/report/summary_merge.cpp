#include "render/json_line.hpp"
#include "render/kpi_json.hpp"

#include <sipwhy/report/scan_report.hpp>
#include <sipwhy/report/summary_merge.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sipwhy {
namespace {

using Json = nlohmann::ordered_json;

bool is_count(const Json& j) {
    return j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
}

// Reads a `kpi` object into counts, histograms and parties; what is wrong with it, if anything.
std::optional<std::string> read_kpi(const Json& k, KpiReport& out, PartyCodes& to,
                                    PartyCodes& from) {
    if (!k.is_object()) {
        return std::string("\"kpi\" is not an object");
    }
    const std::pair<const char*, std::uint64_t KpiReport::*> counts[] = {
        {"invites", &KpiReport::invites},         {"answered", &KpiReport::answered},
        {"redirected", &KpiReport::redirected},   {"effective", &KpiReport::effective},
        {"ineffective", &KpiReport::ineffective}, {"completed", &KpiReport::completed},
        {"registrations", &KpiReport::registrations}};
    for (const auto& [key, member] : counts) {
        if (!k.contains(key) || !is_count(k[key])) {
            return fmt::format("kpi.{} is not a count", key);
        }
        out.*member = k[key].get<std::uint64_t>();
    }
    if (!k.contains("histograms") || !k["histograms"].is_object()) {
        return std::string("kpi.histograms is missing: a summary of sipwhy before histograms");
    }
    const std::pair<const char*, DurationHistogram KpiReport::*> histograms[] = {
        {"srd_ms", &KpiReport::srd},
        {"sdd_ms", &KpiReport::sdd},
        {"duration_ms", &KpiReport::duration},
        {"rrd_ms", &KpiReport::rrd}};
    for (const auto& [key, member] : histograms) {
        const Json& h = k["histograms"].contains(key) ? k["histograms"][key] : Json();
        if (!h.is_array()) {
            return fmt::format("kpi.histograms.{} is not an array", key);
        }
        for (const auto& b : h) {
            if (!b.is_array() || b.size() != 2 || !is_count(b[0]) || !is_count(b[1]) ||
                DurationHistogram::bucket_of(b[0].get<std::int64_t>()) !=
                    b[0].get<std::int64_t>()) {
                return fmt::format("kpi.histograms.{} holds something other than buckets", key);
            }
            (out.*member).add(b[0].get<std::int64_t>(), b[1].get<std::uint64_t>());
        }
    }
    const auto parties = [&](const char* list, const char* key,
                             PartyCodes& into) -> std::optional<std::string> {
        const Json& l = k.contains(list) ? k[list] : Json();
        if (!l.is_array()) {
            return fmt::format("kpi.{} is not an array", list);
        }
        for (const auto& p : l) {
            if (!p.is_object() || !p.contains(key) || !p[key].is_string() ||
                !p.contains("failures") || !is_count(p["failures"]) ||
                !p.contains("code_count") || !is_count(p["code_count"]) || !p.contains("code") ||
                !(p["code"].is_null() || p["code"].is_number_integer())) {
                return fmt::format("kpi.{} holds something other than parties", list);
            }
            auto& codes = into[p[key].get<std::string>()];
            const int code = p["code"].is_null() ? 0 : p["code"].get<int>();
            const auto failures = p["failures"].get<std::uint64_t>();
            const auto commonest = std::min(p["code_count"].get<std::uint64_t>(), failures);
            codes[code] += commonest;
            if (failures > commonest) {
                codes[-1] += failures - commonest;  // other codes, not named by the part
            }
        }
        return std::nullopt;
    };
    if (auto e = parties("top_destinations", "to", to)) {
        return e;
    }
    return parties("top_sources", "from", from);
}

// The merged top parties: the commonest named code, never the "other codes" of the parts.
std::vector<FailingParty> merged_top(const PartyCodes& parties) {
    std::vector<FailingParty> top = top_parties(parties);
    for (auto& f : top) {
        const auto& codes = parties.find(f.user)->second;
        f.code = 0;
        f.code_count = 0;
        for (const auto& [code, count] : codes) {
            if (code >= 0 && count > f.code_count) {
                f.code = code;
                f.code_count = count;
            }
        }
    }
    return top;
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
    // Older summaries have neither.
    for (const char* key : {"malformed", "skipped"}) {
        if (j.contains(key) && !is_count(j[key])) {
            return fmt::format("\"{}\" is not a count", key);
        }
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
    // KPIs: in every part or in none, so that they are over the whole input.
    const bool has_kpi = j.contains("kpi");
    if (m_parts > 0 && has_kpi != m_kpi.has_value()) {
        return std::string(has_kpi ? "has KPIs while the parts before it have none"
                                   : "has no KPIs while the parts before it have them");
    }
    KpiReport kpi;
    PartyCodes to;
    PartyCodes from;
    if (has_kpi) {
        if (auto e = read_kpi(j["kpi"], kpi, to, from)) {
            return e;
        }
    }
    if (has_kpi) {
        if (!m_kpi) {
            m_kpi.emplace();
        }
        KpiReport& k = *m_kpi;
        k.invites += kpi.invites;
        k.answered += kpi.answered;
        k.redirected += kpi.redirected;
        k.effective += kpi.effective;
        k.ineffective += kpi.ineffective;
        k.completed += kpi.completed;
        k.registrations += kpi.registrations;
        k.srd.merge(kpi.srd);
        k.sdd.merge(kpi.sdd);
        k.duration.merge(kpi.duration);
        k.rrd.merge(kpi.rrd);
        for (const auto& [mine, theirs] : {std::pair{&m_destinations, &to}, {&m_sources, &from}}) {
            for (const auto& [user, per_code] : *theirs) {
                for (const auto& [code, count] : per_code) {
                    (*mine)[user][code] += count;
                }
            }
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
    m_malformed += j.value("malformed", std::uint64_t{0});
    m_skipped += j.value("skipped", std::uint64_t{0});
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
    j["malformed"] = m_malformed;
    j["skipped"] = m_skipped;
    if (m_kpi) {
        KpiReport k = *m_kpi;
        complete_kpi(k);
        k.top_destinations = merged_top(m_destinations);
        k.top_sources = merged_top(m_sources);
        j["kpi"] = detail::kpi_json(k);
    }
    detail::write_json_line(out, j);
}

void SummaryMerge::render_csv(std::ostream& out) const {
    out << "count,code,reason,category,next_step,meaning\n";
    for (const auto& [key, r] : sorted()) {
        out << r->count << ',' << key->first << ',' << csv_field(key->second) << ',' << r->category
            << ',' << r->next_step << ',' << (r->meaning ? csv_field(*r->meaning) : std::string{})
            << '\n';
    }
    // As the summary's CSV ends (docs/json.md, "CSV").
    if (m_malformed > 0) {
        out << m_malformed << ",,(malformed status lines),,,\n";
    }
    if (m_skipped > 0) {
        out << m_skipped << ",,(skipped files),,,\n";
    }
}

}  // namespace sipwhy
