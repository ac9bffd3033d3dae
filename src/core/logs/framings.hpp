// The words that start what the log scanner reads at a line's anchor, described once: the anchor
// search (anchor.cpp) looks for their first and fourth bytes, and the scanner (log_scanner.cpp)
// finds a candidate's line for them and dispatches on them. Responses mentioned in words
// ("... returned 486 ...") are found by their digits instead (mention.cpp).
#pragma once

#include <sipwhy/sip/scan_sink.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace sipwhy::detail {

enum class LineStart {
    zeek_fields,  // a Zeek log's column names: its rows follow
    start_line,   // a SIP status or request line (or one of a version sipwhy cannot vouch for)
    summary,      // a stack's one-line report of a response, the code right after the prefix
};

struct LineFraming {
    // What makes a candidate worth finding its line for (the scanner's first, cheap test).
    std::string_view word;
    std::string_view prefix;  // what the line says at the anchor: up to the code for a summary
    LineStart kind;
    std::string_view before = {};  // the bytes right before the prefix, when it needs them
    Framing framing = Framing::status_line;
    // The word and the prefix in any case (they are written in lower case): the anchor words of
    // their first byte in upper and in lower case are both among the table's.
    bool any_case = false;
};

// In the order the scanner tries them.
inline constexpr LineFraming k_line_framings[] = {
    {"#fields", "#fields\t", LineStart::zeek_fields},
    {"SIP", "SIP/", LineStart::start_line},
    // The version is case-insensitive (RFC 3261 §7.1): "sip/2.0", "Sip/2.0" ...
    {"sip/2.0", "sip/", LineStart::start_line, "", Framing::status_line, true},
    {"SIP", "SIP response ", LineStart::summary, "Got ",
     Framing::asterisk_summary},  // Asterisk: "Got SIP response 486"
    {"SIP", "SIP TX ", LineStart::summary, "", Framing::voip_stack_summary},
    {"SIP", "SIP RX ", LineStart::summary, "", Framing::voip_stack_summary},
    {"nta:", "nta: received ", LineStart::summary, "",
     Framing::sofia_summary},  // sofia-sip's "nta: received 486 ..."
    {"nta:", "nta: sent ", LineStart::summary, "", Framing::sofia_summary},
};

// What the anchor search compares for the framings: a prefix's first byte and its fourth. A
// fourth byte '/' is a version's ("SIP/2.0"), and then the eighth must not be '/' too: that is a
// Via's sent-protocol ("SIP/2.0/UDP"), which starts nothing.
struct AnchorWord {
    char first;
    char fourth;
    bool not_via;

    constexpr bool operator==(const AnchorWord&) const = default;
};

namespace framings_detail {
constexpr AnchorWord anchor_word(const LineFraming& f) {
    return {f.prefix[0], f.prefix[3], f.prefix[3] == '/'};
}

// The framings' anchor words, each once, and how many there are.
constexpr auto distinct_anchor_words() {
    std::array<AnchorWord, std::size(k_line_framings)> words{};
    std::size_t n = 0;
    for (const LineFraming& f : k_line_framings) {
        const AnchorWord w = anchor_word(f);
        bool seen = false;
        for (std::size_t i = 0; i < n; ++i) {
            seen = seen || words[i] == w;
        }
        if (!seen) {
            words[n++] = w;
        }
    }
    return std::pair(words, n);
}
}  // namespace framings_detail

inline constexpr auto k_anchor_words = [] {
    constexpr auto all = framings_detail::distinct_anchor_words();
    std::array<AnchorWord, all.second> words{};
    for (std::size_t i = 0; i < all.second; ++i) {
        words[i] = all.first[i];
    }
    return words;
}();

}  // namespace sipwhy::detail
