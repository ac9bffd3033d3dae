// Small text helpers shared by the matcher, the scanners and the formatters. All of them work on
// bytes: ASCII is case-folded, anything else (UTF-8 Cyrillic, say) is kept as it is.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy {

// Hashes std::string and std::string_view alike, so lookups by view allocate nothing.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// ASCII white space: space, tab, CR, LF, VT, FF.
inline bool is_ascii_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// Removes ASCII white space at both ends. Inline: the scanners call it on every header line.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ascii_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_ascii_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}
// Where the first space or tab in `s` is, or npos. (string_view::find_first_of(" \t") calls
// memchr on its set once per byte: this is the header readers' loop.)
inline std::size_t find_blank(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ' ' || s[i] == '\t') {
            return i;
        }
    }
    return std::string_view::npos;
}

// `line` without the CR that ends it, if it has one.
inline std::string_view without_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

// The key phrases are compared by: ASCII lower-cased, every run of ASCII characters that are not
// letters or digits turned into one space, trimmed. Bytes >= 0x80 count as letters, and a `*`
// standing alone stays a word (the wildcard of knowledge-base variants).
// "Call Leg/Transaction Does Not Exist" -> "call leg transaction does not exist".
std::string normalize_phrase(std::string_view phrase);

// Drops trailing tags that servers append to a phrase: a parenthesised group such as "(478/TM)"
// and a sub-code word of one capital letter and 1-3 digits such as Telnyx's " D51". Returns
// `phrase` unchanged when it has no tag, or when the tag is all there is.
std::string_view strip_trailing_tags(std::string_view phrase);

// Matches a normalized `key` against a normalized `pattern` in which each `*` word stands for one
// or more words.
bool wildcard_match(std::string_view pattern, std::string_view key);

// Optimal-string-alignment edit distance (insertions, deletions, substitutions and adjacent
// transpositions cost 1). Stops early and returns `limit + 1` once the distance exceeds `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit);

// The edit distance up to which two keys of this length still count as the same phrase misspelt.
int typo_allowance(std::size_t length);

// Copies `s`, replacing every byte sequence that is not valid UTF-8 with U+FFFD, and, when
// `keep_controls` is false, control characters other than tab (C0, DEL and the C1 controls
// U+0080-U+009F) and the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) with
// U+FFFD as well.
std::string sanitize_utf8(std::string_view s, bool keep_controls = false);
// sanitize_utf8(s, keep_controls) appended to `out`, without a string of its own.
void append_sanitized(std::string& out, std::string_view s, bool keep_controls = false);

// `s` as an error message quotes it: sanitized (sanitize_utf8), and when longer than `max` bytes
// cut at a character boundary and marked with its length: "xxxx... (100000 bytes)".
std::string excerpt(std::string_view s, std::size_t max = 80);

// A character and the text that stands for it in some syntax: {'&', "&amp;"}.
struct CharReplacement {
    char c;
    std::string_view with;
};

// `s` with each character that `replacements` names written as its text.
std::string replace_chars(std::string_view s, std::initializer_list<CharReplacement> replacements);

// True when `s` is valid UTF-8.
bool is_valid_utf8(std::string_view s);

// `s` cut to at most `max` bytes without splitting a UTF-8 character.
std::string_view cut_utf8(std::string_view s, std::size_t max);

// ASCII case-insensitive comparisons. Inline: the header readers compare every header's name.
inline char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i] && ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}
inline bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// The candidate closest to `word` by edit distance, if it is close enough to suggest
// ("did you mean ...?"); empty otherwise.
std::string_view closest_match(std::string_view word,
                               const std::vector<std::string_view>& candidates);

// " (did you mean "X"?)" with the closest of `candidates` to `word`; empty when none is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace sipwhy
