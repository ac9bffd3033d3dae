// SIP status codes and status lines (RFC 3261 §7.2): parse, print, round-trip.
#pragma once

#include <sipwhy/diagnostic.hpp>

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace sipwhy {

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
