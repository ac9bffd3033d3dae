// The capture scanner: finds every SIP message in the frames of a packet capture, whatever port
// it uses, and reports it to a ScanSink with the packet's time and addresses. It decodes
//   - link layers: Ethernet (with 802.1Q/802.1ad VLAN tags, MPLS and PPPoE), Linux cooked capture
//     (SLL and SLL2), raw IP, BSD loopback;
//   - IPv4 and IPv6 (extension headers), reassembling fragmented datagrams;
//   - tunnels: IP in IP, GRE (with ERSPAN types I-III, transparent Ethernet and PPTP's PPP),
//     VXLAN, GTP-U; HEP version 3 (HOMER), reported with the endpoints it carries;
//   - SIP over UDP (one message per datagram), over TCP (streams reassembled in sequence order,
//     retransmitted bytes dropped, messages split by Content-Length, WebSocket frames per RFC
//     7118 after an HTTP upgrade), and over SCTP (DATA chunks).
// A payload is SIP when it starts with a SIP start line, on any port. State stays bounded: TCP
// streams, pending fragments and buffered bytes have limits, and the oldest goes first.
// No I/O: the caller reads the capture (libpcap in the CLI) and feeds the frames.
#pragma once

#include <sipwhy/sip/scan_sink.hpp>

#include <cstdint>
#include <memory>
#include <string_view>

namespace sipwhy {

// Link-layer types, numbered as libpcap's pcap_datalink() returns them.
namespace link_type {
inline constexpr int null = 0;  // BSD loopback, host byte order
inline constexpr int ethernet = 1;
inline constexpr int raw = 12;  // DLT_RAW (14 on OpenBSD, 101 in files)
inline constexpr int raw_openbsd = 14;
inline constexpr int raw_file = 101;
inline constexpr int loop = 108;  // OpenBSD loopback, network byte order
inline constexpr int linux_sll = 113;
inline constexpr int ipv4 = 228;
inline constexpr int ipv6 = 229;
inline constexpr int linux_sll2 = 276;
}  // namespace link_type

// Whether the scanner can decode frames of this link type.
bool supported_link_type(int link_type);

struct CaptureFrame {
    std::uint64_t number = 0;  // from 1
    std::int64_t seconds = 0;
    std::uint32_t nanoseconds = 0;
    int link_type = link_type::ethernet;
    std::string_view bytes;  // as captured: may be shorter than the packet was
    bool time_carried = false;  // the record's fraction of a second was a second or more
};

struct CaptureLimits {
    std::size_t max_streams = 8192;                    // TCP stream directions followed at once
    std::size_t max_stream_buffer = 64 * 1024;         // bytes held per direction for one message
    std::size_t max_pending_segments = 64;             // out-of-order segments held per direction
    std::size_t max_buffered = 32 * 1024 * 1024;       // bytes held by all TCP streams together
    std::size_t max_fragmented = 256;                  // IP datagrams being reassembled at once
    std::size_t max_fragment_bytes = 4 * 1024 * 1024;  // bytes those datagrams hold together
    std::size_t max_sctp_messages = 256;               // fragmented SCTP messages being reassembled
};

class CaptureScanner {
public:
    explicit CaptureScanner(ScanSink& sink, ScanOptions options = {}, CaptureLimits limits = {});
    ~CaptureScanner();
    CaptureScanner(const CaptureScanner&) = delete;
    CaptureScanner& operator=(const CaptureScanner&) = delete;

    // Decodes one frame and reports the messages it completes; nothing, once the sink has said
    // that it wants no more of this capture (stopped(), until finish()).
    void frame(const CaptureFrame& f);
    bool stopped() const;

    // One HEP3 packet a listener received (hep.hpp), with the number and time `f` gives it:
    // the message it carries is reported with the endpoints it names, as when the packet is found
    // in a frame. False when it is no HEP3 packet the scanner can read (counted as undecoded).
    bool hep_packet(const CaptureFrame& f);

    // Ends the capture: a message still waiting for the rest of its body (cut off with the
    // capture) is reported as it is, and the scanner can read another capture.
    void finish();

    // Frames seen, and frames that held no IP packet the scanner could decode.
    std::uint64_t frames() const;
    std::uint64_t undecoded() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sipwhy
