// Builds packets and capture files for tests: SIP messages inside UDP, TCP and SCTP, inside IPv4
// and IPv6 (fragmented or not), tunnels and link layers, written as pcap or pcapng bytes.
// Checksums are left zero: sipwhy, like Wireshark by default, does not check them.
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipwhy::packets {

using Bytes = std::string;

inline void put8(Bytes& b, unsigned v) {
    b.push_back(static_cast<char>(v & 0xFF));
}
inline void put16(Bytes& b, unsigned v) {
    put8(b, v >> 8);
    put8(b, v);
}
inline void put32(Bytes& b, std::uint32_t v) {
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}
inline void put16le(Bytes& b, unsigned v) {
    put8(b, v);
    put8(b, v >> 8);
}
inline void put32le(Bytes& b, std::uint32_t v) {
    put16le(b, v & 0xFFFF);
    put16le(b, v >> 16);
}

inline Bytes address(const char* text) {
    unsigned char buf[16];
    const bool v6 = std::string_view(text).find(':') != std::string_view::npos;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, text, buf) != 1) {
        throw std::invalid_argument(text);
    }
    return Bytes(reinterpret_cast<const char*>(buf), v6 ? 16 : 4);
}

// An IP header's fixed part, then its addresses and what it carries.
inline Bytes ip_packet(Bytes fixed, const char* src, const char* dst, std::string_view payload) {
    fixed += address(src);
    fixed += address(dst);
    fixed += payload;
    return fixed;
}

namespace proto {
inline constexpr unsigned ipip = 4, tcp = 6, udp = 17, ipv6 = 41, fragment = 44, gre = 47,
                          dest_options = 60, sctp = 132;
}

// IPv4 with `flags_offset` as the header's flags and fragment offset field (0x2000 = more).
inline Bytes ipv4(const char* src, const char* dst, unsigned protocol, std::string_view payload,
                  unsigned id = 1, unsigned flags_offset = 0) {
    Bytes b;
    put8(b, 0x45);
    put8(b, 0);
    put16(b, static_cast<unsigned>(20 + payload.size()));
    put16(b, id);
    put16(b, flags_offset);
    put8(b, 64);
    put8(b, protocol);
    put16(b, 0);  // checksum
    return ip_packet(std::move(b), src, dst, payload);
}

inline Bytes ipv6(const char* src, const char* dst, unsigned next, std::string_view payload) {
    Bytes b;
    put32(b, 0x60000000);
    put16(b, static_cast<unsigned>(payload.size()));
    put8(b, next);
    put8(b, 64);
    return ip_packet(std::move(b), src, dst, payload);
}

// An IPv6 Fragment header and its fragment: `offset` in bytes, a multiple of 8.
inline Bytes ipv6_fragment(unsigned next, unsigned offset, bool more, std::uint32_t id,
                           std::string_view data) {
    Bytes b;
    put8(b, next);
    put8(b, 0);
    put16(b, offset | (more ? 1 : 0));
    put32(b, id);
    b += data;
    return b;
}

inline Bytes udp(unsigned src_port, unsigned dst_port, std::string_view payload) {
    Bytes b;
    put16(b, src_port);
    put16(b, dst_port);
    put16(b, static_cast<unsigned>(8 + payload.size()));
    put16(b, 0);
    b += payload;
    return b;
}

namespace tcp_flag {
inline constexpr unsigned fin = 0x01, syn = 0x02, rst = 0x04, psh = 0x08, ack = 0x10;
}

inline Bytes tcp(unsigned src_port, unsigned dst_port, std::uint32_t seq, unsigned flags,
                 std::string_view payload) {
    Bytes b;
    put16(b, src_port);
    put16(b, dst_port);
    put32(b, seq);
    put32(b, 0);
    put8(b, 0x50);
    put8(b, flags);
    put16(b, 65535);
    put16(b, 0);
    put16(b, 0);
    b += payload;
    return b;
}

// An SCTP DATA chunk (B and E flags as given), padded to 4 bytes.
inline Bytes sctp_data(std::string_view data, bool begins = true, bool ends = true,
                       unsigned stream = 0, std::uint32_t tsn = 1) {
    Bytes b;
    put8(b, 0);
    put8(b, (begins ? 2 : 0) | (ends ? 1 : 0));
    put16(b, static_cast<unsigned>(16 + data.size()));
    put32(b, tsn);
    put16(b, stream);
    put16(b, 0);
    put32(b, 0);
    b += data;
    while (b.size() % 4 != 0) {
        put8(b, 0);
    }
    return b;
}

inline Bytes sctp(unsigned src_port, unsigned dst_port, std::string_view chunks) {
    Bytes b;
    put16(b, src_port);
    put16(b, dst_port);
    put32(b, 0x11223344);
    put32(b, 0);
    b += chunks;
    return b;
}

inline Bytes ethernet(unsigned type, std::string_view payload, std::vector<unsigned> vlans = {}) {
    Bytes b("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb", 12);
    for (const unsigned vlan : vlans) {
        put16(b, 0x8100);
        put16(b, vlan);
    }
    put16(b, type);
    b += payload;
    return b;
}

inline Bytes linux_sll(unsigned type, std::string_view payload) {
    Bytes b;
    put16(b, 0);  // sent to us
    put16(b, 1);  // ARPHRD_ETHER
    put16(b, 6);
    b += Bytes("\x00\x11\x22\x33\x44\x55\x00\x00", 8);
    put16(b, type);
    b += payload;
    return b;
}

inline Bytes linux_sll2(unsigned type, std::string_view payload) {
    Bytes b;
    put16(b, type);
    put16(b, 0);
    put32(b, 2);  // interface index
    put16(b, 1);  // ARPHRD_ETHER
    put8(b, 0);
    put8(b, 6);
    b += Bytes("\x00\x11\x22\x33\x44\x55\x00\x00", 8);
    b += payload;
    return b;
}

inline Bytes gre(unsigned type, std::string_view payload, bool sequence = false) {
    Bytes b;
    put16(b, sequence ? 0x1000 : 0);
    put16(b, type);
    if (sequence) {
        put32(b, 7);
    }
    b += payload;
    return b;
}

// ERSPAN type II inside GRE: the mirrored Ethernet frame after an 8-byte header.
inline Bytes erspan2(std::string_view frame) {
    Bytes b;
    put32(b, 0x10010064);  // version 1 (type II), VLAN 1, session 100
    put32(b, 0);
    b += frame;
    return gre(0x88BE, b, true);
}

// A GTP-U G-PDU carrying `packet`.
inline Bytes gtp_u(std::string_view packet) {
    Bytes b;
    put8(b, 0x30);
    put8(b, 0xFF);
    put16(b, static_cast<unsigned>(packet.size()));
    put32(b, 0x01020304);
    b += packet;
    return b;
}

// A WebSocket frame (RFC 6455 §5.2), masked as clients send them when `masked`.
inline Bytes websocket(std::string_view payload, bool masked, unsigned opcode = 1,
                       bool fin = true) {
    Bytes b;
    put8(b, (fin ? 0x80 : 0) | opcode);
    const unsigned mask_bit = masked ? 0x80 : 0;
    if (payload.size() < 126) {
        put8(b, mask_bit | static_cast<unsigned>(payload.size()));
    } else {
        put8(b, mask_bit | 126);
        put16(b, static_cast<unsigned>(payload.size()));
    }
    const Bytes key("\x12\x34\x56\x78", 4);
    if (masked) {
        b += key;
    }
    for (std::size_t i = 0; i < payload.size(); ++i) {
        b.push_back(masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i]);
    }
    return b;
}

// A HEP version 3 packet (HOMER's encapsulation) carrying `message` captured between two IPv4
// endpoints over `protocol`.
inline Bytes hep3(const char* src, unsigned src_port, const char* dst, unsigned dst_port,
                  std::string_view message, unsigned protocol = proto::udp) {
    Bytes chunks;
    const auto chunk = [&](unsigned type, const Bytes& value) {
        put16(chunks, 0);
        put16(chunks, type);
        put16(chunks, static_cast<unsigned>(6 + value.size()));
        chunks += value;
    };
    chunk(1, Bytes(1, '\x02'));  // AF_INET
    chunk(2, Bytes(1, static_cast<char>(protocol)));
    chunk(3, address(src));
    chunk(4, address(dst));
    Bytes port;
    put16(port, src_port);
    chunk(7, port);
    port.clear();
    put16(port, dst_port);
    chunk(8, port);
    Bytes seconds;
    put32(seconds, 1700000000);
    chunk(9, seconds);
    chunk(11, Bytes(1, '\x01'));  // SIP
    chunk(15, Bytes(message));
    Bytes b = "HEP3";
    put16(b, static_cast<unsigned>(6 + chunks.size()));
    return b + chunks;
}

// Ethernet, IPv4 and UDP around `payload`.
inline Bytes udp4(const char* src, unsigned src_port, const char* dst, unsigned dst_port,
                  std::string_view payload) {
    return ethernet(0x0800, ipv4(src, dst, proto::udp, udp(src_port, dst_port, payload)));
}

// Ethernet, IPv4 and TCP around `payload`.
inline Bytes tcp4(const char* src, unsigned src_port, const char* dst, unsigned dst_port,
                  std::uint32_t seq, std::string_view payload,
                  unsigned flags = tcp_flag::ack | tcp_flag::psh) {
    return ethernet(0x0800,
                    ipv4(src, dst, proto::tcp, tcp(src_port, dst_port, seq, flags, payload)));
}

// A SIP response with the headers the scanners read, and a Content-Length for its body.
inline Bytes sip_response(int code, std::string_view reason, std::string_view call_id,
                          unsigned cseq, std::string_view method, std::string_view body = {},
                          std::string_view extra_headers = {}) {
    Bytes b = "SIP/2.0 " + std::to_string(code) + " " + std::string(reason) + "\r\n";
    b += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n";
    b += "From: <sip:alice@example.com>;tag=1928301774\r\n";
    b += "To: <sip:bob@example.net>;tag=a6c85cf\r\n";
    b += "Call-ID: " + std::string(call_id) + "\r\n";
    b += "CSeq: " + std::to_string(cseq) + " " + std::string(method) + "\r\n";
    b += extra_headers;
    b += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    b += body;
    return b;
}

inline Bytes sip_request(std::string_view method, std::string_view call_id, unsigned cseq,
                         std::string_view body = {}) {
    Bytes b = std::string(method) + " sip:bob@example.net SIP/2.0\r\n";
    b += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n";
    b += "From: <sip:alice@example.com>;tag=1928301774\r\n";
    b += "To: <sip:bob@example.net>\r\n";
    b += "Call-ID: " + std::string(call_id) + "\r\n";
    b += "CSeq: " + std::to_string(cseq) + " " + std::string(method) + "\r\n";
    b += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    b += body;
    return b;
}

struct Frame {
    Bytes bytes;
    std::uint32_t seconds = 1700000000;  // 2023-11-14T22:13:20Z
    std::uint32_t fraction = 0;          // microseconds (pcap) or nanoseconds (pcap_ns)
};

// A pcap file (little-endian, microseconds unless `nanoseconds`) of `link_type` frames.
inline Bytes pcap(unsigned link_type, const std::vector<Frame>& frames, bool nanoseconds = false) {
    Bytes b;
    put32le(b, nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4);
    put16le(b, 2);
    put16le(b, 4);
    put32le(b, 0);
    put32le(b, 0);
    put32le(b, 262144);
    put32le(b, link_type);
    for (const Frame& f : frames) {
        put32le(b, f.seconds);
        put32le(b, f.fraction);
        put32le(b, static_cast<std::uint32_t>(f.bytes.size()));
        put32le(b, static_cast<std::uint32_t>(f.bytes.size()));
        b += f.bytes;
    }
    return b;
}

// A pcapng interface: its link type and snapshot length.
struct PcapngInterface {
    unsigned link_type = 1;
    std::uint32_t snaplen = 262144;
};

// A pcapng file: a Section Header, an Interface Description per interface, an Enhanced Packet
// Block per frame, on each interface in turn (timestamps in microseconds, the default resolution).
inline Bytes pcapng(const std::vector<PcapngInterface>& interfaces,
                    const std::vector<Frame>& frames) {
    Bytes b;
    const auto block = [&](std::uint32_t type, const Bytes& body) {
        Bytes padded = body;
        while (padded.size() % 4 != 0) {
            put8(padded, 0);
        }
        const auto total = static_cast<std::uint32_t>(12 + padded.size());
        put32le(b, type);
        put32le(b, total);
        b += padded;
        put32le(b, total);
    };
    Bytes shb;
    put32le(shb, 0x1A2B3C4D);
    put16le(shb, 1);
    put16le(shb, 0);
    put32le(shb, 0xFFFFFFFF);  // section length unknown
    put32le(shb, 0xFFFFFFFF);
    block(0x0A0D0D0A, shb);
    for (const auto& [link_type, snaplen] : interfaces) {
        Bytes idb;
        put16le(idb, link_type);
        put16le(idb, 0);
        put32le(idb, snaplen);
        block(0x00000001, idb);
    }
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const Frame& f = frames[i];
        const std::uint64_t ts = std::uint64_t{f.seconds} * 1000000 + f.fraction;
        Bytes epb;
        put32le(epb, static_cast<std::uint32_t>(i % interfaces.size()));  // interface
        put32le(epb, static_cast<std::uint32_t>(ts >> 32));
        put32le(epb, static_cast<std::uint32_t>(ts & 0xFFFFFFFF));
        put32le(epb, static_cast<std::uint32_t>(f.bytes.size()));
        put32le(epb, static_cast<std::uint32_t>(f.bytes.size()));
        epb += f.bytes;
        block(0x00000006, epb);
    }
    return b;
}

// A pcapng file with one interface of `link_type`.
inline Bytes pcapng(unsigned link_type, const std::vector<Frame>& frames) {
    return pcapng(std::vector<PcapngInterface>{{link_type}}, frames);
}

// libpcap's link types (DLT_*, and the file's LINKTYPE_* where they differ).
namespace link {
inline constexpr unsigned null = 0, ethernet = 1, raw = 101, linux_sll = 113, linux_sll2 = 276,
                          ieee802_11 = 105;
}

}  // namespace sipwhy::packets
