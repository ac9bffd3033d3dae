// What a user asks sipwhy to explain: a status code with or without its reason phrase, a whole
// status line, a class pattern, a bare reason phrase, or a Reason or Warning header.
#pragma once

#include <sipwhy/diagnostic.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy {

struct Query {
    enum class Kind {
        code,     // "486", "486 Busy Here", "SIP/2.0 486 Busy Here"
        pattern,  // "4xx", "48x"
        phrase,   // "Wrong Guess": a reason phrase without a code
        reason,   // "Reason: Q.850;cause=16;text=\"Normal Clearing\""
        warning,  // "Warning: 399 host \"text\""
    };

    Kind kind = Kind::code;
    std::string text;    // the query as given, trimmed
    int code = 0;        // Kind::code
    std::string phrase;  // Kind::code (may be empty) and Kind::phrase
    std::string prefix;  // Kind::pattern: the fixed leading digits, "4" for 4xx, "48" for 48x
    std::string value;   // Kind::reason and Kind::warning: the header value after the colon

    bool operator==(const Query&) const = default;
};

// Parses one query. Quotes around the whole text, surrounding white space and CR/LF are ignored.
// Fails on a malformed code ("4860", "700", "7xx") or status line ("SIP/3.0 486"); the
// diagnostic's source is the offending text and its message what is wrong with it.
Expected<Query> parse_query(std::string_view text);

// True when `arg` starts a query of its own: a status code, a class pattern, a status line or a
// header name. The command line uses this both to tell queries from files and to split
// `sipwhy 486 Busy Here 401` into "486 Busy Here" and "401".
bool starts_query(std::string_view arg);

// "4xx", "48x", "4XX": the class pattern's fixed prefix ("4", "48"); empty for anything else.
std::string_view pattern_prefix(std::string_view word);

// Joins command-line arguments into query texts: an argument that starts a query begins a new
// one, any other argument continues the one before.
std::vector<std::string> group_query_args(std::span<const std::string> args);

}  // namespace sipwhy
