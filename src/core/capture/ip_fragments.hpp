// Reassembly of fragmented IPv4 and IPv6 datagrams (RFC 791 §3.2, RFC 8200 §4.5), with bounds on
// the datagrams and on the bytes held at once: when one is reached, the datagram waiting longest
// is given up. A fragment that overlaps another of its datagram ends the datagram, as RFC 5722
// has it for IPv6 and as stacks do for IPv4 since overlaps were used to evade inspection; an
// exact repeat of a fragment is ignored.
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
    IpFragments(std::size_t max_datagrams, std::size_t max_bytes)
        : m_max(max_datagrams), m_max_bytes(max_bytes) {}

    // Takes in the fragment at byte `offset` of its datagram's payload; `more` is the More
    // Fragments flag. Returns the datagram when this fragment completes it. `next_header` is
    // kept from the first fragment (IPv6).
    std::optional<Reassembled> add(const FragmentKey& key, std::uint32_t offset, bool more,
                                   std::string_view data, std::uint8_t next_header = 0);

    void clear();

private:
    struct Datagram {
        std::vector<std::pair<std::uint32_t, std::string>> parts;
        std::size_t bytes = 0;    // what its parts cost, as m_bytes counts it
        std::uint32_t total = 0;  // the payload's length, once the last fragment came
        bool last_seen = false;
        std::uint8_t next_header = 0;
        std::list<FragmentKey>::iterator age;
    };

    static constexpr std::uint32_t k_max_payload = 65535;

    // What a fragment of `size` bytes costs to hold, its bookkeeping included.
    static std::size_t cost(std::size_t size) { return size + 64; }

    void drop(std::unordered_map<FragmentKey, Datagram, FragmentKeyHash>::iterator it);

    std::size_t m_max;
    std::size_t m_max_bytes;
    std::size_t m_bytes = 0;  // held by all datagrams
    std::unordered_map<FragmentKey, Datagram, FragmentKeyHash> m_pending;
    std::list<FragmentKey> m_age;  // oldest first
};

}  // namespace sipwhy::detail
