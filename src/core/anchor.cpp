#include "anchor.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace sipwhy::detail {
namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}

bool candidate_at(std::string_view b, std::size_t i) {
    const char* p = b.data() + i;
    const std::size_t left = b.size() - i;
    if (left >= 4 && (((p[0] == 'S' && (p[3] == '/' || p[3] == ' ')) || (p[0] == 'n' && p[3] == ':') ||
                       (p[0] == '#' && p[3] == 'e') || (p[0] == 's' && p[3] == '/')))) {
        return true;
    }
    if (p[0] >= '1' && p[0] <= '6' && left >= 3 && digit(p[1]) && digit(p[2]) &&
        (left == 3 || !digit(p[3])) && !(left >= 5 && p[3] == '.' && digit(p[4])) &&
        (i == 0 || (!digit(p[-1]) && p[-1] != '.'))) {
        return true;
    }
    return p[0] == '\n' && i > 0 && left >= 2 && digit(p[-1]) && digit(p[1]);
}

std::size_t find_scalar(std::string_view b, std::size_t from) {
    for (std::size_t i = from; i < b.size(); ++i) {
        if (candidate_at(b, i)) {
            return i;
        }
    }
    return std::string_view::npos;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) unsigned digits_of(__m256i v) {
    const __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
    return static_cast<unsigned>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d)));
}

// Compares 32 positions at once: the first byte against 'S', 's', 'n' and '#', the fourth against
// the byte each of them needs; and finds runs of three digits, and line ends between digits, from
// the digit masks of the same two loads.
__attribute__((target("avx2"))) std::size_t find_avx2(std::string_view b, std::size_t from) {
    const char* p = b.data();
    const std::size_t n = b.size();
    const __m256i s = _mm256_set1_epi8('S');
    const __m256i small_s = _mm256_set1_epi8('s');
    const __m256i slash = _mm256_set1_epi8('/');
    const __m256i space = _mm256_set1_epi8(' ');
    const __m256i en = _mm256_set1_epi8('n');
    const __m256i colon = _mm256_set1_epi8(':');
    const __m256i hash = _mm256_set1_epi8('#');
    const __m256i e = _mm256_set1_epi8('e');
    const __m256i dot = _mm256_set1_epi8('.');
    const __m256i nl = _mm256_set1_epi8('\n');
    const __m256i one = _mm256_set1_epi8('1');
    const __m256i five = _mm256_set1_epi8(5);
    std::size_t i = from;
    // Whether the byte before position i is a digit, and whether it is a '.'.
    std::uint64_t before_digit = i > 0 && digit(p[i - 1]) ? 1 : 0;
    std::uint64_t before_dot = i > 0 && p[i - 1] == '.' ? 1 : 0;
    for (; i + 35 < n; i += 32) {
        const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        const __m256i fourth = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 3));
        const __m256i slash4 = _mm256_cmpeq_epi8(fourth, slash);
        const __m256i sip = _mm256_or_si256(
            _mm256_and_si256(_mm256_cmpeq_epi8(first, s),
                             _mm256_or_si256(slash4, _mm256_cmpeq_epi8(fourth, space))),
            _mm256_and_si256(_mm256_cmpeq_epi8(first, small_s), slash4));
        const __m256i nta =
            _mm256_and_si256(_mm256_cmpeq_epi8(first, en), _mm256_cmpeq_epi8(fourth, colon));
        const __m256i fields =
            _mm256_and_si256(_mm256_cmpeq_epi8(first, hash), _mm256_cmpeq_epi8(fourth, e));
        auto mask = static_cast<std::uint64_t>(static_cast<unsigned>(
            _mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(sip, nta), fields))));

        // Digits of bytes i .. i+34 as one mask, bit k for byte i+k.
        const std::uint64_t d0 = digits_of(first);
        const std::uint64_t all = d0 | (static_cast<std::uint64_t>(digits_of(fourth)) << 3);
        const __m256i lead = _mm256_sub_epi8(first, one);
        const std::uint64_t one_to_six = static_cast<unsigned>(_mm256_movemask_epi8(
            _mm256_cmpeq_epi8(_mm256_min_epu8(lead, five), lead)));
        const std::uint64_t dots0 =
            static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(first, dot)));
        const std::uint64_t dots3 =
            static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(fourth, dot)));
        const std::uint64_t prev_digit = (all << 1) | before_digit;
        const std::uint64_t prev_dot = (dots0 << 1) | before_dot;
        const std::uint64_t triple = one_to_six & (all >> 1) & (all >> 2) & ~(all >> 3) &
                                     ~prev_digit & ~prev_dot & ~(dots3 & (all >> 4));
        const std::uint64_t lines =
            static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(first, nl)));
        const std::uint64_t wrapped = lines & prev_digit & (all >> 1);
        mask = (mask | triple | wrapped) & 0xffffffffU;
        if (mask != 0) {
            return i + static_cast<std::size_t>(__builtin_ctzll(mask));
        }
        before_digit = (d0 >> 31) & 1;
        before_dot = (dots0 >> 31) & 1;
    }
    return find_scalar(b, i);
}

__attribute__((target("avx2"))) std::size_t count_avx2(std::string_view b) {
    const char* p = b.data();
    const std::size_t n = b.size();
    const __m256i nl = _mm256_set1_epi8('\n');
    std::size_t count = 0;
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        count += static_cast<std::size_t>(__builtin_popcount(
            static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nl)))));
    }
    return count + static_cast<std::size_t>(std::count(p + i, p + n, '\n'));
}

bool have_avx2() {
    static const bool yes = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return yes;
}
#endif

}  // namespace

std::size_t find_anchor(std::string_view b, std::size_t from) {
#if defined(__x86_64__)
    if (have_avx2()) {
        return find_avx2(b, from);
    }
#endif
    return find_scalar(b, from);
}

std::size_t find_anchor_scalar(std::string_view b, std::size_t from) {
    return find_scalar(b, from);
}

std::size_t count_newlines(std::string_view b) {
#if defined(__x86_64__)
    if (have_avx2()) {
        return count_avx2(b);
    }
#endif
    return static_cast<std::size_t>(std::count(b.begin(), b.end(), '\n'));
}

}  // namespace sipwhy::detail
