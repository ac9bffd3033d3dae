// The time a log line was written, read from the timestamp at its start: syslog (RFC 3164 and
// RFC 5424), ISO 8601, Asterisk's bracketed stamps, FreeSWITCH, Kamailio, journald, ctime, and
// the bare `HH:MM:SS.frac` of sofia-sip and pjsua. Pure parsing over views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipwhy {

// A wall-clock time as the log wrote it. `seconds` counts from 1970-01-01T00:00:00 of the log's
// own clock: UTC when `utc_offset_minutes` is set (the log named its zone), else local time of an
// unknown zone.
struct LogTime {
    std::int64_t seconds = 0;
    std::uint32_t nanoseconds = 0;
    std::uint8_t fraction_digits = 0;  // how many the log wrote (0-9), printed back as many
    std::optional<int> utc_offset_minutes;

    bool operator==(const LogTime&) const = default;
};

// What a timestamp that leaves out the year or the date is completed with: the input's
// modification time (or now, for standard input), as local civil time in seconds since the epoch.
// A month later than the reference month is taken to be of the year before, as syslog readers do.
struct TimeReference {
    std::int64_t seconds = 0;
};

// The timestamp among the first bytes of `line` (after a grep file-name prefix, a pid, a UUID,
// a bracket or a syslog priority), or nothing when the line has none.
std::optional<LogTime> parse_log_time(std::string_view line, const TimeReference& reference);

// ISO 8601: "2026-11-20T10:00:01.123" (local, as written), with "Z" or "+01:00" when the log
// named its zone.
std::string to_string(const LogTime& t);
// The same appended to `out`, without a string of its own.
void append_time(std::string& out, const LogTime& t);

}  // namespace sipwhy
