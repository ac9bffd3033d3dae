#include <sipwhy/text.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace sipwhy {
namespace {

bool is_ascii_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 when it is not valid there.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        return 1;
    }
    std::size_t n = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        if (b0 == 0xE0) {
            lo = 0xA0;  // overlong
        } else if (b0 == 0xED) {
            hi = 0x9F;  // surrogates
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        if (b0 == 0xF0) {
            lo = 0x90;
        } else if (b0 == 0xF4) {
            hi = 0x8F;
        }
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < 0x80 || b > 0xBF) {
            return 0;
        }
    }
    return n;
}

// Whether this valid UTF-8 sequence is a C1 control (U+0080-U+009F: CSI, OSC, ST and NEL can drive
// a terminal as ESC does) or a bidirectional embedding, override or isolate (U+202A-U+202E,
// U+2066-U+2069), which reorders what a terminal shows.
bool is_hostile_character(std::string_view seq) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(seq[k]); };
    if (seq.size() == 2) {
        return b(0) == 0xC2 && b(1) <= 0x9F;
    }
    if (seq.size() == 3 && b(0) == 0xE2) {
        return (b(1) == 0x80 && b(2) >= 0xAA && b(2) <= 0xAE) ||
               (b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9);
    }
    return false;
}

}  // namespace

std::string normalize_phrase(std::string_view phrase) {
    std::string out;
    out.reserve(phrase.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < phrase.size(); ++i) {
        const auto c = static_cast<unsigned char>(phrase[i]);
        // A `*` that touches no letter, digit or other `*` is a word of its own ("data=*").
        auto word_char = [&](std::size_t j) {
            const auto d = static_cast<unsigned char>(phrase[j]);
            return is_ascii_alnum(d) || d >= 0x80 || d == '*';
        };
        const bool lone_star = c == '*' && (i == 0 || !word_char(i - 1)) &&
                               (i + 1 == phrase.size() || !word_char(i + 1));
        if (is_ascii_alnum(c) || c >= 0x80 || lone_star) {
            if (pending_space && !out.empty()) {
                out.push_back(' ');
            }
            pending_space = false;
            out.push_back(ascii_lower(static_cast<char>(c)));
        } else {
            pending_space = true;
        }
    }
    return out;
}

std::string_view strip_trailing_tags(std::string_view phrase) {
    std::string_view s = trim(phrase);
    if (!s.empty() && s.back() == ')') {
        const auto open = s.rfind('(');
        if (open != std::string_view::npos && !trim(s.substr(0, open)).empty()) {
            s = trim(s.substr(0, open));
        }
    }
    const auto space = s.find_last_of(" \t");
    if (space != std::string_view::npos) {
        const std::string_view word = s.substr(space + 1);
        const bool tag =
            word.size() >= 2 && word.size() <= 4 && word[0] >= 'A' && word[0] <= 'Z' &&
            std::all_of(word.begin() + 1, word.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (tag && !trim(s.substr(0, space)).empty()) {
            s = trim(s.substr(0, space));
        }
    }
    return s;
}

bool wildcard_match(std::string_view pattern, std::string_view key) {
    // Word-by-word matching with backtracking on the last `*` seen; `*` takes at least one word.
    auto next_word = [](std::string_view& s) {
        const auto end = s.find(' ');
        const std::string_view word = s.substr(0, end);
        s = end == std::string_view::npos ? std::string_view{} : s.substr(end + 1);
        return word;
    };
    std::string_view p = pattern;
    std::string_view k = key;
    std::string_view star_p;
    std::string_view star_k;
    bool have_star = false;
    while (!k.empty() || !p.empty()) {
        if (!p.empty()) {
            std::string_view p_rest = p;
            const std::string_view pw = next_word(p_rest);
            if (pw == "*") {
                if (k.empty()) {
                    return false;
                }
                next_word(k);  // the star's mandatory first word
                have_star = true;
                star_p = p_rest;
                star_k = k;
                p = p_rest;
                continue;
            }
            if (!k.empty()) {
                std::string_view k_rest = k;
                if (next_word(k_rest) == pw) {
                    p = p_rest;
                    k = k_rest;
                    continue;
                }
            }
        }
        if (!have_star || star_k.empty()) {
            return false;
        }
        next_word(star_k);  // let the star swallow one more word
        p = star_p;
        k = star_k;
    }
    return true;
}

int edit_distance(std::string_view a, std::string_view b, int limit) {
    const auto n = a.size();
    const auto m = b.size();
    const auto diff = n > m ? n - m : m - n;
    if (diff > static_cast<std::size_t>(limit)) {
        return limit + 1;
    }
    std::vector<int> prev2(m + 1);
    std::vector<int> prev(m + 1);
    std::vector<int> cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) {
        prev[j] = static_cast<int>(j);
    }
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = static_cast<int>(i);
        int row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                v = std::min(v, prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = std::min(row_min, v);
        }
        if (row_min > limit) {
            return limit + 1;
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], limit + 1);
}

int typo_allowance(std::size_t length) {
    if (length <= 4) {
        return 0;
    }
    if (length <= 10) {
        return 1;
    }
    if (length <= 20) {
        return 2;
    }
    return 3;
}

std::string sanitize_utf8(std::string_view s, bool keep_controls) {
    std::string out;
    append_sanitized(out, s, keep_controls);
    return out;
}

void append_sanitized(std::string& out, std::string_view s, bool keep_controls) {
    static constexpr std::string_view k_replacement = "\xEF\xBF\xBD";
    // Most text is printable ASCII: copied whole, up to the first byte that needs a look; eight
    // bytes at a time while none is below 0x20, 0x7F or above (a word that the test flags may
    // still be plain: its bytes are then looked at one by one).
    std::size_t i = 0;
    constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
    constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
    while (i + 8 <= s.size()) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        if (((w - 0x20 * k_ones) | (w + k_ones) | w) & k_highs) {
            break;
        }
        i += 8;
    }
    while (i < s.size() && ((s[i] >= 0x20 && s[i] < 0x7F) || s[i] == '\t')) {
        ++i;
    }
    out.append(s.substr(0, i));
    if (i == s.size()) {
        return;
    }
    out.reserve(out.size() + s.size() - i);
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            const bool control = (c < 0x20 && c != '\t') || c == 0x7F;
            if (control && !keep_controls) {
                out.append(k_replacement);
            } else {
                out.push_back(static_cast<char>(c));
            }
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) {
            out.append(k_replacement);
            ++i;
        } else if (!keep_controls && is_hostile_character(s.substr(i, n))) {
            out.append(k_replacement);
            i += n;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
}

std::string_view cut_utf8(std::string_view s, std::size_t max) {
    if (s.size() <= max) {
        return s;
    }
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
        --end;
    }
    return s.substr(0, end);
}

std::string excerpt(std::string_view s, std::size_t max) {
    if (s.size() <= max) {
        return sanitize_utf8(s);
    }
    return sanitize_utf8(cut_utf8(s, max)) + "... (" + std::to_string(s.size()) + " bytes)";
}

std::string replace_chars(std::string_view s, std::initializer_list<CharReplacement> replacements) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const auto* r = std::find_if(replacements.begin(), replacements.end(),
                                     [c](const CharReplacement& x) { return x.c == c; });
        if (r != replacements.end()) {
            out += r->with;
        } else {
            out += c;
        }
    }
    return out;
}

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

std::string_view closest_match(std::string_view word,
                               const std::vector<std::string_view>& candidates) {
    std::string_view best;
    const int limit = std::max(1, static_cast<int>(word.size()) / 3);
    int best_distance = limit + 1;
    for (const auto candidate : candidates) {
        const int d = edit_distance(word, candidate, limit);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    const auto best = closest_match(word, candidates);
    return best.empty() ? std::string{} : " (did you mean \"" + std::string(best) + "\"?)";
}

}  // namespace sipwhy
