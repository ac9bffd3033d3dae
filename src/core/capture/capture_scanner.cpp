#include "capture/ip_fragments.hpp"
#include "capture/packet_bytes.hpp"
#include "capture/sip_stream.hpp"
#include "capture/tcp_streams.hpp"

#include <sipwhy/capture/capture.hpp>
#include <sipwhy/text.hpp>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace sipwhy {
namespace {

using detail::StreamKey;
using detail::StreamKeyHash;

using detail::be16;
using detail::be32;
using detail::u8;

constexpr int k_max_depth = 8;                         // nested tunnels and extension headers
constexpr std::size_t k_max_hep_inflated = 64 * 1024;  // a compressed HEP payload, inflated

// Inflates zlib (or gzip) data into `out`, at most `max` bytes of it; false when the data is not
// whole, valid and within `max`.
bool inflate_bounded(std::string_view in, std::string& out, std::size_t max) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) {
        return false;
    }
    out.resize(max);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    return rc == Z_STREAM_END;
}

namespace ethertype {
constexpr std::uint16_t ipv4 = 0x0800;
constexpr std::uint16_t ipv6 = 0x86DD;
constexpr std::uint16_t vlan = 0x8100;
constexpr std::uint16_t qinq = 0x88A8;
constexpr std::uint16_t qinq_old = 0x9100;
constexpr std::uint16_t mpls = 0x8847;
constexpr std::uint16_t mpls_multicast = 0x8848;
constexpr std::uint16_t pppoe_session = 0x8864;
constexpr std::uint16_t transparent_ethernet = 0x6558;  // GRE carrying Ethernet
constexpr std::uint16_t erspan_2 = 0x88BE;              // ERSPAN type I or II
constexpr std::uint16_t erspan_3 = 0x22EB;
}  // namespace ethertype

namespace ip_proto {
constexpr std::uint8_t hop_by_hop = 0;
constexpr std::uint8_t ipip = 4;
constexpr std::uint8_t tcp = 6;
constexpr std::uint8_t udp = 17;
constexpr std::uint8_t ipv6 = 41;
constexpr std::uint8_t routing = 43;
constexpr std::uint8_t fragment = 44;
constexpr std::uint8_t gre = 47;
constexpr std::uint8_t auth = 51;
constexpr std::uint8_t no_next = 59;
constexpr std::uint8_t dest_options = 60;
constexpr std::uint8_t mobility = 135;
constexpr std::uint8_t sctp = 132;
constexpr std::uint8_t shim6 = 140;
constexpr std::uint8_t hip = 139;
}  // namespace ip_proto

constexpr std::uint16_t k_ppp = 0x880B;  // GRE carrying PPP
constexpr std::uint16_t k_gtp_u_port = 2152;
constexpr std::uint16_t k_vxlan_port = 4789;

// The addresses of the innermost IP header being decoded.
struct IpAddresses {
    bool v6 = false;
    const std::uint8_t* src = nullptr;
    const std::uint8_t* dst = nullptr;
};

const std::uint8_t* bytes_at(std::string_view b, std::size_t at) {
    return reinterpret_cast<const std::uint8_t*>(b.data() + at);
}

// The source and destination of a packet: the IP header's addresses with the transport's ports.
StreamKey flow(const IpAddresses& ip, std::uint16_t src_port, std::uint16_t dst_port) {
    const std::size_t size = ip.v6 ? 16 : 4;
    StreamKey k;
    k.src.v6 = k.dst.v6 = ip.v6;
    std::memcpy(k.src.address.data(), ip.src, size);
    std::memcpy(k.dst.address.data(), ip.dst, size);
    k.src.port = src_port;
    k.dst.port = dst_port;
    return k;
}

// The IP addresses of a fragmented datagram, for its reassembly key.
detail::FragmentKey fragment_key(const IpAddresses& ip) {
    const std::size_t size = ip.v6 ? 16 : 4;
    detail::FragmentKey key;
    key.v6 = ip.v6;
    std::memcpy(key.src.data(), ip.src, size);
    std::memcpy(key.dst.data(), ip.dst, size);
    return key;
}

// A fragmented SCTP user message (RFC 9260 §6.9), by association direction and stream.
struct SctpKey {
    StreamKey flow;
    std::uint16_t stream = 0;
    bool operator==(const SctpKey&) const = default;
};

struct SctpKeyHash {
    std::size_t operator()(const SctpKey& k) const { return StreamKeyHash{}(k.flow) ^ k.stream; }
};

}  // namespace

bool supported_link_type(int type) {
    switch (type) {
        case link_type::null:
        case link_type::ethernet:
        case link_type::raw:
        case link_type::raw_openbsd:
        case link_type::raw_file:
        case link_type::loop:
        case link_type::linux_sll:
        case link_type::ipv4:
        case link_type::ipv6:
        case link_type::linux_sll2:
            return true;
        default:
            return false;
    }
}

struct CaptureScanner::Impl final : detail::MessageReceiver {
    Impl(ScanSink& s, ScanOptions o, CaptureLimits l)
        : sink(s),
          options(o),
          limits(l),
          fragments(l.max_fragmented, l.max_fragment_bytes),
          tcp_streams(l) {}

    ScanSink& sink;
    ScanOptions options;
    CaptureLimits limits;
    detail::IpFragments fragments;
    detail::TcpStreams tcp_streams;
    std::unordered_map<SctpKey, std::string, SctpKeyHash> sctp_messages;
    std::string hep_inflated;  // the frame's compressed HEP payload, inflated
    PacketInfo packet;         // of the frame being decoded
    MessageInfo info;
    std::uint64_t frame_count = 0;
    std::uint64_t undecoded_count = 0;
    bool stopped = false;    // the sink wants no more of this capture
    bool decoded = false;    // the frame held an IP packet
    bool truncated = false;  // the capture kept less of it than its headers say

    // A frame begins: its number and time, nothing decoded of it yet.
    void start_frame(const CaptureFrame& f) {
        ++frame_count;
        packet = PacketInfo{};
        packet.frame = f.number;
        packet.seconds = f.seconds;
        packet.nanoseconds = f.nanoseconds;
        truncated = false;
    }

    // --- Messages --------------------------------------------------------------------------

    void message(const StartLine& start, const MessageInfo& message,
                 const PacketInfo& in) override {
        if (stopped) {
            return;
        }
        switch (start.kind) {
            case StartLine::Kind::response:
                stopped =
                    !sink.response({0, start.code, start.reason, Framing::packet, &message, &in});
                break;
            case StartLine::Kind::request:
                if (options.requests) {
                    stopped = !sink.request({0, start.method, &message, &in});
                }
                break;
            case StartLine::Kind::malformed:
                stopped = !sink.malformed({0, start.text, start.problem, &in});
                break;
            case StartLine::Kind::none:
                break;
        }
    }

    void whole(std::string_view bytes, Transport transport) override {
        // Cheap first test: RTP, DNS and the rest start with anything but a capital letter (or
        // the "s" of a status line's version in lower case, RFC 3261 §7.1).
        const std::size_t p = bytes.find_first_not_of("\r\n");
        if (p == std::string_view::npos ||
            ((bytes[p] < 'A' || bytes[p] > 'Z') && bytes[p] != 's')) {
            return;
        }
        if (!options.requests && !istarts_with(bytes.substr(p), "SIP/")) {
            return;  // a request, or no SIP: nothing to report, no headers to read
        }
        if (truncated && bytes.find('\n', p) == std::string_view::npos) {
            return;  // the snap length cut the start line: "SIP/2.0 4" is no status line
        }
        if (const auto h = read_message_head(bytes, info, true)) {
            packet.transport = transport;
            if (h->length < bytes.size()) {
                info.keep_body(bytes.substr(h->length, h->content_length.value_or(bytes.size())));
            }
            message(h->start, info, packet);
        }
    }

    // --- Link layers ---------------------------------------------------------------------------

    void link(int type, std::string_view b) {
        switch (type) {
            case link_type::ethernet:
                ethernet(b, 0);
                break;
            case link_type::linux_sll:
                if (b.size() >= 16) {
                    by_ethertype(be16(b, 14), b.substr(16), 0);
                }
                break;
            case link_type::linux_sll2:
                if (b.size() >= 20) {
                    by_ethertype(be16(b, 0), b.substr(20), 0);
                }
                break;
            case link_type::null:
            case link_type::loop:
                // The address family, in the capturing host's byte order for `null`: the IP
                // version nibble that follows says as much.
                if (b.size() >= 4) {
                    ip(b.substr(4), 0);
                }
                break;
            case link_type::raw:
            case link_type::raw_openbsd:
            case link_type::raw_file:
            case link_type::ipv4:
            case link_type::ipv6:
                ip(b, 0);
                break;
            default:
                break;
        }
    }

    void ethernet(std::string_view b, int depth) {
        if (b.size() < 14) {
            return;
        }
        by_ethertype(be16(b, 12), b.substr(14), depth);
    }

    void by_ethertype(std::uint16_t type, std::string_view b, int depth) {
        // VLAN tags, stacked or not: each holds the type of what follows.
        while (
            (type == ethertype::vlan || type == ethertype::qinq || type == ethertype::qinq_old) &&
            b.size() >= 4) {
            type = be16(b, 2);
            b.remove_prefix(4);
        }
        switch (type) {
            case ethertype::ipv4:
            case ethertype::ipv6:
                ip(b, depth);
                break;
            case ethertype::mpls:
            case ethertype::mpls_multicast:
                // Labels down to the bottom of the stack, then IP.
                while (b.size() >= 4) {
                    const bool bottom = (u8(b, 2) & 0x01) != 0;
                    b.remove_prefix(4);
                    if (bottom) {
                        ip(b, depth);
                        break;
                    }
                }
                break;
            case ethertype::pppoe_session:
                // The PPPoE header, then PPP.
                if (b.size() >= 6) {
                    ppp(b.substr(6), depth);
                }
                break;
            default:
                break;
        }
    }

    // --- IP ------------------------------------------------------------------------------------

    void ip(std::string_view b, int depth) {
        if (b.empty() || depth > k_max_depth) {
            return;
        }
        switch (u8(b, 0) >> 4) {
            case 4:
                ipv4(b, depth);
                break;
            case 6:
                ipv6(b, depth);
                break;
            default:
                break;
        }
    }

    void ipv4(std::string_view b, int depth) {
        if (b.size() < 20) {
            return;
        }
        const std::size_t header = (u8(b, 0) & 0x0F) * 4u;
        const std::size_t total = be16(b, 2);
        if (header < 20 || total < header || b.size() < header) {
            return;
        }
        decoded = true;
        // A packet cut short by the capture's snap length keeps what was captured.
        truncated = truncated || total > b.size();
        const std::string_view payload = b.substr(header, std::min(total, b.size()) - header);
        const IpAddresses addresses{false, bytes_at(b, 12), bytes_at(b, 16)};
        const std::uint8_t protocol = u8(b, 9);
        const std::uint16_t flags = be16(b, 6);
        const bool more = (flags & 0x2000) != 0;
        const std::uint32_t offset = (flags & 0x1FFFu) * 8u;
        if (!more && offset == 0) {
            transport(protocol, addresses, payload, depth);
            return;
        }
        detail::FragmentKey key = fragment_key(addresses);
        key.id = be16(b, 4);
        key.protocol = protocol;
        if (const auto datagram = fragments.add(key, offset, more, payload)) {
            transport(protocol, addresses, datagram->payload, depth);
        }
    }

    void ipv6(std::string_view b, int depth) {
        if (b.size() < 40) {
            return;
        }
        decoded = true;
        const std::size_t length = be16(b, 4);
        truncated = truncated || length > b.size() - 40;
        // Length 0 is a jumbogram (RFC 2675): the rest of the frame.
        std::string_view payload = b.substr(40, length == 0 ? std::string_view::npos : length);
        const IpAddresses addresses{true, bytes_at(b, 8), bytes_at(b, 24)};
        std::uint8_t next = u8(b, 6);
        std::optional<detail::Reassembled> datagram;
        for (int hops = 0; hops < k_max_depth; ++hops) {
            switch (next) {
                case ip_proto::hop_by_hop:
                case ip_proto::routing:
                case ip_proto::dest_options:
                case ip_proto::mobility:
                case ip_proto::hip:
                case ip_proto::shim6:
                case ip_proto::auth: {
                    if (payload.size() < 8) {
                        return;
                    }
                    // The length after the first 8 bytes in 8-byte units (RFC 8200 §4.3); an
                    // Authentication Header's in 4-byte units, less 2 (RFC 4302 §2.2).
                    const std::size_t size = next == ip_proto::auth ? (u8(payload, 1) + 2u) * 4u
                                                                    : (u8(payload, 1) + 1u) * 8u;
                    next = u8(payload, 0);
                    payload.remove_prefix(std::min(size, payload.size()));
                    continue;
                }
                case ip_proto::fragment: {
                    if (payload.size() < 8 || datagram) {
                        return;
                    }
                    const std::uint8_t inner = u8(payload, 0);
                    const std::uint16_t field = be16(payload, 2);
                    const std::uint32_t offset = field & 0xFFF8u;
                    const bool more = (field & 0x0001) != 0;
                    if (offset == 0 && !more) {  // an atomic fragment (RFC 6946)
                        next = inner;
                        payload.remove_prefix(8);
                        continue;
                    }
                    detail::FragmentKey key = fragment_key(addresses);
                    key.id = be32(payload, 4);
                    datagram = fragments.add(key, offset, more, payload.substr(8), inner);
                    if (!datagram) {
                        return;
                    }
                    next = datagram->next_header;
                    payload = datagram->payload;
                    continue;
                }
                case ip_proto::no_next:
                    return;
                default:
                    transport(next, addresses, payload, depth);
                    return;
            }
        }
    }

    void transport(std::uint8_t protocol, const IpAddresses& addresses, std::string_view payload,
                   int depth) {
        switch (protocol) {
            case ip_proto::udp:
                udp(addresses, payload, depth);
                break;
            case ip_proto::tcp:
                tcp(addresses, payload);
                break;
            case ip_proto::sctp:
                sctp(addresses, payload);
                break;
            case ip_proto::ipip:
            case ip_proto::ipv6:
                ip(payload, depth + 1);
                break;
            case ip_proto::gre:
                gre(payload, depth + 1);
                break;
            default:
                break;
        }
    }

    // --- Tunnels -------------------------------------------------------------------------------

    void gre(std::string_view b, int depth) {
        if (b.size() < 4 || depth > k_max_depth) {
            return;
        }
        const std::uint16_t flags = be16(b, 0);
        const std::uint16_t type = be16(b, 2);
        if ((flags & 0x4000) != 0) {
            return;  // source routing (RFC 1701), long obsolete
        }
        if ((flags & 0x0007) == 1) {
            // PPTP's enhanced GRE (RFC 2637 §4.1): a key, optional sequence and
            // acknowledgment numbers, then PPP.
            const std::size_t size =
                8 + ((flags & 0x1000) != 0 ? 4 : 0) + ((flags & 0x0080) != 0 ? 4 : 0);
            if (type == k_ppp && b.size() >= size) {
                ppp(b.substr(size), depth);
            }
            return;
        }
        if ((flags & 0x0007) != 0) {
            return;
        }
        std::size_t header = 4;
        header += (flags & 0x8000) != 0 ? 4 : 0;  // checksum
        header += (flags & 0x2000) != 0 ? 4 : 0;  // key
        const bool sequence = (flags & 0x1000) != 0;
        header += sequence ? 4 : 0;
        if (b.size() < header) {
            return;
        }
        std::string_view inner = b.substr(header);
        switch (type) {
            case ethertype::transparent_ethernet:
                ethernet(inner, depth);
                break;
            case ethertype::erspan_2:
                // Type II has a sequence number and an 8-byte ERSPAN header; type I has neither.
                if (sequence && inner.size() >= 8) {
                    ethernet(inner.substr(8), depth);
                } else if (!sequence) {
                    ethernet(inner, depth);
                }
                break;
            case ethertype::erspan_3:
                if (inner.size() >= 12) {
                    // The O flag says an 8-byte platform-specific subheader follows.
                    const std::size_t size = (u8(inner, 11) & 0x01) != 0 ? 20 : 12;
                    if (inner.size() >= size) {
                        ethernet(inner.substr(size), depth);
                    }
                }
                break;
            default:
                by_ethertype(type, inner, depth);
                break;
        }
    }

    // A PPP frame (RFC 1661): IPv4 (0x0021) or IPv6 (0x0057), the address and control bytes and
    // the protocol's leading zero possibly left out (RFC 1662, RFC 1661 §6.5).
    void ppp(std::string_view b, int depth) {
        if (b.size() >= 2 && u8(b, 0) == 0xFF && u8(b, 1) == 0x03) {
            b.remove_prefix(2);
        }
        if (b.empty()) {
            return;
        }
        std::uint16_t protocol = u8(b, 0);
        if ((protocol & 0x01) == 0) {
            if (b.size() < 2) {
                return;
            }
            protocol = be16(b, 0);
            b.remove_prefix(2);
        } else {
            b.remove_prefix(1);
        }
        if (protocol == 0x0021 || protocol == 0x0057) {
            ip(b, depth);
        }
    }

    // GTP-U G-PDU (3GPP TS 29.281 §5.1): user IP packets between mobile network nodes.
    bool gtp_u(std::string_view b, int depth) {
        if (b.size() < 8 || (u8(b, 0) & 0xF0) != 0x30 || u8(b, 1) != 0xFF) {
            return false;
        }
        std::size_t header = 8;
        if ((u8(b, 0) & 0x07) != 0) {
            if (b.size() < 12) {
                return false;
            }
            header = 12;
            std::uint8_t extension = (u8(b, 0) & 0x04) != 0 ? u8(b, 11) : 0;
            while (extension != 0) {
                if (b.size() <= header || u8(b, header) == 0) {
                    return false;
                }
                const std::size_t size = u8(b, header) * 4u;
                if (b.size() < header + size) {
                    return false;
                }
                extension = u8(b, header + size - 1);
                header += size;
            }
        }
        ip(b.substr(header), depth + 1);
        return true;
    }

    // --- Transports ----------------------------------------------------------------------------

    void udp(const IpAddresses& addresses, std::string_view b, int depth) {
        if (b.size() < 8) {
            return;
        }
        const std::uint16_t src_port = be16(b, 0);
        const std::uint16_t dst_port = be16(b, 2);
        const std::size_t length = be16(b, 4);
        if (length != 0 && length < 8) {
            return;
        }
        truncated = truncated || length > b.size();
        const std::string_view payload =
            b.substr(8, length == 0 ? std::string_view::npos : length - 8);
        if ((src_port == k_gtp_u_port || dst_port == k_gtp_u_port) && gtp_u(payload, depth)) {
            return;
        }
        if (dst_port == k_vxlan_port && payload.size() >= 8 && (u8(payload, 0) & 0x08) != 0) {
            ethernet(payload.substr(8), depth + 1);
            return;
        }
        if (payload.starts_with("HEP3") && hep(payload)) {
            return;
        }
        const StreamKey f = flow(addresses, src_port, dst_port);
        packet.src = f.src;
        packet.dst = f.dst;
        whole(payload, Transport::udp);
    }

    // HEP version 3, the encapsulation HOMER's capture agents send: chunks that carry the original
    // addresses, ports and transport, and the captured message. The message is reported with the
    // original endpoints.
    bool hep(std::string_view b) {
        if (b.size() < 6) {
            return false;
        }
        b = b.substr(0, be16(b, 4));
        std::string_view src;
        std::string_view dst;
        std::uint16_t src_port = 0;
        std::uint16_t dst_port = 0;
        std::uint8_t protocol = ip_proto::udp;
        std::uint8_t payload_type = 1;  // SIP
        std::string_view message;
        std::string_view compressed;
        for (std::size_t pos = 6; pos + 6 <= b.size();) {
            const std::uint16_t vendor = be16(b, pos);
            const std::uint16_t type = be16(b, pos + 2);
            const std::size_t length = be16(b, pos + 4);
            if (length < 6 || pos + length > b.size()) {
                return false;
            }
            const std::string_view value = b.substr(pos + 6, length - 6);
            pos += length;
            if (vendor != 0) {
                continue;  // a vendor's own chunk
            }
            switch (type) {
                case 2:  // IP protocol
                    protocol = value.empty() ? protocol : u8(value, 0);
                    break;
                case 3:  // IPv4 source, destination
                case 5:  // IPv6 source, destination
                    src = value;
                    break;
                case 4:
                case 6:
                    dst = value;
                    break;
                case 7:
                    src_port = value.size() == 2 ? be16(value, 0) : 0;
                    break;
                case 8:
                    dst_port = value.size() == 2 ? be16(value, 0) : 0;
                    break;
                case 11:  // what the payload is: 1 SIP
                    payload_type = value.empty() ? 0 : u8(value, 0);
                    break;
                case 15:
                    message = value;
                    break;
                case 16:  // the payload, compressed with zlib
                    compressed = value;
                    break;
                default:
                    break;
            }
        }
        if ((src.size() != 4 && src.size() != 16) || src.size() != dst.size()) {
            return false;
        }
        if (payload_type != 1) {
            return true;  // RTCP reports, logs and the like: not SIP
        }
        if (message.empty() && !compressed.empty()) {
            if (!inflate_bounded(compressed, hep_inflated, k_max_hep_inflated)) {
                return true;  // HEP, but nothing readable in it
            }
            message = hep_inflated;
        }
        const IpAddresses original{src.size() == 16, bytes_at(src, 0), bytes_at(dst, 0)};
        const StreamKey f = flow(original, src_port, dst_port);
        packet.src = f.src;
        packet.dst = f.dst;
        whole(message, protocol == ip_proto::tcp    ? Transport::tcp
                       : protocol == ip_proto::sctp ? Transport::sctp
                                                    : Transport::udp);
        return true;
    }

    void sctp(const IpAddresses& addresses, std::string_view b) {
        if (b.size() < 12) {
            return;
        }
        const StreamKey association = flow(addresses, be16(b, 0), be16(b, 2));
        packet.src = association.src;
        packet.dst = association.dst;
        std::size_t pos = 12;
        while (pos + 4 <= b.size()) {
            const std::uint8_t type = u8(b, pos);
            const std::uint8_t flags = u8(b, pos + 1);
            const std::size_t length = be16(b, pos + 2);
            if (length < 4 || pos + length > b.size()) {
                return;
            }
            const std::string_view chunk = b.substr(pos, length);
            pos += (length + 3) & ~std::size_t{3};
            // DATA (RFC 9260 §3.3.1) has a 16-byte header, I-DATA (RFC 8260 §2.1) a 20-byte one.
            const std::size_t header = type == 0 ? 16 : type == 64 ? 20 : 0;
            if (header == 0 || chunk.size() < header) {
                continue;
            }
            const bool begins = (flags & 0x02) != 0;
            const bool ends = (flags & 0x01) != 0;
            const std::string_view data = chunk.substr(header);
            if (begins && ends) {
                whole(data, Transport::sctp);
                continue;
            }
            if (type != 0) {
                continue;  // fragmented I-DATA interleaves messages: not followed
            }
            sctp_fragment({association, be16(chunk, 8)}, begins, ends, data);
        }
    }

    void sctp_fragment(const SctpKey& key, bool begins, bool ends, std::string_view data) {
        auto it = sctp_messages.find(key);
        if (begins) {
            if (it == sctp_messages.end()) {
                if (sctp_messages.size() >= limits.max_sctp_messages) {
                    sctp_messages.erase(sctp_messages.begin());
                }
                it = sctp_messages.emplace(key, std::string()).first;
            }
            it->second.assign(data);
        } else if (it == sctp_messages.end()) {
            return;  // its beginning was not captured
        } else if (it->second.size() + data.size() > limits.max_stream_buffer) {
            sctp_messages.erase(it);
            return;
        } else {
            it->second.append(data);
        }
        if (ends) {
            const std::string message = std::move(it->second);
            sctp_messages.erase(it);
            whole(message, Transport::sctp);
        }
    }

    void tcp(const IpAddresses& addresses, std::string_view b) {
        if (b.size() < 20) {
            return;
        }
        const std::size_t header = (u8(b, 12) >> 4) * 4u;
        if (header < 20 || header > b.size()) {
            return;
        }
        const StreamKey key = flow(addresses, be16(b, 0), be16(b, 2));
        const std::uint8_t flags = u8(b, 13);
        detail::TcpSegment segment;
        segment.seq = be32(b, 4);
        segment.fin = (flags & 0x01) != 0;
        segment.syn = (flags & 0x02) != 0;
        segment.rst = (flags & 0x04) != 0;
        segment.truncated = truncated;
        segment.payload = b.substr(header);
        packet.src = key.src;
        packet.dst = key.dst;
        packet.transport = Transport::tcp;
        tcp_streams.segment(key, segment, packet, *this, info);
    }

    void clear() {
        // Messages still waiting for their bodies are reported as they are.
        tcp_streams.clear(packet, *this, info);
        sctp_messages.clear();
        fragments.clear();
        stopped = false;
    }
};

CaptureScanner::CaptureScanner(ScanSink& sink, ScanOptions options, CaptureLimits limits)
    : m_impl(std::make_unique<Impl>(sink, options, limits)) {}

CaptureScanner::~CaptureScanner() = default;

void CaptureScanner::frame(const CaptureFrame& f) {
    Impl& m = *m_impl;
    if (m.stopped) {
        return;
    }
    m.start_frame(f);
    m.decoded = false;
    m.link(f.link_type, f.bytes);
    if (!m.decoded) {
        ++m.undecoded_count;
    }
}

bool CaptureScanner::hep_packet(const CaptureFrame& f) {
    Impl& m = *m_impl;
    if (m.stopped) {
        return true;
    }
    m.start_frame(f);
    const bool read = f.bytes.starts_with("HEP3") && m.hep(f.bytes);
    if (!read) {
        ++m.undecoded_count;
    }
    return read;
}

void CaptureScanner::finish() {
    m_impl->clear();
}

bool CaptureScanner::stopped() const {
    return m_impl->stopped;
}

std::uint64_t CaptureScanner::frames() const {
    return m_impl->frame_count;
}

std::uint64_t CaptureScanner::undecoded() const {
    return m_impl->undecoded_count;
}

}  // namespace sipwhy
