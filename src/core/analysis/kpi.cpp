#include "render/kpi_json.hpp"

#include <sipwhy/analysis/kpi.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sipwhy {
namespace {

using Json = nlohmann::ordered_json;

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
    if (whole == 0) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

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

constexpr std::size_t k_max_parties = 100000;
constexpr std::size_t k_top = 5;

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

void KpiCollector::note_failure(Parties& parties, const std::string& user, int code) {
    if (user.empty()) {
        return;
    }
    auto it = parties.find(user);
    if (it == parties.end()) {
        if (parties.size() >= k_max_parties) {
            return;
        }
        it = parties.emplace(user, Party{}).first;
    }
    ++it->second.failures;
    ++it->second.codes[code];
}

std::vector<FailingParty> KpiCollector::top(const Parties& parties) {
    PartyCodes codes;
    for (const auto& [user, p] : parties) {
        codes.emplace(user, p.codes);
    }
    return top_parties(codes);
}

Percentiles percentiles(std::vector<std::int64_t> values) {
    Percentiles p;
    p.count = values.size();
    if (values.empty()) {
        return p;
    }
    std::sort(values.begin(), values.end());
    const auto rank = [&](int pct) {
        // Nearest rank: the smallest value with at least pct% of the values at or below it.
        const std::size_t n = values.size();
        std::size_t r = (static_cast<std::size_t>(pct) * n + 99) / 100;
        r = std::clamp<std::size_t>(r, 1, n);
        return values[r - 1];
    };
    p.p50 = rank(50);
    p.p90 = rank(90);
    p.p99 = rank(99);
    return p;
}

std::int64_t DurationHistogram::bucket_of(std::int64_t ms) {
    if (ms < 100) {
        return std::max<std::int64_t>(ms, 0);
    }
    // Three significant digits: 1234 -> 1230, 98765 -> 98700.
    std::int64_t unit = 1;
    while (ms / unit >= 1000) {
        unit *= 10;
    }
    return ms / unit * unit;
}

void DurationHistogram::add(std::int64_t ms, std::uint64_t count) {
    if (count == 0) {
        return;
    }
    m_buckets[bucket_of(ms)] += count;
    m_count += count;
}

void DurationHistogram::merge(const DurationHistogram& other) {
    for (const auto& [lower, count] : other.m_buckets) {
        m_buckets[lower] += count;
    }
    m_count += other.m_count;
}

Percentiles DurationHistogram::percentiles() const {
    Percentiles p;
    p.count = m_count;
    if (m_count == 0) {
        return p;
    }
    const auto rank = [&](int pct) {
        // Nearest rank: the smallest value with at least pct% of the values at or below it.
        std::uint64_t r = (static_cast<std::uint64_t>(pct) * m_count + 99) / 100;
        r = std::clamp<std::uint64_t>(r, 1, m_count);
        std::uint64_t seen = 0;
        for (const auto& [lower, count] : m_buckets) {
            seen += count;
            if (seen >= r) {
                return lower;
            }
        }
        return m_buckets.rbegin()->first;
    };
    p.p50 = rank(50);
    p.p90 = rank(90);
    p.p99 = rank(99);
    return p;
}

std::vector<std::pair<std::int64_t, std::uint64_t>> DurationHistogram::buckets() const {
    return {m_buckets.begin(), m_buckets.end()};
}

void KpiCollector::add(const CallVerdict& v) {
    if (v.method == "REGISTER") {
        ++m_counts.registrations;
        if (v.timing.register_ms) {
            m_rrd.add(*v.timing.register_ms);
        }
        return;
    }
    if (v.method != "INVITE") {
        return;
    }
    ++m_counts.invites;
    const int code = v.code;
    if (code >= 200 && code < 300) {
        ++m_counts.answered;
        if (v.bye) {
            ++m_counts.completed;
        }
    }
    if (code >= 300 && code < 400) {
        ++m_counts.redirected;
    }
    if ((code >= 200 && code < 300) || code == 480 || code == 486 || code == 600 || code == 603) {
        ++m_counts.effective;
    }
    if (code == 408 || code == 500 || code == 503 || code == 504) {
        ++m_counts.ineffective;
    }
    if (code >= 400 || (code == 0 && v.verdict == Verdict::no_final_response)) {
        note_failure(m_destinations, v.to, code);
        note_failure(m_sources, v.from, code);
    }
    // Session request delay: to the first 180/183 of a call that was answered, to the final
    // failure of one that was not (RFC 6076 §4.2).
    if (code >= 200 && code < 300) {
        if (v.timing.pdd_ms) {
            m_srd.add(*v.timing.pdd_ms);
        }
    } else if (code >= 400 && v.timing.setup_ms) {
        m_srd.add(*v.timing.setup_ms);
    }
    if (v.timing.disconnect_ms) {
        m_sdd.add(*v.timing.disconnect_ms);
    }
    if (v.timing.duration_ms) {
        m_duration.add(*v.timing.duration_ms);
    }
}

void complete_kpi(KpiReport& k) {
    const std::uint64_t not_redirected = k.invites - std::min(k.redirected, k.invites);
    k.ser = ratio(k.answered, not_redirected);
    k.seer = ratio(k.effective, not_redirected);
    k.isa = ratio(k.ineffective, k.invites);
    k.scr = ratio(k.completed, k.invites);
    k.srd_ms = k.srd.percentiles();
    k.sdd_ms = k.sdd.percentiles();
    k.duration_ms = k.duration.percentiles();
    k.rrd_ms = k.rrd.percentiles();
}

std::vector<FailingParty> top_parties(const PartyCodes& parties) {
    std::vector<FailingParty> all;
    for (const auto& [user, codes] : parties) {
        FailingParty f{user, 0, 0, 0};
        for (const auto& [code, count] : codes) {
            f.failures += count;
            if (count > f.code_count) {
                f.code = code;
                f.code_count = count;
            }
        }
        all.push_back(std::move(f));
    }
    // Most failures first; ties by user, so that the list does not depend on the input's order.
    std::stable_sort(all.begin(), all.end(), [](const FailingParty& a, const FailingParty& b) {
        return a.failures > b.failures;
    });
    if (all.size() > k_top) {
        all.resize(k_top);
    }
    return all;
}

KpiReport KpiCollector::report() const {
    KpiReport k = m_counts;
    k.srd = m_srd;
    k.sdd = m_sdd;
    k.duration = m_duration;
    k.rrd = m_rrd;
    complete_kpi(k);
    k.top_destinations = top(m_destinations);
    k.top_sources = top(m_sources);
    return k;
}

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
