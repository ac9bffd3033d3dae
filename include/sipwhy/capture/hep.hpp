// HEP, the encapsulation HOMER's capture agents (Kamailio, OpenSIPS, FreeSWITCH, Asterisk's
// res_hep, heplify) send captured SIP in, as a listener receives it: one packet per UDP datagram,
// or packets back to back on a TCP stream. Version 3 is decoded by the capture scanner
// (CaptureScanner::hep_packet); versions 1 and 2 are turned into version 3 here first.
// No I/O: the CLI receives the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipwhy {

// The largest HEP3 packet: its length field has 16 bits.
inline constexpr std::size_t k_max_hep_packet = 65535;

// A packet ready for CaptureScanner::hep_packet: HEP3 bytes, and the capture time the agent put
// in it (0 when it gave none).
struct HepPacket {
    std::string hep3;
    std::int64_t seconds = 0;
    std::uint32_t microseconds = 0;
};

// Reads one packet as received: HEP3 (checked: its length, and chunks that fit it), or HEP
// version 1 or 2 (an 8-byte header, IPv4 or IPv6 addresses, for version 2 a 12-byte time header
// in the agent's byte order, little-endian on every agent there is; then the message), turned
// into HEP3. nullopt when it is neither.
std::optional<HepPacket> decode_hep(std::string_view datagram);

// Splits a TCP stream into HEP packets, holding at most one packet's bytes and what was appended
// since (next() is called after each append until it returns nullopt). A HEP3 packet ends where
// its length says; a version 1 or 2 packet, whose header has no length, where the SIP message it
// carries ends (its head, then Content-Length bytes). Bytes that start neither are skipped up to
// the next "HEP3" and counted as one malformed run.
class HepStream {
public:
    // Appends received bytes; then take packets with next() until it returns nullopt.
    void append(std::string_view bytes);
    // The next whole packet, or nullopt until more bytes are appended.
    std::optional<std::string> next();
    // Runs of bytes skipped as no HEP3 packet.
    std::uint64_t malformed() const { return m_malformed; }

private:
    std::string m_buffer;
    bool m_skipping = false;
    std::uint64_t m_malformed = 0;
};

}  // namespace sipwhy
