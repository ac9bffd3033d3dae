// SIP start lines (RFC 3261 §7.1, §7.2): the one grammar of status and request lines, which
// queries, captures and logs share; status codes and status lines parsed, printed, round-tripped.
#pragma once

#include <sipwhy/diagnostic.hpp>

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace sipwhy {

// Whether `s` starts with the version "SIP/2.0", in any case (RFC 3261 §7.1: the version is
// case-insensitive, though senders must write it upper-case).
bool starts_with_sip_version(std::string_view s);

// The status code at the start of `s` (the bytes after "SIP/2.0 "): the one rule every reader of
// status lines shares. `none` when the digits run into a letter ("SIP/2.0 2xx", "200OK"), for
// that is no status line; `malformed` with its problem when the run of digits is not three long
// or out of 100-699; else the code, and `end` where the phrase's bytes begin (anything but a
// letter or digit ends the code: a space, a line end, an escape such as "#012").
struct StatusCode {
    enum class Kind { none, valid, malformed };
    Kind kind = Kind::none;
    int code = 0;
    std::size_t end = 0;       // past the run of digits
    std::string_view problem;  // why a malformed code is not valid
};
StatusCode read_status_code(std::string_view s);

// A start line's problem (StartLine::problem, StatusCode::problem) in Russian; the English text
// when there is none.
std::string_view start_line_problem_ru(std::string_view problem);

// The first line of a message as it arrives on the wire.
struct StartLine {
    enum class Kind { none, response, request, malformed };
    Kind kind = Kind::none;
    int code = 0;              // a response's status code
    std::string_view reason;   // a response's phrase, trimmed and cut to 256 bytes
    std::string_view method;   // a request's method
    std::string_view uri;      // a request's Request-URI, cut to 256 bytes
    std::string_view problem;  // why a malformed status line is not valid
    std::string_view token;    // and the part of the line it is about: the version or the code
    std::string_view text;     // the line without its line ending, at most 120 bytes

    // Reads `line` ("SIP/2.0 486 Busy Here" or "INVITE sip:bob@example.com SIP/2.0", the version
    // in any case). `none` when it is neither a status line nor a request line; `malformed` for
    // a status line of another version or with a code that is not three digits 100-699. The one
    // grammar of start lines: queries (StatusLine), captures and logs read them with it.
    static StartLine parse(std::string_view line);
};

// Parses a status-code token: exactly three digits, 100-699. A diagnostic's source is always the
// offending text (the token, the version, or the line) and its message says what is wrong with it.
Expected<int> parse_status_code(std::string_view token);

// "4xx" for 486.
std::string class_of(int code);

struct StatusLine {
    std::string version = "SIP/2.0";
    int code = 0;
    std::string reason;  // may be empty (RFC 3261 allows an empty Reason-Phrase)

    // Parses "SIP/2.0 486 Busy Here" (surrounding white space and CR/LF ignored). Fails, saying
    // why, on a version other than SIP/2.0, a code that is not three digits 100-699, or a missing
    // space after the version.
    static Expected<StatusLine> parse(std::string_view line);

    // "SIP/2.0 486 Busy Here"; parse(to_string()) gives back an equal value.
    std::string to_string() const;

    bool operator==(const StatusLine&) const = default;
};

}  // namespace sipwhy

template <>
struct fmt::formatter<sipwhy::StatusLine> : fmt::formatter<std::string_view> {
    auto format(const sipwhy::StatusLine& s, fmt::format_context& ctx) const {
        return fmt::formatter<std::string_view>::format(s.to_string(), ctx);
    }
};
