#include <sipwhy/capture/hep.hpp>
#include <sipwhy/sip/sip_message.hpp>

#include <algorithm>
#include <cstring>

namespace sipwhy {
namespace {

std::uint16_t be16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(b[at]) << 8) |
                                      static_cast<unsigned char>(b[at + 1]));
}

std::uint32_t be32(std::string_view b, std::size_t at) {
    return (std::uint32_t{be16(b, at)} << 16) | be16(b, at + 2);
}

std::uint32_t le32(std::string_view b, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        v |= std::uint32_t{static_cast<unsigned char>(b[at + i])} << (8 * i);
    }
    return v;
}

void put16(std::string& out, unsigned v) {
    out.push_back(static_cast<char>((v >> 8) & 0xff));
    out.push_back(static_cast<char>(v & 0xff));
}

void put32(std::string& out, std::uint32_t v) {
    put16(out, v >> 16);
    put16(out, v & 0xffff);
}

void chunk(std::string& out, unsigned type, std::string_view value) {
    put16(out, 0);
    put16(out, type);
    put16(out, static_cast<unsigned>(6 + value.size()));
    out += value;
}

constexpr unsigned char k_af_inet = 2;
constexpr unsigned char k_af_inet6 = 10;

// A HEP3 packet whose length field and chunks agree; its time chunks read.
std::optional<HepPacket> hep3(std::string_view b) {
    if (b.size() < 6) {
        return std::nullopt;
    }
    const std::size_t length = be16(b, 4);
    if (length < 6 || length > b.size()) {
        return std::nullopt;
    }
    b = b.substr(0, length);
    HepPacket p;
    for (std::size_t pos = 6; pos < b.size();) {
        if (pos + 6 > b.size()) {
            return std::nullopt;
        }
        const std::uint16_t vendor = be16(b, pos);
        const std::uint16_t type = be16(b, pos + 2);
        const std::size_t size = be16(b, pos + 4);
        if (size < 6 || pos + size > b.size()) {
            return std::nullopt;
        }
        if (vendor == 0 && type == 9 && size == 10) {
            p.seconds = be32(b, pos + 6);
        } else if (vendor == 0 && type == 10 && size == 10) {
            p.microseconds = be32(b, pos + 6) % 1000000;
        }
        pos += size;
    }
    p.hep3 = std::string(b);
    return p;
}

// HEP versions 1 and 2, as Kamailio's siptrace and sngrep write them.
std::optional<HepPacket> hep2(std::string_view b) {
    if (b.size() < 8) {
        return std::nullopt;
    }
    const auto version = static_cast<unsigned char>(b[0]);
    const auto family = static_cast<unsigned char>(b[2]);
    const auto protocol = b[3];
    const std::size_t address = family == k_af_inet ? 4 : family == k_af_inet6 ? 16 : 0;
    if ((version != 1 && version != 2) || address == 0) {
        return std::nullopt;
    }
    std::size_t pos = 8 + 2 * address;
    const std::size_t time_header = version == 2 ? 12 : 0;
    if (b.size() < pos + time_header) {
        return std::nullopt;
    }
    HepPacket p;
    if (version == 2) {
        p.seconds = le32(b, pos);
        p.microseconds = le32(b, pos + 4) % 1000000;
    }
    const std::string_view message = b.substr(pos + time_header);
    std::string chunks;
    chunk(chunks, 1, std::string(1, static_cast<char>(family)));
    chunk(chunks, 2, std::string(1, protocol));
    chunk(chunks, family == k_af_inet ? 3 : 5, b.substr(8, address));
    chunk(chunks, family == k_af_inet ? 4 : 6, b.substr(8 + address, address));
    chunk(chunks, 7, b.substr(4, 2));
    chunk(chunks, 8, b.substr(6, 2));
    if (version == 2) {
        std::string value;
        put32(value, static_cast<std::uint32_t>(p.seconds));
        chunk(chunks, 9, value);
        value.clear();
        put32(value, p.microseconds);
        chunk(chunks, 10, value);
    }
    chunk(chunks, 11, std::string(1, '\x01'));  // SIP
    const std::size_t total = 6 + chunks.size() + 6 + message.size();
    if (total > k_max_hep_packet) {
        return std::nullopt;
    }
    chunk(chunks, 15, message);
    p.hep3 = "HEP3";
    put16(p.hep3, static_cast<unsigned>(total));
    p.hep3 += chunks;
    return p;
}

// Where a HEP version 1 or 2 packet at the start of a stream ends. Its header gives no length, so
// the SIP message it carries tells: its head up to the empty line, then Content-Length bytes
// (RFC 3261 §18.3; none means no body). 0 when the bytes are not one;
// nullopt when more are needed.
constexpr std::size_t k_not_hep2 = 0;
std::optional<std::size_t> hep2_length(std::string_view b) {
    const auto version = static_cast<unsigned char>(b[0]);
    if (version != 1 && version != 2) {
        return k_not_hep2;
    }
    if (b.size() < 3) {
        return std::nullopt;
    }
    const auto family = static_cast<unsigned char>(b[2]);
    const std::size_t address = family == k_af_inet ? 4 : family == k_af_inet6 ? 16 : 0;
    if (address == 0) {
        return k_not_hep2;
    }
    const std::size_t prefix = 8 + 2 * address + (version == 2 ? 12 : 0);
    MessageInfo info;
    const auto head = b.size() > prefix
                          ? read_message_head(b.substr(prefix), info, false)
                          : std::nullopt;
    if (!head) {
        // The message's head is still coming, within what one packet may hold.
        return b.size() > k_max_hep_packet ? std::optional<std::size_t>(k_not_hep2)
                                           : std::nullopt;
    }
    if (head->start.kind == StartLine::Kind::none) {
        return k_not_hep2;
    }
    // Without Content-Length (a UDP message may leave it out) the message has no body.
    const std::size_t total = prefix + head->length + head->content_length.value_or(0);
    if (total > k_max_hep_packet) {
        return k_not_hep2;
    }
    if (b.size() < total) {
        return std::nullopt;
    }
    return total;
}

}  // namespace

std::optional<HepPacket> decode_hep(std::string_view datagram) {
    if (datagram.starts_with("HEP3")) {
        return hep3(datagram);
    }
    return hep2(datagram);
}

void HepStream::append(std::string_view bytes) {
    m_buffer.append(bytes);
}

std::optional<std::string> HepStream::next() {
    constexpr std::string_view magic = "HEP3";
    for (;;) {
        if (m_buffer.starts_with(magic)) {
            if (m_buffer.size() < 6) {
                return std::nullopt;  // the length is still to come
            }
            const std::size_t length = be16(m_buffer, 4);
            if (length >= 6) {
                m_skipping = false;
                if (m_buffer.size() < length) {
                    return std::nullopt;  // at most one packet is held: its length is below 64 KiB
                }
                std::string packet = m_buffer.substr(0, length);
                m_buffer.erase(0, length);
                return packet;
            }
        } else if (magic.starts_with(m_buffer)) {
            return std::nullopt;  // empty, or what may begin "HEP3"
        } else if (!m_skipping) {
            // HEP version 1 or 2, back to back: each ends with the SIP message it carries.
            const auto length = hep2_length(m_buffer);
            if (!length) {
                return std::nullopt;
            }
            if (*length != k_not_hep2) {
                std::string packet = m_buffer.substr(0, *length);
                m_buffer.erase(0, *length);
                return packet;
            }
        }
        // Not at a packet: skip to the next "HEP3", keeping a tail that may begin one.
        if (!m_skipping) {
            ++m_malformed;
            m_skipping = true;
        }
        const auto at = m_buffer.find(magic, 1);
        if (at != std::string::npos) {
            m_buffer.erase(0, at);
            continue;
        }
        std::size_t keep = std::min<std::size_t>(3, m_buffer.size());
        while (keep > 0 &&
               !magic.starts_with(std::string_view(m_buffer).substr(m_buffer.size() - keep))) {
            --keep;
        }
        m_buffer.erase(0, m_buffer.size() - keep);
        return std::nullopt;
    }
}

}  // namespace sipwhy
