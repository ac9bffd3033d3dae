// SIP header values that say why a request failed: Reason (RFC 3326, with RFC 6432 for responses
// and RFC 8606's location), Warning (RFC 3261 §20.43), and the small headers the log scanner keeps
// (CSeq, the user of a From/To URI). Parsers take the header value as text and never throw.
#pragma once

#include <sipwhy/diagnostic.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipwhy {

// One value of a Reason header: `Q.850;cause=16;text="Normal Clearing"`.
struct ReasonValue {
    std::string protocol;      // "Q.850", "SIP", or another token
    std::optional<int> cause;  // absent when the value has no cause parameter
    std::string text;          // the text parameter, unquoted
    std::string location;      // RFC 8606 location parameter (Q.850), e.g. "LN"
    std::vector<std::pair<std::string, std::string>> other_params;

    bool operator==(const ReasonValue&) const = default;
};

// Parses a Reason header value, which may hold several comma-separated values. Commas and
// semicolons inside quoted strings are text. Fails on a value without a protocol, a cause that is
// not a number, or an unterminated quoted string.
Expected<std::vector<ReasonValue>> parse_reason(std::string_view value);

// One value of a Warning header: `399 sbc.example.com "Codec G.729 not licensed"`.
struct WarningValue {
    int code = 0;       // 300-399
    std::string agent;  // host[:port] or pseudonym
    std::string text;   // unquoted

    bool operator==(const WarningValue&) const = default;
};

// Parses a Warning header value, which may hold several comma-separated values.
Expected<std::vector<WarningValue>> parse_warning(std::string_view value);

// A CSeq header value: "102 INVITE".
struct CSeq {
    std::uint32_t number = 0;
    std::string method;

    bool operator==(const CSeq&) const = default;
};

std::optional<CSeq> parse_cseq(std::string_view value);

// The user part of the URI in a From, To or Contact value: `"Bob" <sip:+4420...@host>;tag=x` gives
// "+4420...". Empty when there is none.
std::string_view uri_user(std::string_view name_addr);

// The value of a header parameter such as `tag` in `<sip:a@b>;tag=xyz`; empty when absent.
std::string_view header_param(std::string_view value, std::string_view name);

// A parameter of a digest challenge or credentials (RFC 3261 §22.4): `Digest realm="a",
// nonce="b"` gives b for "nonce", unquoted. Empty when absent.
std::string_view digest_param(std::string_view value, std::string_view name);

}  // namespace sipwhy
