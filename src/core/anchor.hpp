// The scanner's hot loop: finding the few places in a buffer where a response could start.
#pragma once

#include <cstddef>
#include <string_view>

namespace sipwhy::detail {

// The first position i >= `from` where b[i..i+4) may be "SIP/", "SIP ", "nta:" or "#fie" (checked
// by their first and fourth bytes only; the caller compares the rest), or npos. Uses AVX2 when the
// CPU has it: 32 bytes per step, like memchr.
std::size_t find_anchor(std::string_view b, std::size_t from);

// How many '\n' bytes `b` holds.
std::size_t count_newlines(std::string_view b);

}  // namespace sipwhy::detail
