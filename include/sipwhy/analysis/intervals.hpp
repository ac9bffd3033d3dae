// `--summary --by minute|hour|day`: the responses of each interval by class, its failures by
// category, and with --kpi its INVITE attempts and SER, so that a spike stands out. Pure.
#pragma once

#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/category.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy {

enum class Interval { minute, hour, day };

// "minute", "hour", "day"; nothing for anything else.
std::optional<Interval> parse_interval(std::string_view text);

class IntervalSummary {
public:
    // At most `max_rows` intervals are kept; responses of later new ones are counted as untimed.
    explicit IntervalSummary(Interval by, std::size_t max_rows = 100000)
        : m_by(by), m_max(max_rows) {}
    // Moved, not copied: it keeps a pointer to one of its rows.
    IntervalSummary(const IntervalSummary&) = delete;
    IntervalSummary& operator=(const IntervalSummary&) = delete;
    IntervalSummary(IntervalSummary&&) = default;
    IntervalSummary& operator=(IntervalSummary&&) = default;

    // A response, at the time of its log line (as written) or of its frame (UTC).
    void add_response(const LogTime* time, const PacketInfo* packet, int code, Category category);
    // A call, in the interval of its first message: INVITE attempts and answers, for SER.
    void add_call(const CallVerdict& v);
    // What `later` counted, as if its responses and calls had come after these ones.
    void merge(const IntervalSummary& later);

    // One interval as the outputs show it.
    struct RowView {
        std::string start;  // "2026-11-20 10:00", or "2026-11-20" by day
        std::uint64_t responses = 0;
        std::array<std::uint64_t, 6> by_class{};
        std::uint64_t failures = 0;                                      // codes 300 and above
        const std::map<Category, std::uint64_t>* by_category = nullptr;  // of the failures
        std::uint64_t attempts = 0;  // INVITEs, with the calls added
        std::optional<double> ser;   // answered per attempt not redirected, in percent
    };
    // The intervals in time order.
    std::vector<RowView> rows() const;
    Interval by() const { return m_by; }
    std::uint64_t untimed() const { return m_untimed; }  // responses without a time

private:
    struct Row {
        std::uint64_t responses = 0;
        std::array<std::uint64_t, 6> by_class{};
        std::map<Category, std::uint64_t> failures;  // codes 300 and above, by category
        std::uint64_t attempts = 0;
        std::uint64_t answered = 0;
        std::uint64_t redirected = 0;
    };
    Row* row_at(std::int64_t wall_seconds);
    std::string label(std::int64_t start) const;
    static std::uint64_t failure_count(const Row& r);

    Interval m_by;
    std::size_t m_max;
    std::map<std::int64_t, Row> m_rows;  // by the interval's start, seconds of the input's clock
    // The row the last response went to (a log's responses come an interval at a time).
    std::int64_t m_last_start = 0;
    Row* m_last_row = nullptr;
    std::uint64_t m_untimed = 0;  // responses without a time, or past the limit
};

}  // namespace sipwhy
