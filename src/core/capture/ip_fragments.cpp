#include "capture/ip_fragments.hpp"

#include <algorithm>
#include <string_view>

namespace sipwhy::detail {

std::size_t FragmentKeyHash::operator()(const FragmentKey& k) const {
    std::size_t h =
        std::hash<std::string_view>{}({reinterpret_cast<const char*>(k.src.data()), k.src.size()});
    h ^=
        std::hash<std::string_view>{}({reinterpret_cast<const char*>(k.dst.data()), k.dst.size()}) +
        0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= (std::size_t{k.id} << 9) ^ (std::size_t{k.protocol} << 1) ^ std::size_t{k.v6};
    return h;
}

void IpFragments::drop(std::unordered_map<FragmentKey, Datagram, FragmentKeyHash>::iterator it) {
    m_bytes -= it->second.bytes;
    m_age.erase(it->second.age);
    m_pending.erase(it);
}

void IpFragments::clear() {
    m_pending.clear();
    m_age.clear();
    m_bytes = 0;
}

std::optional<Reassembled> IpFragments::add(const FragmentKey& key, std::uint32_t offset, bool more,
                                            std::string_view data, std::uint8_t next_header) {
    if (offset + data.size() > k_max_payload) {
        return std::nullopt;  // no datagram is that long: a corrupt fragment
    }
    auto it = m_pending.find(key);
    if (it == m_pending.end()) {
        if (m_pending.size() >= m_max) {
            drop(m_pending.find(m_age.front()));
        }
        m_age.push_back(key);
        it = m_pending.emplace(key, Datagram{}).first;
        it->second.age = std::prev(m_age.end());
    }
    Datagram& d = it->second;
    if (d.parts.size() >= 1024) {
        drop(it);  // tiny fragments without end: not a datagram anyone sent
        return std::nullopt;
    }
    const auto end = offset + static_cast<std::uint32_t>(data.size());
    for (const auto& [at, bytes] : d.parts) {
        if (at == offset && bytes.size() == data.size()) {
            return std::nullopt;  // a repeat (the fragment was sent twice): nothing new
        }
        if (offset < at + bytes.size() && at < end) {
            drop(it);  // overlapping fragments: no datagram to trust
            return std::nullopt;
        }
    }
    // Room for it: the datagrams waiting longest go first, this one last of all.
    while (m_bytes + cost(data.size()) > m_max_bytes && m_age.front() != key) {
        drop(m_pending.find(m_age.front()));
    }
    if (m_bytes + cost(data.size()) > m_max_bytes) {
        drop(m_pending.find(key));
        return std::nullopt;
    }
    d.parts.emplace_back(offset, std::string(data));
    d.bytes += cost(data.size());
    m_bytes += cost(data.size());
    if (offset == 0) {
        d.next_header = next_header;
    }
    if (!more) {
        d.last_seen = true;
        d.total = offset + static_cast<std::uint32_t>(data.size());
    }
    if (!d.last_seen) {
        return std::nullopt;
    }
    std::sort(d.parts.begin(), d.parts.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::uint32_t covered = 0;
    for (const auto& [at, bytes] : d.parts) {
        if (at > covered) {
            return std::nullopt;  // a hole: more fragments to come
        }
        covered = std::max<std::uint32_t>(covered, at + static_cast<std::uint32_t>(bytes.size()));
    }
    if (covered < d.total) {
        return std::nullopt;
    }
    Reassembled out;
    out.next_header = d.next_header;
    out.payload.assign(d.total, '\0');
    // The parts do not overlap (add() refuses that), so their order does not matter here.
    for (auto p = d.parts.rbegin(); p != d.parts.rend(); ++p) {
        if (p->first >= d.total) {
            continue;  // past the end the last fragment set
        }
        const std::size_t n = std::min<std::size_t>(p->second.size(), d.total - p->first);
        out.payload.replace(p->first, n, p->second, 0, n);
    }
    drop(it);
    return out;
}

}  // namespace sipwhy::detail
