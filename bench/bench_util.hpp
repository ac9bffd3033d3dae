// What the benchmark input generators share: a small deterministic random generator and sizes
// with k/M/G suffixes.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace sipwhy::bench {

// xorshift64: the same seed gives the same inputs on every machine.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed * 0x9E3779B97F4A7C15ull + 1) {}
    std::uint64_t next() {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return m_state;
    }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
    std::string token(std::size_t n) {
        static constexpr std::string_view k_chars =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        std::string s(n, 'x');
        for (auto& c : s) {
            c = k_chars[below(static_cast<std::uint32_t>(k_chars.size()))];
        }
        return s;
    }

private:
    std::uint64_t m_state;
};

// One of `items` (each with an int `weight`), picked with a probability in proportion to its
// weight.
template <class Items>
const auto& weighted_pick(Rng& rng, const Items& items) {
    int total = 0;
    for (const auto& item : items) {
        total += item.weight;
    }
    int n = static_cast<int>(rng.below(static_cast<std::uint32_t>(total)));
    for (const auto& item : items) {
        if (n < item.weight) {
            return item;
        }
        n -= item.weight;
    }
    return items.front();
}

// "500M" is 500,000,000 bytes (k, M and G are powers of 1000, as disk sizes are).
inline std::size_t parse_size(const char* text) {
    char* end = nullptr;
    double v = std::strtod(text, &end);
    switch (end != nullptr ? *end : '\0') {
        case 'k':
        case 'K':
            v *= 1e3;
            break;
        case 'm':
        case 'M':
            v *= 1e6;
            break;
        case 'g':
        case 'G':
            v *= 1e9;
            break;
        default:
            break;
    }
    return static_cast<std::size_t>(v);
}

}  // namespace sipwhy::bench
