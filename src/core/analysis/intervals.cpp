#include <sipwhy/analysis/intervals.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sipwhy {
namespace {

std::int64_t length_of(Interval by) {
    switch (by) {
        case Interval::minute:
            return 60;
        case Interval::hour:
            return 3600;
        case Interval::day:
            return 86400;
    }
    return 3600;
}

std::optional<double> ser_of(std::uint64_t answered, std::uint64_t attempts,
                             std::uint64_t redirected) {
    if (attempts <= redirected) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(answered) / static_cast<double>(attempts - redirected);
}

std::string civil(std::int64_t seconds, bool with_time) {
    // Days to a civil date (H. Hinnant's algorithm).
    const std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    const std::int64_t in_day = seconds - days * 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return with_time ? fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", y, m, d, in_day / 3600,
                                   in_day / 60 % 60)
                     : fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

}  // namespace

std::optional<Interval> parse_interval(std::string_view text) {
    if (text == "minute") {
        return Interval::minute;
    }
    if (text == "hour") {
        return Interval::hour;
    }
    if (text == "day") {
        return Interval::day;
    }
    return std::nullopt;
}

IntervalSummary::Row* IntervalSummary::row_at(std::int64_t wall) {
    const std::int64_t n = length_of(m_by);
    const std::int64_t start = (wall >= 0 ? wall / n : (wall - n + 1) / n) * n;
    if (m_last_row != nullptr && start == m_last_start) {
        return m_last_row;
    }
    const auto it = m_rows.find(start);
    Row* row = nullptr;
    if (it != m_rows.end()) {
        row = &it->second;
    } else if (m_rows.size() < m_max) {
        row = &m_rows[start];
    } else {
        return nullptr;
    }
    m_last_start = start;
    m_last_row = row;  // a map's nodes stay where they are
    return row;
}

void IntervalSummary::merge(const IntervalSummary& later) {
    for (const auto& [start, theirs] : later.m_rows) {
        auto it = m_rows.find(start);
        if (it == m_rows.end()) {
            if (m_rows.size() >= m_max) {
                m_untimed +=
                    theirs.responses;  // as their responses would have been, past the limit
                continue;
            }
            it = m_rows.emplace(start, Row{}).first;
        }
        Row& mine = it->second;
        mine.responses += theirs.responses;
        for (std::size_t i = 0; i < mine.by_class.size(); ++i) {
            mine.by_class[i] += theirs.by_class[i];
        }
        for (const auto& [category, count] : theirs.failures) {
            mine.failures[category] += count;
        }
        mine.attempts += theirs.attempts;
        mine.answered += theirs.answered;
        mine.redirected += theirs.redirected;
    }
    m_untimed += later.m_untimed;
}

void IntervalSummary::add_response(const LogTime* time, const PacketInfo* packet, int code,
                                   Category category) {
    Row* row = nullptr;
    if (packet != nullptr) {
        row = row_at(packet->seconds);
    } else if (time != nullptr) {
        row =
            row_at(time->seconds + (time->utc_offset_minutes ? *time->utc_offset_minutes * 60 : 0));
    }
    if (row == nullptr) {
        ++m_untimed;
        return;
    }
    ++row->responses;
    if (code >= 100 && code < 700) {
        ++row->by_class[static_cast<std::size_t>(code / 100 - 1)];
    }
    if (code >= 300) {
        ++row->failures[category];
    }
}

void IntervalSummary::add_call(const CallVerdict& v) {
    if (v.method != "INVITE" || !v.started_at) {
        return;
    }
    Row* row = row_at(*v.started_at);
    if (row == nullptr) {
        return;
    }
    ++row->attempts;
    row->answered += v.code >= 200 && v.code < 300 ? 1 : 0;
    row->redirected += v.code >= 300 && v.code < 400 ? 1 : 0;
}

std::uint64_t IntervalSummary::failure_count(const Row& r) {
    std::uint64_t n = 0;
    for (const auto& [category, count] : r.failures) {
        n += count;
    }
    return n;
}

std::string IntervalSummary::label(std::int64_t start) const {
    return civil(start, m_by != Interval::day);
}

std::vector<IntervalSummary::RowView> IntervalSummary::rows() const {
    std::vector<RowView> out;
    out.reserve(m_rows.size());
    for (const auto& [start, r] : m_rows) {
        out.push_back({label(start), r.responses, r.by_class, failure_count(r), &r.failures,
                       r.attempts, ser_of(r.answered, r.attempts, r.redirected)});
    }
    return out;
}

}  // namespace sipwhy
