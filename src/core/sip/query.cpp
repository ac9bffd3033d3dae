#include <sipwhy/sip/query.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace sipwhy {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view strip_quotes(std::string_view s) {
    s = trim(s);
    while (s.size() >= 2 &&
           ((s.front() == '"' && s.back() == '"') || (s.front() == '\'' && s.back() == '\''))) {
        s = trim(s.substr(1, s.size() - 2));
    }
    return s;
}

std::string_view first_word(std::string_view s) {
    return s.substr(0, s.find_first_of(" \t"));
}

// "Reason" in "Reason: ..." or "Reason : ...", or empty.
std::string_view header_name(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos) {
        return {};
    }
    const std::string_view name = trim(s.substr(0, colon));
    if (iequals(name, "Reason") || iequals(name, "Warning")) {
        return name;
    }
    return {};
}

// A Reason header's value given without the header's name: "Q.850;cause=17",
// "SIP;cause=200;text=\"Call completed elsewhere\"".
bool is_reason_value(std::string_view s) {
    const auto semi = s.find(';');
    if (semi == 0 || semi == std::string_view::npos) {
        return false;
    }
    const std::string_view protocol = trim(s.substr(0, semi));
    const bool token =
        !protocol.empty() && std::all_of(protocol.begin(), protocol.end(), [](char c) {
            return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
                   c == '-' || c == '_';
        });
    std::string lower(s.substr(semi));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    return token && lower.find("cause") != std::string::npos;
}

// The code at the start of a query's first word: "486", "403:", "486:Busy" (as some logs glue
// them); empty when the word does not start with one.
std::string_view leading_code(std::string_view word) {
    std::size_t n = 0;
    while (n < word.size() && is_digit(word[n])) {
        ++n;
    }
    if (n == 0) {
        return {};
    }
    const std::string_view rest = word.substr(n);
    const bool separators_only =
        std::all_of(rest.begin(), rest.end(), [](char c) { return c == ':' || c == '-'; });
    // "486:Busy": three digits, one separator, then the phrase.
    const bool glued = n == 3 && rest.size() >= 2 && (rest[0] == ':' || rest[0] == '-') &&
                       !is_digit(rest[1]) && rest[1] != ':' && rest[1] != '-';
    return separators_only || glued ? word.substr(0, n) : std::string_view{};
}

// The phrase after a code, without separators people type between the two ("403 - Forbidden").
std::string phrase_after(std::string_view rest) {
    rest = trim(rest);
    while (!rest.empty() && (rest.front() == '-' || rest.front() == ':' || rest.front() == '=')) {
        rest = trim(rest.substr(1));
    }
    return std::string(rest);
}

}  // namespace

std::string_view pattern_prefix(std::string_view word) {
    if (word.size() != 3 || !is_digit(word[0])) {
        return {};
    }
    auto x = [](char c) { return c == 'x' || c == 'X'; };
    if (x(word[1]) && x(word[2])) {
        return word.substr(0, 1);
    }
    if (is_digit(word[1]) && x(word[2])) {
        return word.substr(0, 2);
    }
    return {};
}

bool starts_query(std::string_view arg) {
    const std::string_view s = strip_quotes(arg);
    const std::string_view word = first_word(s);
    if (istarts_with(word, "SIP/")) {
        return true;
    }
    if (!header_name(s).empty()) {
        return true;
    }
    if (!pattern_prefix(word).empty()) {
        return true;
    }
    if (is_reason_value(s)) {
        return true;
    }
    // Any all-digit word counts, so that a malformed code ("4860") is reported as one.
    return !leading_code(word).empty();
}

Expected<Query> parse_query(std::string_view text) {
    const std::string_view s = strip_quotes(text);
    Query q;
    q.text = std::string(s);
    const std::string shown = excerpt(s);
    if (s.empty()) {
        return Diagnostic{"", 0, 0, "", "empty query"};
    }
    const std::string_view word = first_word(s);

    if (istarts_with(word, "SIP/")) {
        const auto line = StatusLine::parse(s);
        if (!line) {
            return line.error();
        }
        q.kind = Query::Kind::code;
        q.code = line->code;
        q.phrase = line->reason;
        return q;
    }
    if (const auto name = header_name(s); !name.empty()) {
        q.kind = iequals(name, "Reason") ? Query::Kind::reason : Query::Kind::warning;
        q.value = std::string(trim(s.substr(s.find(':') + 1)));
        if (q.value.empty()) {
            return Diagnostic{shown, 0, 0, "", "empty header value"};
        }
        return q;
    }
    if (is_reason_value(s)) {
        q.kind = Query::Kind::reason;
        q.value = std::string(s);
        return q;
    }
    if (const auto prefix = pattern_prefix(word); !prefix.empty()) {
        if (prefix[0] < '1' || prefix[0] > '6') {
            return Diagnostic{std::string(word), 0, 0, "",
                              "no such response class (SIP classes are 1xx to 6xx)"};
        }
        if (word.size() != s.size()) {
            return Diagnostic{shown, 0, 0, "", "a class pattern takes no reason phrase"};
        }
        q.kind = Query::Kind::pattern;
        q.prefix = std::string(prefix);
        return q;
    }
    if (const std::string_view digits = leading_code(word); !digits.empty()) {
        // The code may be followed directly by a separator: "403:", "403-", "486:Busy Here".
        const auto code = parse_status_code(digits);
        if (!code) {
            return code.error();
        }
        q.kind = Query::Kind::code;
        q.code = *code;
        q.phrase = phrase_after(s.substr(digits.size()));
        return q;
    }
    q.kind = Query::Kind::phrase;
    q.phrase = std::string(s);
    return q;
}

std::vector<std::string> group_query_args(std::span<const std::string> args) {
    std::vector<std::string> out;
    // A header split over several arguments ("Warning:" "399" ...) keeps its value, although a
    // warn-code looks like a status code.
    auto header_without_value = [](std::string_view q) {
        const std::string_view s = strip_quotes(q);
        return !header_name(s).empty() && trim(s.substr(s.find(':') + 1)).empty();
    };
    // An argument with a space in it is a query of its own when the query before it has its
    // phrase already ("Wrong Guess" "No money left"); it is the phrase of a bare code ("486"
    // "Busy Here") or part of a header's value.
    auto whole_query = [](std::string_view arg) {
        return trim(arg).find_first_of(" \t") != std::string_view::npos;
    };
    auto has_phrase = [](std::string_view q) {
        const auto parsed = parse_query(q);
        return parsed && (parsed->kind == Query::Kind::phrase ||
                          (parsed->kind == Query::Kind::code && !parsed->phrase.empty()));
    };
    for (const auto& arg : args) {
        const bool starts = out.empty() ||
                            (starts_query(arg) && !header_without_value(out.back())) ||
                            (whole_query(arg) && has_phrase(out.back()));
        if (starts) {
            out.push_back(arg);
        } else {
            out.back() += ' ';
            out.back() += arg;
        }
    }
    return out;
}

}  // namespace sipwhy
