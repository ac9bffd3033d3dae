#include "render/kpi_json.hpp"

#include <sipwhy/render/kpi.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <cmath>

namespace sipwhy {
namespace {

using Json = nlohmann::ordered_json;

// Percentages to a tenth, as they are printed.
Json percent_json(const std::optional<double>& p) {
    return p ? Json(std::round(*p * 10) / 10) : Json(nullptr);
}

Json percentiles_json(const Percentiles& p) {
    const auto v = [](const std::optional<std::int64_t>& x) {
        return x ? Json(*x) : Json(nullptr);
    };
    return {{"count", p.count}, {"p50", v(p.p50)}, {"p90", v(p.p90)}, {"p99", v(p.p99)}};
}

// [[lower bound, count], ...], lowest first.
Json histogram_json(const DurationHistogram& h) {
    Json out = Json::array();
    for (const auto& [lower, count] : h.buckets()) {
        out.push_back(Json::array({lower, count}));
    }
    return out;
}

std::string ms_text(std::int64_t ms) {
    return ms < 1000 ? fmt::format("{} ms", ms)
                     : fmt::format("{:.1f} s", static_cast<double>(ms) / 1000);
}

std::string percent_text(const std::optional<double>& p) {
    return p ? fmt::format("{:.1f}%", *p) : std::string("-");
}

Json parties_json(const std::vector<FailingParty>& parties, std::string_view key) {
    Json list = Json::array();
    for (const auto& p : parties) {
        list.push_back({{std::string(key), p.user},
                        {"failures", p.failures},
                        {"code", p.code != 0 ? Json(p.code) : Json(nullptr)},
                        {"code_count", p.code_count}});
    }
    return list;
}

}  // namespace

void render_kpi_text(std::ostream& out, const KpiReport& k, Lang lang) {
    const bool ru = lang == Lang::ru;
    const auto f = [ru](std::string_view en, std::string_view r) {
        return fmt::runtime(ru ? r : en);
    };
    if (ru) {
        out << fmt::format("\nПоказатели (RFC 6076), вызовов INVITE: {}, регистраций: {}\n",
                           k.invites, k.registrations);
    } else {
        out << fmt::format("\nKPIs (RFC 6076) over {} INVITE call{} and {} registration{}:\n",
                           k.invites, k.invites == 1 ? "" : "s", k.registrations,
                           k.registrations == 1 ? "" : "s");
    }
    const std::uint64_t base = k.invites - k.redirected;
    out << fmt::format(f("  SER   {:>6}  {} answered of {} attempts ({} redirected left out)\n",
                         "  SER   {:>6}  отвечено {} из {} попыток (без {} перенаправленных)\n"),
                       percent_text(k.ser), k.answered, base, k.redirected);
    out << fmt::format(f("  SEER  {:>6}  {} answered, busy, declined or unavailable of {}\n",
                         "  SEER  {:>6}  {} отвечено, занято, отклонено или недоступно из {}\n"),
                       percent_text(k.seer), k.effective, base);
    out << fmt::format(f("  ISA   {:>6}  {} timed out or failed in a server of {}\n",
                         "  ISA   {:>6}  {} по тайм-ауту или сбою сервера из {}\n"),
                       percent_text(k.isa), k.ineffective, k.invites);
    out << fmt::format(f("  SCR   {:>6}  {} answered and ended by a BYE of {}\n",
                         "  SCR   {:>6}  {} отвечено и завершено BYE из {}\n"),
                       percent_text(k.scr), k.completed, k.invites);
    const auto line = [&](std::string_view name, const Percentiles& p) {
        if (p.count == 0) {
            out << fmt::format("  {:<8}  -\n", name);
            return;
        }
        out << fmt::format("  {:<8}  p50 {}, p90 {}, p99 {} ", name, ms_text(*p.p50),
                           ms_text(*p.p90), ms_text(*p.p99))
            << (ru ? fmt::format("(значений: {})\n", p.count)
                   : fmt::format("({} value{})\n", p.count, p.count == 1 ? "" : "s"));
    };
    line("SRD", k.srd_ms);
    line("SDD", k.sdd_ms);
    line(ru ? "SDT" : "duration", k.duration_ms);
    line("RRD", k.rrd_ms);
    const auto parties = [&](std::string_view title, const std::vector<FailingParty>& list) {
        if (list.empty()) {
            return;
        }
        out << title;
        for (const auto& p : list) {
            const std::string code =
                p.code == 0 ? std::string(ru ? "без ответа" : "no answer") : std::to_string(p.code);
            out << fmt::format(f("  {:<20} {:>6} failed, mostly {} ({})\n",
                                 "  {:<20} {:>6} неудач, чаще всего {} ({})\n"),
                               sanitize_utf8(p.user), p.failures, code, p.code_count);
        }
    };
    parties(ru ? "Номера назначения с наибольшим числом неудач (To):\n"
               : "Destinations with the most failed calls (To):\n",
            k.top_destinations);
    parties(ru ? "Источники с наибольшим числом неудач (From):\n"
               : "Sources with the most failed calls (From):\n",
            k.top_sources);
}

namespace detail {

Json kpi_json(const KpiReport& k) {
    return {{"invites", k.invites},
            {"answered", k.answered},
            {"redirected", k.redirected},
            {"effective", k.effective},
            {"ineffective", k.ineffective},
            {"completed", k.completed},
            {"registrations", k.registrations},
            {"ser", percent_json(k.ser)},
            {"seer", percent_json(k.seer)},
            {"isa", percent_json(k.isa)},
            {"scr", percent_json(k.scr)},
            {"srd_ms", percentiles_json(k.srd_ms)},
            {"sdd_ms", percentiles_json(k.sdd_ms)},
            {"duration_ms", percentiles_json(k.duration_ms)},
            {"rrd_ms", percentiles_json(k.rrd_ms)},
            {"top_destinations", parties_json(k.top_destinations, "to")},
            {"top_sources", parties_json(k.top_sources, "from")},
            {"histograms",
             {{"srd_ms", histogram_json(k.srd)},
              {"sdd_ms", histogram_json(k.sdd)},
              {"duration_ms", histogram_json(k.duration)},
              {"rrd_ms", histogram_json(k.rrd)}}}};
}

}  // namespace detail

}  // namespace sipwhy
