#include <sipwhy/analysis/kpi.hpp>
#include <sipwhy/text.hpp>

#include <algorithm>
#include <cmath>

namespace sipwhy {
namespace {

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
    if (whole == 0) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

constexpr std::size_t k_max_parties = 100000;
constexpr std::size_t k_top = 5;

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

}  // namespace sipwhy
