#include "logs/anchor.hpp"

#include "logs/framings.hpp"

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
    // "SIP/2.0/UDP", a Via value, is dropped here: nothing starts at "SIP/x.y/".
    const bool via = left >= 8 && p[7] == '/';
    if (left >= 4) {
        for (const AnchorWord& w : k_anchor_words) {
            if (p[0] == w.first && p[3] == w.fourth && !(w.not_via && via)) {
                return true;
            }
        }
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
// Whether a search from `from` finds position 0; else `from` becomes where the vector loops may
// start, each of which reads the byte before its position.
bool candidate_at_start(std::string_view b, std::size_t& from) {
    if (from != 0) {
        return false;
    }
    if (!b.empty() && candidate_at(b, 0)) {
        return true;
    }
    from = 1;
    return false;
}

// How far ahead of the search the next bytes are asked for: the loads at several offsets keep
// the hardware prefetcher from running ahead on its own, and a mapped file's pages come from
// memory, not cache.
constexpr std::size_t k_prefetch = 4096;

// 0xff in each byte of `v` that is an ASCII digit.
__attribute__((target("avx2"))) __m256i digits_in(__m256i v) {
    const __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
    return _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d);
}

__attribute__((target("avx2"))) __m256i load(const char* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// Compares 32 positions at once: the first and fourth bytes against each of the framings' anchor
// words (framings.hpp; and the eighth against the '/' of a Via's "SIP/2.0/"); runs of
// three digits and line ends between digits from the digit bytes of the loads around them. One
// mask for all.
__attribute__((target("avx2"))) std::size_t find_avx2(std::string_view b, std::size_t from,
                                                      std::size_t* window, std::uint64_t* found) {
    const char* p = b.data();
    const std::size_t n = b.size();
    *found = 0;
    if (candidate_at_start(b, from)) {
        return 0;
    }
    const __m256i slash = _mm256_set1_epi8('/');
    const __m256i dot = _mm256_set1_epi8('.');
    const __m256i nl = _mm256_set1_epi8('\n');
    const __m256i one = _mm256_set1_epi8('1');
    const __m256i five = _mm256_set1_epi8(5);
    std::size_t i = from;
    for (; i + 39 <= n; i += 32) {
        _mm_prefetch(p + i + k_prefetch, _MM_HINT_T0);
        const __m256i before = load(p + i - 1);
        const __m256i first = load(p + i);
        const __m256i second = load(p + i + 1);
        const __m256i third = load(p + i + 2);
        const __m256i fourth = load(p + i + 3);
        const __m256i fifth = load(p + i + 4);
        const __m256i eighth = load(p + i + 7);
        __m256i words = _mm256_setzero_si256();
        __m256i versions = _mm256_setzero_si256();  // those that a Via's '/' rules out
        for (const AnchorWord& w : k_anchor_words) {
            const __m256i at =
                _mm256_and_si256(_mm256_cmpeq_epi8(first, _mm256_set1_epi8(w.first)),
                                 _mm256_cmpeq_epi8(fourth, _mm256_set1_epi8(w.fourth)));
            (w.not_via ? versions : words) = _mm256_or_si256(w.not_via ? versions : words, at);
        }
        words =
            _mm256_or_si256(words, _mm256_andnot_si256(_mm256_cmpeq_epi8(eighth, slash), versions));
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
        const auto mask = static_cast<std::uint32_t>(
            _mm256_movemask_epi8(_mm256_or_si256(words, _mm256_or_si256(runs, wrapped))));
        if (mask != 0) {
            *window = i;
            *found = mask;
            return i + static_cast<std::size_t>(__builtin_ctz(mask));
        }
    }
    return find_scalar(b, i);
}

#define SIPWHY_AVX512 __attribute__((target("avx512f,avx512bw,bmi")))

SIPWHY_AVX512 std::uint64_t equal(__m512i v, char c) {
    return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
}

// Which bytes of `v` are in [lo, lo + count).
SIPWHY_AVX512 std::uint64_t in_range(__m512i v, char lo, char count) {
    return _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(lo)),
                                  _mm512_set1_epi8(count));
}

SIPWHY_AVX512 __m512i load64(const char* p) {
    return _mm512_loadu_si512(p);
}

// find_avx2's comparisons on 64 positions at once, each straight into a bit of a mask register.
SIPWHY_AVX512 std::size_t find_avx512(std::string_view b, std::size_t from, std::size_t* window,
                                      std::uint64_t* found) {
    const char* p = b.data();
    const std::size_t n = b.size();
    *found = 0;
    if (candidate_at_start(b, from)) {
        return 0;
    }
    std::size_t i = from;
    for (; i + 71 <= n; i += 64) {
        _mm_prefetch(p + i + k_prefetch, _MM_HINT_T0);
        const __m512i before = load64(p + i - 1);
        const __m512i first = load64(p + i);
        const __m512i fourth = load64(p + i + 3);
        const std::uint64_t via = equal(load64(p + i + 7), '/');
        std::uint64_t words = 0;
        std::uint64_t versions = 0;  // those that a Via's '/' rules out
        for (const AnchorWord& w : k_anchor_words) {
            (w.not_via ? versions : words) |= equal(first, w.first) & equal(fourth, w.fourth);
        }
        words |= versions & ~via;
        const std::uint64_t d_before = in_range(before, '0', 10);
        const std::uint64_t d_second = in_range(load64(p + i + 1), '0', 10);
        const std::uint64_t runs = in_range(first, '1', 6) & ~(d_before | equal(before, '.')) &
                                   d_second & in_range(load64(p + i + 2), '0', 10) &
                                   ~(in_range(fourth, '0', 10) |
                                     (equal(fourth, '.') & in_range(load64(p + i + 4), '0', 10)));
        const std::uint64_t wrapped = equal(first, '\n') & d_before & d_second;
        const std::uint64_t mask = words | runs | wrapped;
        if (mask != 0) {
            *window = i;
            *found = mask;
            return i + static_cast<std::size_t>(__builtin_ctzll(mask));
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

SearchPath g_forced = SearchPath::best;  // tests only: compare the paths' findings

SearchPath best_path() {
    static const SearchPath best = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512bw") != 0) {
            return SearchPath::avx512;
        }
        return __builtin_cpu_supports("avx2") != 0 ? SearchPath::avx2 : SearchPath::scalar;
    }();
    return best;
}

// The path in use: the best the CPU has, or one a test forced that the CPU has too.
SearchPath path() {
    const SearchPath best = best_path();
    if (g_forced == SearchPath::best || g_forced == best) {
        return best;
    }
    if (g_forced == SearchPath::scalar || best == SearchPath::avx512) {
        return g_forced;
    }
    return best;  // avx512 forced on a CPU without it
}

std::size_t find_fast(SearchPath how, std::string_view b, std::size_t from, std::size_t* window,
                      std::uint64_t* found) {
    return how == SearchPath::avx512 ? find_avx512(b, from, window, found)
                                     : find_avx2(b, from, window, found);
}
#endif

}  // namespace

std::size_t find_anchor(std::string_view b, std::size_t from) {
#if defined(__x86_64__)
    if (const SearchPath how = path(); how != SearchPath::scalar) {
        std::size_t window = 0;
        std::uint64_t found = 0;
        return find_fast(how, b, from, &window, &found);
    }
#endif
    return find_scalar(b, from);
}

std::size_t AnchorCursor::next(std::string_view b, std::size_t from) {
#if defined(__x86_64__)
    const SearchPath how = path();
    if (how == SearchPath::scalar) {
        return find_scalar(b, from);
    }
    const std::size_t span = how == SearchPath::avx512 ? 64 : 32;
    if (m_valid && b.data() == m_data && b.size() == m_size && from >= m_window &&
        from < m_window + span) {
        const std::uint64_t rest = m_mask & (~std::uint64_t{0} << (from - m_window));
        if (rest != 0) {
            return m_window + static_cast<std::size_t>(__builtin_ctzll(rest));
        }
        from = m_window + span;  // nothing more in these bytes
    }
    m_data = b.data();
    m_size = b.size();
    std::uint64_t found = 0;
    const std::size_t at = find_fast(how, b, from, &m_window, &found);
    m_mask = found;
    m_valid = found != 0;
    return at;
#else
    return find_scalar(b, from);
#endif
}

void use_search(SearchPath how) {
#if defined(__x86_64__)
    g_forced = how;
#else
    (void)how;
#endif
}

std::size_t find_anchor_scalar(std::string_view b, std::size_t from) {
    return find_scalar(b, from);
}

std::size_t count_newlines(std::string_view b) {
#if defined(__x86_64__)
    if (best_path() != SearchPath::scalar) {
        return count_avx2(b);
    }
#endif
    return static_cast<std::size_t>(std::count(b.begin(), b.end(), '\n'));
}

}  // namespace sipwhy::detail
