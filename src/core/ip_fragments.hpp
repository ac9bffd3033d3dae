// Reassembly of fragmented IPv4 and IPv6 datagrams (RFC 791 §3.2, RFC 8200 §4.5), with a bound on
// the datagrams held at once: when it is reached, the one waiting longest is given up.
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sipwhy::detail {

struct FragmentKey {
    bool v6 = false;
    std::array<std::uint8_t, 16> src{};
    std::array<std::uint8_t, 16> dst{};
    std::uint32_t id = 0;
    std::uint8_t protocol = 0;  // IPv4's protocol field; 0 for IPv6

    bool operator==(const FragmentKey&) const = default;
};

struct FragmentKeyHash {
    std::size_t operator()(const FragmentKey& k) const;
};

struct Reassembled {
    std::string payload;           // the datagram's payload, its fragments joined
    std::uint8_t next_header = 0;  // IPv6: the header that follows the Fragment header
};

class IpFragments {
public:
    explicit IpFragments(std::size_t max_datagrams) : m_max(max_datagrams) {}

    // Takes in the fragment at byte `offset` of its datagram's payload; `more` is the More
    // Fragments flag. Returns the datagram when this fragment completes it. `next_header` is
    // kept from the first fragment (IPv6).
    std::optional<Reassembled> add(const FragmentKey& key, std::uint32_t offset, bool more,
                                   std::string_view data, std::uint8_t next_header = 0);

    void clear();

private:
    struct Datagram {
        std::vector<std::pair<std::uint32_t, std::string>> parts;
        std::uint32_t total = 0;  // the payload's length, once the last fragment came
        bool last_seen = false;
        std::uint8_t next_header = 0;
        std::list<FragmentKey>::iterator age;
    };

    static constexpr std::uint32_t k_max_payload = 65535;

    void drop(std::unordered_map<FragmentKey, Datagram, FragmentKeyHash>::iterator it);

    std::size_t m_max;
    std::unordered_map<FragmentKey, Datagram, FragmentKeyHash> m_pending;
    std::list<FragmentKey> m_age;  // oldest first
};

}  // namespace sipwhy::detail
