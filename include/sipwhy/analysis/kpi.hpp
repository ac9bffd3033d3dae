// RFC 6076 end-to-end metrics over the call verdicts of a scan (docs/kpi.md): the session
// establishment ratio (SER), its effectiveness ratio (SEER), ineffective session attempts (ISA),
// the session completion ratio (SCR), and percentiles of the session request, disconnect and
// registration request delays and of the session duration. Pure: fed verdicts, renders to a stream.
#pragma once

#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/category.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sipwhy {

// Nearest-rank percentiles of a set of durations, in milliseconds.
struct Percentiles {
    std::uint64_t count = 0;
    std::optional<std::int64_t> p50, p90, p99;
};

// The value of nearest rank ceil(p/100 * n) in `values` (sorted here); nothing when empty.
Percentiles percentiles(std::vector<std::int64_t> values);

// Durations in milliseconds counted in buckets, so that memory stays bounded whatever the number
// of calls and histograms of parts add up to the histogram of the whole (sipwhy merge). Values
// below 1000 ms have a bucket each; above, a bucket keeps three significant digits (1000-1009,
// 1010-1019 ... 10000-10099), so a percentile is exact below 1 s and at most 1% low above.
class DurationHistogram {
public:
    void add(std::int64_t ms, std::uint64_t count = 1);
    void merge(const DurationHistogram& other);
    std::uint64_t count() const { return m_count; }
    // Nearest-rank percentiles, each the lower bound of the bucket the rank falls in.
    Percentiles percentiles() const;
    // (lower bound in ms, count) of each bucket that holds values, lowest first.
    std::vector<std::pair<std::int64_t, std::uint64_t>> buckets() const;

    // The lower bound of the bucket `ms` falls in.
    static std::int64_t bucket_of(std::int64_t ms);

private:
    std::map<std::int64_t, std::uint64_t> m_buckets;  // by lower bound; at most ~1,000 per decade
    std::uint64_t m_count = 0;
};

// A number (a To or From user) among those with the most failed calls.
struct FailingParty {
    std::string user;
    std::uint64_t failures = 0;  // INVITE calls refused (4xx-6xx) or never answered
    int code = 0;                // the commonest deciding code among them; 0: no final answer
    std::uint64_t code_count = 0;
};

struct KpiReport {
    std::uint64_t invites = 0;      // INVITE calls: attempts
    std::uint64_t answered = 0;     // answered 2xx
    std::uint64_t redirected = 0;   // deciding answer 3xx
    std::uint64_t effective = 0;    // answered 2xx, 480, 486, 600 or 603
    std::uint64_t ineffective = 0;  // answered 408, 500, 503 or 504
    std::uint64_t completed = 0;    // answered, then ended by a BYE
    std::uint64_t registrations = 0;
    // Percentages; empty when their denominator is 0.
    std::optional<double> ser, seer, isa, scr;
    Percentiles srd_ms, sdd_ms, duration_ms, rrd_ms;
    std::vector<FailingParty> top_destinations;  // by failures, at most 5
    std::vector<FailingParty> top_sources;
    // The delays counted, for merging (the percentiles above are read from them).
    DurationHistogram srd, sdd, duration, rrd;
};

// Fills the ratios and percentiles of `k` from its counts and histograms.
void complete_kpi(KpiReport& k);

// The commonest deciding codes of failing parties, kept whole so that parts merge: user ->
// (code -> failures). `top_parties` ranks them as the report lists them.
using PartyCodes = std::map<std::string, std::map<int, std::uint64_t>, std::less<>>;
std::vector<FailingParty> top_parties(const PartyCodes& parties);

class KpiCollector {
public:
    void add(const CallVerdict& v);
    KpiReport report() const;

private:
    struct Party {
        std::uint64_t failures = 0;
        std::map<int, std::uint64_t> codes;
    };
    using Parties = std::map<std::string, Party, std::less<>>;
    static void note_failure(Parties& parties, const std::string& user, int code);
    static std::vector<FailingParty> top(const Parties& parties);

    KpiReport m_counts;
    Parties m_destinations;  // at most k_max_parties each, then new users are not counted
    Parties m_sources;
    DurationHistogram m_srd, m_sdd, m_duration, m_rrd;
};

}  // namespace sipwhy
