#include <sipwhy/log_time.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

namespace sipwhy {
namespace {

constexpr std::size_t k_search = 128;       // how far into a line a timestamp may start
constexpr std::size_t k_before_clock = 40;  // how far before its clock a timestamp may start

bool digit(char c) {
    return c >= '0' && c <= '9';
}

bool alnum(char c) {
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// `n` digits at `p` as a number, or -1.
int number(std::string_view s, std::size_t p, std::size_t n) {
    if (p + n > s.size()) {
        return -1;
    }
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!digit(s[p + i])) {
            return -1;
        }
        v = v * 10 + (s[p + i] - '0');
    }
    return v;
}

std::int64_t civil_seconds(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
    using namespace std::chrono;
    const sys_days day{year{y} / month{m} / d};
    return duration_cast<seconds>(day.time_since_epoch()).count() + hh * 3600 + mm * 60 + ss;
}

struct Civil {
    int year = 0;
    unsigned month = 0;
};

Civil civil_of(std::int64_t seconds) {
    using namespace std::chrono;
    const sys_seconds t{duration<std::int64_t>{seconds}};
    const year_month_day ymd{floor<days>(t)};
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month())};
}

// "HH:MM:SS" with an optional ".frac" or ",frac" at `p`: fills `t` and returns the end, or 0.
// A clock "HH:MM:SS" with its fraction, and where it ends.
struct Clock {
    std::size_t end = 0;
    int hh = 0;
    int mm = 0;
    int ss = 0;
    LogTime time;  // the fraction
};

std::optional<Clock> clock_at(std::string_view s, std::size_t p) {
    if (p + 8 > s.size()) {
        return std::nullopt;
    }
    Clock c;
    c.hh = number(s, p, 2);
    c.mm = number(s, p + 3, 2);
    c.ss = number(s, p + 6, 2);
    if (c.hh < 0 || c.mm < 0 || c.ss < 0 || s[p + 2] != ':' || s[p + 5] != ':' || c.hh > 23 ||
        c.mm > 59 || c.ss > 60) {
        return std::nullopt;
    }
    std::size_t e = p + 8;
    if (e + 1 < s.size() && (s[e] == '.' || s[e] == ',') && digit(s[e + 1])) {
        ++e;
        std::uint32_t ns = 0;
        std::uint8_t n = 0;
        while (e < s.size() && digit(s[e])) {
            if (n < 9) {
                ns = ns * 10 + static_cast<std::uint32_t>(s[e] - '0');
                ++n;
            }
            ++e;
        }
        c.time.fraction_digits = n;
        for (std::uint8_t i = n; i < 9; ++i) {
            ns *= 10;
        }
        c.time.nanoseconds = ns;
    }
    if (e < s.size() && digit(s[e])) {
        return std::nullopt;
    }
    c.end = e;
    return c;
}

// "Z", "+01:00", "+0100", "-05" after a clock: the offset in minutes.
std::optional<int> zone_at(std::string_view s, std::size_t e) {
    if (e < s.size() && s[e] == 'Z') {
        return 0;
    }
    if (e < s.size() && (s[e] == '+' || s[e] == '-')) {
        const int sign = s[e] == '-' ? -1 : 1;
        const int h = number(s, e + 1, 2);
        if (h < 0 || h > 14) {
            return std::nullopt;
        }
        int m = number(s, e + 3, 2);
        if (m < 0 && e + 3 < s.size() && s[e + 3] == ':') {
            m = number(s, e + 4, 2);
        }
        return sign * (h * 60 + std::max(m, 0));
    }
    return std::nullopt;
}

// "2026-11-20T10:00:01.123Z", "2026-11-20 10:00:01,283", "2026/11/21 12:20:00.300000".
std::optional<LogTime> iso_at(std::string_view s, std::size_t p) {
    const int y = number(s, p, 4);
    const char sep = p + 4 < s.size() ? s[p + 4] : '\0';
    if (y < 1970 || (sep != '-' && sep != '/')) {
        return std::nullopt;
    }
    const int mo = number(s, p + 5, 2);
    const int d = number(s, p + 8, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || s[p + 7] != sep || p + 19 > s.size() ||
        (s[p + 10] != 'T' && s[p + 10] != ' ')) {
        return std::nullopt;
    }
    const auto c = clock_at(s, p + 11);
    if (!c) {
        return std::nullopt;
    }
    LogTime t = c->time;
    t.utc_offset_minutes = zone_at(s, c->end);
    t.seconds =
        civil_seconds(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), c->hh, c->mm, c->ss);
    if (t.utc_offset_minutes) {
        t.seconds -= std::int64_t{*t.utc_offset_minutes} * 60;  // "10:00:01+01:00" is 09:00:01Z
    }
    return t;
}

constexpr std::array<std::string_view, 12> k_months = {"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};

unsigned month_at(std::string_view s, std::size_t p) {
    if (p + 3 > s.size() || (p + 3 < s.size() && alnum(s[p + 3]))) {
        return 0;
    }
    for (std::size_t i = 0; i < k_months.size(); ++i) {
        bool same = true;
        for (std::size_t k = 0; k < 3; ++k) {
            same = same && (s[p + k] | 0x20) == k_months[i][k];
        }
        if (same) {
            return static_cast<unsigned>(i + 1);
        }
    }
    return 0;
}

// "Nov 20 10:00:01", "Nov  2 10:00:01", and ctime's "Jul 18 23:18:40 2015" (the weekday before it
// is skipped by the caller's search).
std::optional<LogTime> syslog_at(std::string_view s, std::size_t p, const TimeReference& ref) {
    const unsigned mo = month_at(s, p);
    if (mo == 0 || p + 15 > s.size() || s[p + 3] != ' ') {
        return std::nullopt;
    }
    std::size_t q = p + 4;
    if (s[q] == ' ') {
        ++q;
    }
    int d = number(s, q, 2);
    std::size_t after_day = q + 2;
    if (d < 0) {
        d = number(s, q, 1);
        after_day = q + 1;
    }
    if (d < 1 || d > 31 || after_day >= s.size() || s[after_day] != ' ') {
        return std::nullopt;
    }
    const auto c = clock_at(s, after_day + 1);
    if (!c) {
        return std::nullopt;
    }
    LogTime t = c->time;
    const std::size_t e = c->end;
    const Civil now = civil_of(ref.seconds);
    int y = mo > now.month ? now.year - 1 : now.year;
    if (e + 5 <= s.size() && s[e] == ' ') {
        const int written = number(s, e + 1, 4);
        if (written >= 1970 && (e + 5 == s.size() || !alnum(s[e + 5]))) {
            y = written;
        }
    }
    t.seconds = civil_seconds(y, mo, static_cast<unsigned>(d), c->hh, c->mm, c->ss);
    return t;
}

// Android logcat's "11-21 10:00:00.123": month and day, the year the reference's.
std::optional<LogTime> month_day_at(std::string_view s, std::size_t p, const TimeReference& ref) {
    const int mo = number(s, p, 2);
    const int d = number(s, p + 3, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || p + 14 > s.size() || s[p + 2] != '-' ||
        s[p + 5] != ' ') {
        return std::nullopt;
    }
    const auto c = clock_at(s, p + 6);
    if (!c) {
        return std::nullopt;
    }
    LogTime t = c->time;
    const Civil now = civil_of(ref.seconds);
    const int y = static_cast<unsigned>(mo) > now.month ? now.year - 1 : now.year;
    t.seconds =
        civil_seconds(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), c->hh, c->mm, c->ss);
    return t;
}

// A clock alone ("10:00:01.123456"): the date is the reference's.
std::optional<LogTime> clock_only_at(std::string_view s, std::size_t p, const TimeReference& ref) {
    if (p + 8 > s.size()) {
        return std::nullopt;
    }
    const auto c = clock_at(s, p);
    if (!c) {
        return std::nullopt;
    }
    LogTime t = c->time;
    const std::int64_t day = ref.seconds - ((ref.seconds % 86400) + 86400) % 86400;
    t.seconds = day + c->hh * 3600 + c->mm * 60 + c->ss;
    return t;
}

// Where the first "HH:MM:SS" of `s` begins, or npos.
std::size_t find_clock(std::string_view s) {
    for (std::size_t c = s.find(':'); c != std::string_view::npos; c = s.find(':', c + 1)) {
        if (c >= 2 && c + 6 <= s.size() && digit(s[c - 2]) && digit(s[c - 1]) && digit(s[c + 1]) &&
            digit(s[c + 2]) && s[c + 3] == ':' && digit(s[c + 4]) && digit(s[c + 5])) {
            return c - 2;
        }
    }
    return std::string_view::npos;
}

// A count since the epoch in a JSON export: journald's "__REALTIME_TIMESTAMP":"<microseconds>",
// Loki's [["<nanoseconds>", "line"]].
std::optional<LogTime> epoch_in_json(std::string_view s) {
    if (s.empty() || s.front() != '{') {
        return std::nullopt;  // an export's line is a JSON object
    }
    std::size_t p = std::string_view::npos;
    std::size_t digits = 0;
    if (const auto k = s.find("\"__REALTIME_TIMESTAMP\":\""); k != std::string_view::npos) {
        p = k + 24;
        digits = 16;
    } else if (const auto v = s.find("[[\""); v != std::string_view::npos) {
        p = v + 3;
        digits = 19;
    }
    if (p == std::string_view::npos || p + digits + 1 > s.size() || s[p + digits] != '"') {
        return std::nullopt;
    }
    std::uint64_t n = 0;  // 19 digits fit
    for (std::size_t i = 0; i < digits; ++i) {
        if (!digit(s[p + i])) {
            return std::nullopt;
        }
        n = n * 10 + static_cast<std::uint64_t>(s[p + i] - '0');
    }
    const std::uint64_t per_second = digits == 16 ? 1'000'000 : 1'000'000'000;
    LogTime t;
    t.seconds = static_cast<std::int64_t>(n / per_second);
    t.nanoseconds = static_cast<std::uint32_t>((n % per_second) * (1'000'000'000 / per_second));
    t.fraction_digits = digits == 16 ? 6 : 9;
    t.utc_offset_minutes = 0;
    return t;
}

// A SIP header line ("Via: ...", "Content-Length: 0"), an SDP line ("a=rtpmap:...") or a status
// line of a message dumped into the log: such lines hold no timestamp of the log's.
bool message_line(std::string_view s) {
    if (s.size() >= 2 && (s[0] >= 'a' && s[0] <= 'z') && s[1] == '=') {
        return true;
    }
    if (s.starts_with("SIP/2.0 ")) {
        return true;  // a status line with nothing before it: no log prefix, so no timestamp
    }
    std::size_t i = 0;
    while (i < s.size() && (alnum(s[i]) || s[i] == '-')) {
        ++i;
    }
    return i > 0 && alnum(s[0]) && !digit(s[0]) && i + 1 < s.size() && s[i] == ':' &&
           s[i + 1] == ' ';
}

}  // namespace

std::optional<LogTime> parse_log_time(std::string_view line, const TimeReference& reference) {
    // Every format but the JSON exports' epochs has a clock, "HH:MM:SS": it is found first (one
    // colon search), and the formats are tried only in the bytes just before it. Most lines of a
    // log have none (a message's headers, its body) and cost that one search.
    const std::string_view s = line.substr(0, k_search + 96);
    if (message_line(s)) {
        return std::nullopt;
    }
    const std::size_t clock = find_clock(s);
    if (clock == std::string_view::npos) {
        return epoch_in_json(s);
    }
    if (clock == 0) {
        return clock_only_at(s, 0, reference);  // pjsua: "10:00:01.123 pjsua_core.c ..."
    }
    const std::size_t limit = std::min(clock, k_search);
    for (std::size_t p = clock > k_before_clock ? clock - k_before_clock : 0; p <= limit; ++p) {
        if (p > 0 && alnum(s[p - 1])) {
            continue;
        }
        if (digit(s[p])) {
            if (auto t = iso_at(s, p)) {
                return t;
            }
            if (p == 0) {
                if (auto t = month_day_at(s, p, reference)) {
                    return t;
                }
            }
        } else if (auto t = syslog_at(s, p, reference)) {
            return t;
        }
    }
    // sofia-sip's siptrace: "recv 352 bytes from udp/[192.0.2.1]:5060 at 10:00:01.123456:".
    if (clock >= 4 && s.substr(clock - 4, 4) == " at ") {
        return clock_only_at(s, clock, reference);
    }
    return epoch_in_json(s);
}

namespace {

// Writes the last `width` decimal digits of `value`, zero-padded, ending at `end`.
void put_digits(char* end, std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) {
        *--end = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

}  // namespace

std::string to_string(const LogTime& t) {
    std::string out;
    append_time(out, t);
    return out;
}

void append_time(std::string& out, const LogTime& t) {
    // Written by hand: a scan prints one per response, and formatting it through fmt cost as
    // much as the rest of the line.
    using namespace std::chrono;
    // The clock as the log wrote it: UTC moved by the zone the log named.
    const std::int64_t written =
        t.seconds + (t.utc_offset_minutes ? std::int64_t{*t.utc_offset_minutes} * 60 : 0);
    const std::int64_t seconds = std::clamp<std::int64_t>(written, -62135596800, 253402300799);
    const sys_seconds tp{duration<std::int64_t>{seconds}};
    const auto day = floor<days>(tp);
    const year_month_day ymd{day};
    const hh_mm_ss hms{tp - day};
    char buf[40];
    char* p = buf;
    const auto put = [&p](std::uint64_t value, int width) {
        p += width;
        put_digits(p, value, width);
    };
    put(static_cast<std::uint64_t>(static_cast<int>(ymd.year())), 4);
    *p++ = '-';
    put(static_cast<unsigned>(ymd.month()), 2);
    *p++ = '-';
    put(static_cast<unsigned>(ymd.day()), 2);
    *p++ = 'T';
    put(static_cast<std::uint64_t>(hms.hours().count()), 2);
    *p++ = ':';
    put(static_cast<std::uint64_t>(hms.minutes().count()), 2);
    *p++ = ':';
    put(static_cast<std::uint64_t>(hms.seconds().count()), 2);
    if (t.fraction_digits > 0) {
        std::uint32_t f = t.nanoseconds;
        for (int i = t.fraction_digits; i < 9; ++i) {
            f /= 10;
        }
        *p++ = '.';
        put(f, std::min<int>(t.fraction_digits, 9));
    }
    if (t.utc_offset_minutes) {
        const int m = *t.utc_offset_minutes;
        if (m == 0) {
            *p++ = 'Z';
        } else {
            const int a = m < 0 ? -m : m;
            *p++ = m < 0 ? '-' : '+';
            put(static_cast<std::uint64_t>(a / 60), 2);
            *p++ = ':';
            put(static_cast<std::uint64_t>(a % 60), 2);
        }
    }
    out.append(buf, p);
}

}  // namespace sipwhy
