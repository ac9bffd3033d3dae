#include <sipwhy/query.hpp>
#include <sipwhy/status_line.hpp>
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
    // Any all-digit word counts, so that a malformed code ("4860") is reported as one.
    std::string_view digits = word;
    while (!digits.empty() && (digits.back() == ':' || digits.back() == '-')) {
        digits.remove_suffix(1);
    }
    return !digits.empty() && std::all_of(digits.begin(), digits.end(), is_digit);
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
    if (starts_query(word)) {
        // The code may be followed directly by a separator: "403:" or "403-".
        std::string_view digits = word;
        while (!digits.empty() && !is_digit(digits.back())) {
            digits.remove_suffix(1);
        }
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
    for (const auto& arg : args) {
        if (out.empty() || (starts_query(arg) && !header_without_value(out.back()))) {
            out.push_back(arg);
        } else {
            out.back() += ' ';
            out.back() += arg;
        }
    }
    return out;
}

}  // namespace sipwhy
