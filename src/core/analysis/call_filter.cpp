#include <sipwhy/analysis/call_filter.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/sip/headers.hpp>
#include <sipwhy/text.hpp>

#include <charconv>

namespace sipwhy {
namespace {

constexpr std::int64_t k_day = 86400;

// Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm).
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& value) {
    if (pos + n > s.size()) {
        return false;
    }
    value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    pos += n;
    return true;
}

// "HH:MM[:SS[.frac]]" from `pos` on; seconds since midnight.
bool time_of_day(std::string_view s, std::size_t& pos, std::int64_t& seconds) {
    int hh = 0;
    int mm = 0;
    int ss = 0;
    if (!digits(s, pos, 2, hh) || pos >= s.size() || s[pos] != ':' || !digits(s, ++pos, 2, mm)) {
        return false;
    }
    if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, ++pos, 2, ss)) {
            return false;
        }
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                ++pos;  // bounds are to the second
            }
        }
    }
    if (hh > 23 || mm > 59 || ss > 60) {
        return false;
    }
    seconds = hh * 3600 + mm * 60 + ss;
    return true;
}

std::string digits_of(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c >= '0' && c <= '9') {
            out += c;
        }
    }
    return out;
}

// The address of an endpoint's text: "192.0.2.1" of "192.0.2.1:5060", "2001:db8::1" of
// "[2001:db8::1]:5060".
std::string_view address_part(std::string_view endpoint) {
    if (!endpoint.empty() && endpoint.front() == '[') {
        const auto close = endpoint.find(']');
        return endpoint.substr(1, close == std::string_view::npos ? close : close - 1);
    }
    return endpoint.substr(0, endpoint.rfind(':'));
}

bool host_matches(std::string_view pattern, std::string_view text) {
    if (pattern == text || pattern == address_part(text)) {
        return true;
    }
    // An IPv6 address may be given with or without its brackets.
    return pattern.size() > 2 && pattern.front() == '[' && pattern.back() == ']' &&
           pattern.substr(1, pattern.size() - 2) == address_part(text);
}

}  // namespace

std::optional<TimeBound> parse_time_bound(std::string_view text, std::int64_t now_utc) {
    const std::string_view s = trim(text);
    if (s.size() >= 3 && s[0] == '-') {
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(s.data() + 1, s.data() + s.size() - 1, n);
        if (ec != std::errc{} || end != s.data() + s.size() - 1 || n < 0 || n > 100000) {
            return std::nullopt;
        }
        std::int64_t unit = 0;
        switch (s.back()) {
            case 's':
                unit = 1;
                break;
            case 'm':
                unit = 60;
                break;
            case 'h':
                unit = 3600;
                break;
            case 'd':
                unit = k_day;
                break;
            default:
                return std::nullopt;
        }
        return TimeBound{TimeBound::Kind::utc, now_utc - n * unit};
    }
    std::size_t pos = 0;
    std::int64_t tod = 0;
    if (s.size() >= 5 && s[2] == ':') {
        if (!time_of_day(s, pos, tod) || pos != s.size()) {
            return std::nullopt;
        }
        return TimeBound{TimeBound::Kind::time_of_day, tod};
    }
    int y = 0;
    int mo = 0;
    int d = 0;
    if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos] != '-' || !digits(s, ++pos, 2, mo) ||
        pos >= s.size() || s[pos] != '-' || !digits(s, ++pos, 2, d) || mo < 1 || mo > 12 || d < 1 ||
        d > 31) {
        return std::nullopt;
    }
    const std::int64_t date =
        days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * k_day;
    if (pos == s.size()) {
        return TimeBound{TimeBound::Kind::wall, date};
    }
    if ((s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') || !time_of_day(s, ++pos, tod)) {
        return std::nullopt;
    }
    if (pos == s.size()) {
        return TimeBound{TimeBound::Kind::wall, date + tod};
    }
    if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
        return TimeBound{TimeBound::Kind::utc, date + tod};
    }
    if (s[pos] != '+' && s[pos] != '-') {
        return std::nullopt;
    }
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh = 0;
    int om = 0;
    if (!digits(s, ++pos, 2, oh)) {
        return std::nullopt;
    }
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
    }
    if (pos < s.size() && !digits(s, pos, 2, om)) {
        return std::nullopt;
    }
    if (pos != s.size() || oh > 23 || om > 59) {
        return std::nullopt;
    }
    return TimeBound{TimeBound::Kind::utc, date + tod - sign * (oh * 3600 + om * 60)};
}

bool number_matches(std::string_view pattern, std::string_view user) {
    if (pattern.empty()) {
        return false;
    }
    if (user.find(pattern) != std::string_view::npos) {
        return true;
    }
    const std::string want = digits_of(pattern);
    return !want.empty() && digits_of(user).find(want) != std::string::npos;
}

CallSelector::CallSelector(CallFilter filter, std::size_t max_calls)
    : m_all(filter.empty()),
      m_filter(std::move(filter)),
      m_max(max_calls),
      m_prefix_match(m_filter.call_ids.size()),
      m_prefix_warned(m_filter.call_ids.size(), false) {}

bool CallSelector::clock(const LogTime* time, const PacketInfo* packet, std::int64_t& wall,
                         std::int64_t& utc) const {
    if (packet != nullptr) {
        wall = utc = packet->seconds;  // captures are printed, and compared, in UTC
    } else if (time != nullptr) {
        wall = time->utc_offset_minutes ? time->seconds + *time->utc_offset_minutes * 60
                                        : time->seconds;
        utc = time->utc_offset_minutes ? time->seconds : time->seconds - m_filter.local_utc_offset;
    } else {
        return false;
    }
    return true;
}

bool CallSelector::time_ok(const LogTime* time, const PacketInfo* packet) const {
    if (!m_filter.has_times()) {
        return true;
    }
    std::int64_t wall = 0;
    std::int64_t utc = 0;
    if (!clock(time, packet, wall, utc)) {
        return false;  // no time to judge it by
    }
    const auto value = [&](const TimeBound& b) {
        switch (b.kind) {
            case TimeBound::Kind::wall:
                return std::pair{wall, b.seconds};
            case TimeBound::Kind::utc:
                return std::pair{utc, b.seconds};
            case TimeBound::Kind::time_of_day:
                return std::pair{wall, m_day.value_or(0) + b.seconds};
        }
        return std::pair{wall, b.seconds};
    };
    if (m_filter.since) {
        const auto [t, bound] = value(*m_filter.since);
        if (t < bound) {
            return false;
        }
    }
    if (m_filter.until) {
        const auto [t, bound] = value(*m_filter.until);
        if (t > bound) {
            return false;
        }
    }
    return true;
}

bool CallSelector::decide(const MessageInfo* m, const LogTime* time, const PacketInfo* packet,
                          std::string_view method, std::string_view peer_src,
                          std::string_view peer_dst) {
    if (!m_filter.call_ids.empty()) {
        bool any = false;
        for (std::size_t i = 0; i < m_filter.call_ids.size() && !any; ++i) {
            const std::string& want = m_filter.call_ids[i];
            if (m->call_id == want) {
                any = true;
            } else if (m->call_id.starts_with(want)) {
                if (m_prefix_match[i].empty()) {
                    m_prefix_match[i] = m->call_id;
                    any = true;
                } else if (m_prefix_match[i] == m->call_id) {
                    any = true;
                } else if (!m_prefix_warned[i]) {
                    m_prefix_warned[i] = true;
                    m_warnings.push_back(
                        "--call-id " + sanitize_utf8(want) +
                        " matches more than one call: " + sanitize_utf8(m_prefix_match[i]) +
                        " and " + sanitize_utf8(m->call_id) + "; only the first is followed");
                }
            }
        }
        if (!any) {
            return false;
        }
    }
    const auto any_number = [](const std::vector<std::string>& patterns, std::string_view user) {
        for (const auto& p : patterns) {
            if (number_matches(p, user)) {
                return true;
            }
        }
        return false;
    };
    if (!m_filter.from.empty() && !any_number(m_filter.from, m->from_user)) {
        return false;
    }
    // The called number is the To user's, or the Request-URI's when a proxy rewrote it.
    if (!m_filter.to.empty() && !any_number(m_filter.to, m->to_user) &&
        !any_number(m_filter.to, uri_user(m->request_uri))) {
        return false;
    }
    if (!m_filter.hosts.empty()) {
        bool any = false;
        for (const auto& h : m_filter.hosts) {
            if (packet != nullptr) {
                any = any || host_matches(h, packet->src.to_string()) ||
                      host_matches(h, packet->dst.to_string());
            } else {
                // A log: the addresses its framing names, else the hosts in the message.
                any = any || (!peer_src.empty() && host_matches(h, peer_src)) ||
                      (!peer_dst.empty() && host_matches(h, peer_dst)) ||
                      host_matches(h, uri_host(m->contact)) ||
                      host_matches(h, uri_host(m->request_uri));
                for (const auto& sent_by : m->via_sent_by) {
                    any = any || host_matches(h, sent_by);
                }
            }
        }
        if (!any) {
            return false;
        }
    }
    if (!m_filter.methods.empty()) {
        const std::string_view own = method.empty() ? std::string_view(m->cseq_method) : method;
        bool any = false;
        for (const auto& want : m_filter.methods) {
            any = any || iequals(want, own);
        }
        if (!any) {
            return false;
        }
    }
    return time_ok(time, packet);
}

bool CallSelector::selects(const MessageInfo* m, const LogTime* time, const PacketInfo* packet,
                           std::string_view method, std::string_view peer_src,
                           std::string_view peer_dst) {
    if (m_filter.empty()) {
        return true;
    }
    std::int64_t wall = 0;
    std::int64_t utc = 0;
    if (m_filter.has_times() && !m_day && clock(time, packet, wall, utc)) {
        m_day = wall - ((wall % k_day) + k_day) % k_day;  // the input's first date
    }
    if (m == nullptr || m->call_id.empty()) {
        const bool only_times = m_filter.call_ids.empty() && m_filter.from.empty() &&
                                m_filter.to.empty() && m_filter.hosts.empty() &&
                                m_filter.methods.empty();
        return only_times && time_ok(time, packet);
    }
    if (const auto it = m_decided.find(m->call_id); it != m_decided.end()) {
        return it->second;
    }
    if (m_decided.size() >= m_max) {
        m_decided.clear();
    }
    const bool yes = decide(m, time, packet, method, peer_src, peer_dst);
    m_decided.emplace(m->call_id, yes);
    return yes;
}

}  // namespace sipwhy
