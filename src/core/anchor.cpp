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
    if (left >= 4 &&
        (((p[0] == 'S' && (p[3] == '/' || p[3] == ' ')) || (p[0] == 'n' && p[3] == ':') ||
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
// 0xff in each byte of `v` that is an ASCII digit.
__attribute__((target("avx2"))) __m256i digits_in(__m256i v) {
    const __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
    return _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d);
}

__attribute__((target("avx2"))) __m256i load(const char* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// Compares 32 positions at once: the first byte against 'S', 's', 'n' and '#', the fourth against
// the byte each of them needs; runs of three digits and line ends between digits from the digit
// bytes of the loads around them. One mask for all.
__attribute__((target("avx2"))) std::size_t find_avx2(std::string_view b, std::size_t from,
                                                      std::size_t* window, std::uint32_t* found) {
    const char* p = b.data();
    const std::size_t n = b.size();
    *found = 0;
    if (from == 0) {
        if (n > 0 && candidate_at(b, 0)) {
            return 0;
        }
        from = 1;  // the loop reads the byte before each position
    }
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
    for (; i + 36 < n; i += 32) {
        const __m256i before = load(p + i - 1);
        const __m256i first = load(p + i);
        const __m256i second = load(p + i + 1);
        const __m256i third = load(p + i + 2);
        const __m256i fourth = load(p + i + 3);
        const __m256i fifth = load(p + i + 4);
        const __m256i slash4 = _mm256_cmpeq_epi8(fourth, slash);
        const __m256i sip = _mm256_or_si256(
            _mm256_and_si256(_mm256_cmpeq_epi8(first, s),
                             _mm256_or_si256(slash4, _mm256_cmpeq_epi8(fourth, space))),
            _mm256_and_si256(_mm256_cmpeq_epi8(first, small_s), slash4));
        const __m256i nta =
            _mm256_and_si256(_mm256_cmpeq_epi8(first, en), _mm256_cmpeq_epi8(fourth, colon));
        const __m256i fields =
            _mm256_and_si256(_mm256_cmpeq_epi8(first, hash), _mm256_cmpeq_epi8(fourth, e));
        const __m256i lead = _mm256_sub_epi8(first, one);
        const __m256i one_to_six = _mm256_cmpeq_epi8(_mm256_min_epu8(lead, five), lead);
        const __m256i d_before = digits_in(before);
        const __m256i d_second = digits_in(second);
        // Three digits, nothing of a number before them, none after them: not "x.486", not
        // "4860", not "486.5" (an address's octet, a version, a decimal).
        const __m256i not_number_before = _mm256_andnot_si256(
            _mm256_or_si256(d_before, _mm256_cmpeq_epi8(before, dot)), one_to_six);
        const __m256i runs = _mm256_and_si256(
            _mm256_and_si256(not_number_before, d_second),
            _mm256_andnot_si256(
                _mm256_or_si256(digits_in(fourth),
                                _mm256_and_si256(_mm256_cmpeq_epi8(fourth, dot), digits_in(fifth))),
                digits_in(third)));
        const __m256i wrapped =
            _mm256_and_si256(_mm256_cmpeq_epi8(first, nl), _mm256_and_si256(d_before, d_second));
        const auto mask = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(
            _mm256_or_si256(_mm256_or_si256(sip, nta), fields), _mm256_or_si256(runs, wrapped))));
        if (mask != 0) {
            *window = i;
            *found = mask;
            return i + static_cast<std::size_t>(__builtin_ctz(mask));
        }
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

bool g_scalar = false;  // tests only: compare the scalar path's findings with AVX2's

bool have_avx2() {
    static const bool yes = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return yes && !g_scalar;
}
#endif

}  // namespace

std::size_t find_anchor(std::string_view b, std::size_t from) {
#if defined(__x86_64__)
    if (have_avx2()) {
        std::size_t window = 0;
        std::uint32_t found = 0;
        return find_avx2(b, from, &window, &found);
    }
#endif
    return find_scalar(b, from);
}

std::size_t AnchorCursor::next(std::string_view b, std::size_t from) {
#if defined(__x86_64__)
    if (!have_avx2()) {
        return find_scalar(b, from);
    }
    if (m_valid && b.data() == m_data && b.size() == m_size && from >= m_window &&
        from < m_window + 32) {
        const std::uint32_t rest = m_mask & (~0U << (from - m_window));
        if (rest != 0) {
            return m_window + static_cast<std::size_t>(__builtin_ctz(rest));
        }
        from = m_window + 32;  // nothing more in these 32 bytes
    }
    m_data = b.data();
    m_size = b.size();
    std::uint32_t found = 0;
    const std::size_t at = find_avx2(b, from, &m_window, &found);
    m_mask = found;
    m_valid = found != 0;
    return at;
#else
    return find_scalar(b, from);
#endif
}

void use_scalar_search(bool scalar) {
#if defined(__x86_64__)
    g_scalar = scalar;
#else
    (void)scalar;
#endif
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
