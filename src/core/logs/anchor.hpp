// The scanner's hot loop: finding the few places in a buffer where a response could start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sipwhy::detail {

// The first position i >= `from` where a response may begin, or npos:
//   - b[i..i+4) may start one of the framings of k_line_framings (framings.hpp: "SIP/",
//     "SIP ", "sip/", "nta:", "#fie"), checked by their first and fourth bytes only, and "SIP/"
//     and "sip/" by their eighth, which is not the '/' of a Via's "SIP/2.0/UDP"; the caller
//     compares the rest;
//   - b[i..i+3) are three digits, the first of them 1-6, with no digit or '.' before them and no
//     digit after them (a response mention's code; the caller reads the words around it);
//   - b[i] is a line end between two digits (a key=value code that a logger wrapped: "code=4",
//     then "87;reason=...").
// Every position the scalar search finds is also found with AVX2 and AVX-512, which may add a
// few positions the caller rejects; so all give the same findings. Uses AVX-512 (64 bytes per
// step) or AVX2 (32) when the CPU has it, like memchr.
std::size_t find_anchor(std::string_view b, std::size_t from);

// The same search without SIMD (for tests comparing the paths).
std::size_t find_anchor_scalar(std::string_view b, std::size_t from);

// find_anchor over one buffer, one candidate after another: it keeps the candidates of the last 32
// or 64 bytes it looked at, so that candidates close together cost one step of the search.
class AnchorCursor {
public:
    // The first candidate at or after `from` in `b` (the buffer of the previous call, or a new
    // one).
    std::size_t next(std::string_view b, std::size_t from);

private:
    const char* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_window = 0;  // where the 32 or 64 bytes that m_mask describes begin
    std::uint64_t m_mask = 0;  // candidates at m_window + bit
    bool m_valid = false;
};

// The search's ways, best first.
enum class SearchPath { best, avx512, avx2, scalar };

// Makes find_anchor and AnchorCursor use one path (for tests that compare the paths' findings);
// `best` by default: the best the CPU has. A path the CPU lacks gives the best it has.
void use_search(SearchPath how);

// How many '\n' bytes `b` holds.
std::size_t count_newlines(std::string_view b);

}  // namespace sipwhy::detail
