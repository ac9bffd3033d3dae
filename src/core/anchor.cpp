#include "anchor.hpp"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace sipwhy::detail {
namespace {

bool candidate_at(const char* p) {
    return (p[0] == 'S' && (p[3] == '/' || p[3] == ' ')) || (p[0] == 'n' && p[3] == ':') ||
           (p[0] == '#' && p[3] == 'e');
}

std::size_t find_scalar(std::string_view b, std::size_t from) {
    for (std::size_t i = from; i + 4 <= b.size(); ++i) {
        if (candidate_at(b.data() + i)) {
            return i;
        }
    }
    return std::string_view::npos;
}

#if defined(__x86_64__)
// Compares 32 positions at once: the first byte against 'S' and 'n', the fourth against the byte
// each of them needs, and keeps the positions where a pair holds.
__attribute__((target("avx2"))) std::size_t find_avx2(std::string_view b, std::size_t from) {
    const char* p = b.data();
    const std::size_t n = b.size();
    const __m256i s = _mm256_set1_epi8('S');
    const __m256i slash = _mm256_set1_epi8('/');
    const __m256i space = _mm256_set1_epi8(' ');
    const __m256i en = _mm256_set1_epi8('n');
    const __m256i colon = _mm256_set1_epi8(':');
    const __m256i hash = _mm256_set1_epi8('#');
    const __m256i e = _mm256_set1_epi8('e');
    std::size_t i = from;
    for (; i + 35 < n; i += 32) {
        const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        const __m256i fourth = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 3));
        const __m256i sip = _mm256_and_si256(
            _mm256_cmpeq_epi8(first, s),
            _mm256_or_si256(_mm256_cmpeq_epi8(fourth, slash), _mm256_cmpeq_epi8(fourth, space)));
        const __m256i nta =
            _mm256_and_si256(_mm256_cmpeq_epi8(first, en), _mm256_cmpeq_epi8(fourth, colon));
        const __m256i fields =
            _mm256_and_si256(_mm256_cmpeq_epi8(first, hash), _mm256_cmpeq_epi8(fourth, e));
        const auto mask = static_cast<unsigned>(
            _mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(sip, nta), fields)));
        if (mask != 0) {
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

std::size_t count_newlines(std::string_view b) {
#if defined(__x86_64__)
    if (have_avx2()) {
        return count_avx2(b);
    }
#endif
    return static_cast<std::size_t>(std::count(b.begin(), b.end(), '\n'));
}

}  // namespace sipwhy::detail
