// The scanner's hot loop: finding the few places in a buffer where a response could start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sipwhy::detail {

// The first position i >= `from` where a response may begin, or npos:
//   - b[i..i+4) may be "SIP/", "SIP ", "sip/", "nta:" or "#fie" (checked by their first and
//     fourth bytes only; the caller compares the rest);
//   - b[i..i+3) are three digits, the first of them 1-6, with no digit or '.' before them and no
//     digit after them (a response mention's code; the caller reads the words around it);
//   - b[i] is a line end between two digits (a key=value code that a logger wrapped: "code=4",
//     then "87;reason=...").
// Every position the scalar search finds is also found with AVX2, which may add a few positions
// the caller rejects; so both give the same findings. Uses AVX2 when the CPU has it: 32 bytes
// per step, like memchr.
std::size_t find_anchor(std::string_view b, std::size_t from);

// The same search without AVX2 (for tests comparing the two).
std::size_t find_anchor_scalar(std::string_view b, std::size_t from);

// find_anchor over one buffer, one candidate after another: it keeps the candidates of the last 32
// bytes it looked at, so that candidates close together cost one step of the search.
class AnchorCursor {
public:
    // The first candidate at or after `from` in `b` (the buffer of the previous call, or a new
    // one).
    std::size_t next(std::string_view b, std::size_t from);

private:
    const char* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_window = 0;  // where the 32 bytes that m_mask describes begin
    std::uint32_t m_mask = 0;  // candidates at m_window + bit
    bool m_valid = false;
};

// Makes find_anchor and AnchorCursor use the scalar search (for tests that compare the two paths'
// findings); off by default.
void use_scalar_search(bool scalar);

// How many '\n' bytes `b` holds.
std::size_t count_newlines(std::string_view b);

}  // namespace sipwhy::detail
