// The capture scanner over packets built here: every link layer, IP version, tunnel and
// transport it decodes, reassembly of fragments and streams, and its bounds.
#include "packets.hpp"

#include <sipwhy/capture/capture.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sipwhy {
namespace {

using namespace packets;

// Describes each finding: "frame time transport src -> dst code reason | cseq method call".
class Recorder : public ScanSink {
public:
    std::vector<std::string> events;
    std::size_t wanted = ~std::size_t{0};  // the events wanted of each capture

    bool response(const ScannedResponse& r) override {
        std::string e = describe(*r.packet) + fmt::format(" {} {}", r.code, r.reason);
        if (r.message != nullptr && !r.message->call_id.empty()) {
            e += fmt::format(" | {} {} {}", r.message->cseq_number, r.message->cseq_method,
                             r.message->call_id);
        }
        EXPECT_EQ(r.framing, Framing::packet);
        EXPECT_EQ(r.line, 0u);
        events.push_back(e);
        return events.size() < wanted;
    }
    bool request(const ScannedRequest& r) override {
        events.push_back(describe(*r.packet) + fmt::format(" request {}", r.method));
        return true;
    }
    bool malformed(const MalformedStatus& m) override {
        events.push_back(describe(*m.packet) +
                         fmt::format(" malformed \"{}\" ({})", m.text, m.problem));
        return true;
    }

private:
    static std::string describe(const PacketInfo& p) {
        return fmt::format("{} {} {} {} -> {}", p.frame, format_utc(p.seconds, p.nanoseconds),
                           to_string(p.transport), p.src.to_string(), p.dst.to_string());
    }
};

struct Scan {
    Recorder recorder;
    CaptureScanner scanner;
    std::uint64_t next = 0;

    explicit Scan(CaptureLimits limits = {}, ScanOptions options = {.requests = true})
        : scanner(recorder, options, limits) {}

    Scan& frame(const Bytes& bytes, int link = link_type::ethernet,
                std::int64_t seconds = 1700000000, std::uint32_t nanoseconds = 0) {
        scanner.frame({++next, seconds, nanoseconds, link, bytes});
        return *this;
    }
    std::vector<std::string> finish() {
        scanner.finish();
        return recorder.events;
    }
};

const std::string k_busy = sip_response(486, "Busy Here", "call-1", 1, "INVITE");
const std::string k_time = "2023-11-14T22:13:20.000000Z";

std::string udp_line(int frame, const std::string& rest, const std::string& from = "192.0.2.2:5060",
                     const std::string& to = "192.0.2.1:5060") {
    return fmt::format("{} {} udp {} -> {} {}", frame, k_time, from, to, rest);
}

TEST(Capture, UdpResponseWithTimeAndAddresses) {
    Scan s;
    s.frame(udp4("192.0.2.2", 5060, "192.0.2.1", 5060, k_busy), link_type::ethernet, 1700000000,
            123456789);
    EXPECT_EQ(s.finish(), std::vector<std::string>{
                              "1 2023-11-14T22:13:20.123456Z udp 192.0.2.2:5060 -> 192.0.2.1:5060 "
                              "486 Busy Here | 1 INVITE call-1"});
}

// A sink that wants no more is told nothing more of the capture, until the next one begins.
TEST(Capture, ASinkThatWantsNoMoreStopsTheCapture) {
    Scan s;
    s.recorder.wanted = 1;
    const Bytes busy = udp4("192.0.2.2", 5060, "192.0.2.1", 5060, k_busy);
    s.frame(busy).frame(busy);
    EXPECT_TRUE(s.scanner.stopped());
    EXPECT_EQ(s.finish().size(), 1u);
    EXPECT_FALSE(s.scanner.stopped());
    s.recorder.wanted = 2;
    s.frame(busy);
    EXPECT_EQ(s.finish().size(), 2u);
}

TEST(Capture, RequestsAndAnyPort) {
    Scan s;
    s.frame(udp4("192.0.2.1", 5080, "192.0.2.2", 6363, sip_request("INVITE", "call-1", 1)));
    s.frame(udp4("192.0.2.2", 6363, "192.0.2.1", 5080, k_busy));
    EXPECT_EQ(
        s.finish(),
        (std::vector<std::string>{
            udp_line(1, "request INVITE", "192.0.2.1:5080", "192.0.2.2:6363"),
            udp_line(2, "486 Busy Here | 1 INVITE call-1", "192.0.2.2:6363", "192.0.2.1:5080")}));
}

TEST(Capture, OtherPayloadsAreNotSip) {
    Scan s;
    s.frame(udp4("192.0.2.2", 5060, "192.0.2.1", 5060, Bytes("\x80\x00\x01\x02rtp", 7)));
    s.frame(udp4("192.0.2.2", 1900, "239.255.255.250", 1900,
                 "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n"));
    s.frame(udp4("192.0.2.2", 5060, "192.0.2.1", 5060, "HTTP/1.1 200 OK\r\n\r\n"));
    s.frame(udp4("192.0.2.2", 5060, "192.0.2.1", 5060, "\r\n\r\n"));  // a keep-alive
    s.frame(Bytes("\x01\x02", 2));                                    // too short for Ethernet
    s.frame(ethernet(0x0806, Bytes(28, '\0')));                       // ARP
    EXPECT_EQ(s.finish(), std::vector<std::string>{});
    EXPECT_EQ(s.scanner.frames(), 6u);
    EXPECT_EQ(s.scanner.undecoded(), 2u);
}

// The version is case-insensitive (RFC 3261 §7.1): the capture reads it as a log does.
TEST(Capture, AVersionInLowerCase) {
    Scan s;
    std::string busy = k_busy;
    busy.replace(0, 3, "sip");
    s.frame(udp4("192.0.2.2", 5060, "192.0.2.1", 5060, busy));
    EXPECT_EQ(s.finish(), std::vector<std::string>{udp_line(1, "486 Busy Here | 1 INVITE call-1")});
}

TEST(Capture, MalformedStatusLine) {
    Scan s;
    s.frame(udp4("192.0.2.2", 5060, "192.0.2.1", 5060, "SIP/2.0 4294967301 Foo\r\n\r\n"));
    EXPECT_EQ(s.finish(),
              std::vector<std::string>{udp_line(
                  1, "malformed \"SIP/2.0 4294967301 Foo\" (status code is not three digits)")});
}

TEST(Capture, LinkLayers) {
    const Bytes ip = ipv4("192.0.2.2", "192.0.2.1", proto::udp, udp(5060, 5060, k_busy));
    Bytes loopback;
    put32le(loopback, 2);  // AF_INET, little-endian host
    Scan s;
    s.frame(ethernet(0x0800, ip, {100, 200}));  // stacked VLAN tags
    s.frame(linux_sll(0x0800, ip), link_type::linux_sll);
    s.frame(linux_sll2(0x0800, ip), link_type::linux_sll2);
    s.frame(ip, link_type::raw);
    s.frame(ip, link_type::ipv4);
    s.frame(loopback + ip, link_type::null);
    const auto events = s.finish();
    ASSERT_EQ(events.size(), 6u);
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i], udp_line(static_cast<int>(i + 1), "486 Busy Here | 1 INVITE call-1"));
    }
}

TEST(Capture, Ipv6) {
    Scan s;
    s.frame(
        ethernet(0x86DD, ipv6("2001:db8::2", "2001:db8::1", proto::udp, udp(5060, 5060, k_busy))));
    EXPECT_EQ(s.finish(),
              std::vector<std::string>{udp_line(1, "486 Busy Here | 1 INVITE call-1",
                                                "[2001:db8::2]:5060", "[2001:db8::1]:5060")});
}

TEST(Capture, Ipv6ExtensionHeaders) {
    Bytes options;
    put8(options, proto::udp);
    put8(options, 0);  // 8 bytes in all
    options += Bytes(6, '\x01');
    Scan s;
    s.frame(ethernet(0x86DD, ipv6("2001:db8::2", "2001:db8::1", proto::dest_options,
                                  options + udp(5060, 5060, k_busy))));
    EXPECT_EQ(s.finish().size(), 1u);
}

TEST(Capture, Ipv4FragmentsOutOfOrder) {
    const Bytes datagram =
        udp(5060, 5060, sip_response(200, "OK", "call-f", 2, "INVITE", Bytes(3000, 'v')));
    const std::string_view d(datagram);
    Scan s;
    s.frame(ethernet(
        0x0800, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(1480, 1480), 9, 0x2000 | 185)));
    s.frame(
        ethernet(0x0800, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(0, 1480), 9, 0x2000)));
    s.frame(ethernet(0x0800, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(2960), 9, 370)));
    EXPECT_EQ(s.finish(), std::vector<std::string>{udp_line(3, "200 OK | 2 INVITE call-f")});
}

TEST(Capture, Ipv6Fragments) {
    const Bytes datagram = udp(
        5060, 5060, sip_response(183, "Session Progress", "call-6", 1, "INVITE", Bytes(2000, 's')));
    const std::string_view d(datagram);
    Scan s;
    for (const auto& [offset, more] : {std::pair{0u, true}, std::pair{1448u, false}}) {
        s.frame(linux_sll(0x86DD, ipv6("2001:db8::2", "2001:db8::1", proto::fragment,
                                       ipv6_fragment(proto::udp, offset, more, 0xf88eb466,
                                                     d.substr(offset, more ? 1448 : Bytes::npos)))),
                link_type::linux_sll);
    }
    EXPECT_EQ(s.finish(),
              std::vector<std::string>{udp_line(2, "183 Session Progress | 1 INVITE call-6",
                                                "[2001:db8::2]:5060", "[2001:db8::1]:5060")});
}

TEST(Capture, FragmentTableIsBounded) {
    Scan s(CaptureLimits{.max_fragmented = 2});
    const Bytes datagram = udp(5060, 5060, k_busy);
    const std::string_view d(datagram);
    // Three datagrams start; the first is given up when the third arrives.
    for (unsigned id = 1; id <= 3; ++id) {
        s.frame(ethernet(0x0800,
                         ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(0, 64), id, 0x2000)));
    }
    for (unsigned id = 3; id >= 1; --id) {
        s.frame(ethernet(0x0800, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(64), id, 8)));
    }
    EXPECT_EQ(s.finish(),
              (std::vector<std::string>{udp_line(4, "486 Busy Here | 1 INVITE call-1"),
                                        udp_line(5, "486 Busy Here | 1 INVITE call-1")}));
}

TEST(Capture, Tunnels) {
    const Bytes inner = ipv4("10.0.0.2", "10.0.0.1", proto::udp, udp(5060, 5060, k_busy));
    const auto outer = [](unsigned protocol, const Bytes& payload) {
        return ethernet(0x0800, ipv4("198.51.100.1", "198.51.100.2", protocol, payload));
    };
    Scan s;
    s.frame(outer(proto::ipip, inner));
    s.frame(outer(proto::gre, gre(0x0800, inner)));
    s.frame(outer(proto::gre, erspan2(ethernet(0x0800, inner))));
    s.frame(outer(proto::gre, gre(0x6558, ethernet(0x0800, inner))));
    s.frame(outer(proto::udp, udp(2152, 2152, gtp_u(inner))));
    Bytes vxlan;
    put32(vxlan, 0x08000000);
    put32(vxlan, 0x00006400);
    s.frame(outer(proto::udp, udp(49152, 4789, vxlan + ethernet(0x0800, inner))));
    s.frame(outer(proto::ipv6,
                  ipv6("2001:db8::2", "2001:db8::1", proto::udp, udp(5060, 5060, k_busy))));
    const auto events = s.finish();
    ASSERT_EQ(events.size(), 7u);
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(events[i], udp_line(static_cast<int>(i + 1), "486 Busy Here | 1 INVITE call-1",
                                      "10.0.0.2:5060", "10.0.0.1:5060"));
    }
    EXPECT_EQ(events[6], udp_line(7, "486 Busy Here | 1 INVITE call-1", "[2001:db8::2]:5060",
                                  "[2001:db8::1]:5060"));
}

TEST(Capture, HepCarriesTheOriginalEndpoints) {
    Scan s;
    s.frame(udp4("192.0.2.50", 40000, "192.0.2.60", 9060,
                 hep3("10.1.1.2", 5060, "10.1.1.1", 5070, k_busy, proto::tcp)));
    s.frame(udp4("192.0.2.50", 40000, "192.0.2.60", 9060, "HEP3\x00\x05"));  // too short: not HEP
    EXPECT_EQ(
        s.finish(),
        std::vector<std::string>{fmt::format(
            "1 {} tcp 10.1.1.2:5060 -> 10.1.1.1:5070 486 Busy Here | 1 INVITE call-1", k_time)});
}

std::string tcp_line(int frame, const std::string& rest) {
    return fmt::format("{} {} tcp 192.0.2.2:5060 -> 192.0.2.1:40000 {}", frame, k_time, rest);
}

Bytes tcp_segment(std::uint32_t seq, std::string_view payload,
                  unsigned flags = tcp_flag::ack | tcp_flag::psh) {
    return tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, seq, payload, flags);
}

TEST(Capture, TcpMessageAcrossSegmentsWithTwoInOne) {
    const Bytes ringing = sip_response(180, "Ringing", "call-t", 1, "INVITE");
    const Bytes ok = sip_response(200, "OK", "call-t", 1, "INVITE", "v=0\r\n");
    const Bytes stream = ringing + ok;
    Scan s;
    s.frame(tcp_segment(999, "", tcp_flag::syn));
    s.frame(tcp_segment(1000, stream.substr(0, 30)));
    s.frame(tcp_segment(1030, stream.substr(30, ringing.size() + 20)));
    s.frame(tcp_segment(1030 + static_cast<std::uint32_t>(ringing.size()) + 20,
                        stream.substr(ringing.size() + 50)));
    EXPECT_EQ(s.finish(), (std::vector<std::string>{tcp_line(3, "180 Ringing | 1 INVITE call-t"),
                                                    tcp_line(4, "200 OK | 1 INVITE call-t")}));
}

TEST(Capture, TcpOneBytePerSegment) {
    const Bytes stream = "\r\n" + sip_response(180, "Ringing", "call-1b", 1, "INVITE", "v=0\r\n") +
                         "\r\n\r\n" + sip_response(200, "OK", "call-1b", 1, "INVITE");
    Scan s;
    for (std::size_t i = 0; i < stream.size(); ++i) {
        s.frame(tcp_segment(static_cast<std::uint32_t>(i), stream.substr(i, 1)));
    }
    const auto events = s.finish();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0], tcp_line(static_cast<int>(stream.find("\r\n\r\nSIP")),
                                  "180 Ringing | 1 INVITE call-1b"));
    EXPECT_EQ(events[1], tcp_line(static_cast<int>(stream.size()), "200 OK | 1 INVITE call-1b"));
}

TEST(Capture, TcpBodySplitIsReportedWhenComplete) {
    const Bytes ok = sip_response(200, "OK", "call-b", 1, "INVITE", Bytes(500, 'b'));
    const std::size_t head = ok.size() - 500;
    Scan s;
    s.frame(tcp_segment(1, ok.substr(0, head + 100)));
    s.frame(tcp_segment(1 + static_cast<std::uint32_t>(head) + 100, ok.substr(head + 100)));
    EXPECT_EQ(s.finish(), std::vector<std::string>{tcp_line(2, "200 OK | 1 INVITE call-b")});
}

TEST(Capture, TcpRetransmissionsAndReordering) {
    const Bytes a = sip_response(100, "Trying", "call-r", 1, "INVITE");
    const Bytes b = sip_response(486, "Busy Here", "call-r", 1, "INVITE");
    const auto at = static_cast<std::uint32_t>(a.size());
    Scan s;
    s.frame(tcp_segment(0, a));
    s.frame(tcp_segment(0, a));                   // retransmitted whole
    s.frame(tcp_segment(at + 10, b.substr(10)));  // ahead of a missing segment
    s.frame(tcp_segment(at, b.substr(0, 20)));    // the missing one, overlapping
    s.frame(tcp_segment(at, b));                  // retransmitted again
    EXPECT_EQ(s.finish(),
              (std::vector<std::string>{tcp_line(1, "100 Trying | 1 INVITE call-r"),
                                        tcp_line(4, "486 Busy Here | 1 INVITE call-r")}));
}

TEST(Capture, TcpResynchronisesAfterJunkAndGaps) {
    const Bytes a = sip_response(180, "Ringing", "call-g", 1, "INVITE", Bytes(400, 'x'));
    const Bytes b = sip_response(200, "OK", "call-g", 1, "INVITE");
    Scan s(CaptureLimits{.max_pending_segments = 1});
    s.frame(tcp_segment(0, "\x16\x03\x01 junk before\r\n" + a.substr(0, a.size() - 400)));
    // The body's first part is lost; what follows is held, then given up on.
    s.frame(tcp_segment(static_cast<std::uint32_t>(a.size()) + 100, Bytes(300, 'x') + "\r\n"));
    s.frame(
        tcp_segment(static_cast<std::uint32_t>(a.size()) + 402 + 50, "tail of something\r\n" + b));
    EXPECT_EQ(s.finish(), (std::vector<std::string>{tcp_line(1, "180 Ringing | 1 INVITE call-g"),
                                                    tcp_line(3, "200 OK | 1 INVITE call-g")}));
}

TEST(Capture, TcpSegmentsCutBySnapLength) {
    const Bytes a = sip_response(100, "Trying", "call-n", 1, "INVITE");
    const Bytes b = sip_response(180, "Ringing", "call-n", 1, "INVITE");
    const Bytes c = sip_response(486, "Busy Here", "call-n", 1, "INVITE");
    const auto size = [](const Bytes& x) { return static_cast<std::uint32_t>(x.size()); };
    Scan s;
    s.frame(tcp_segment(0, a));
    s.frame(tcp_segment(size(a), b).substr(0, 14 + 20 + 20 + 10));
    s.frame(tcp_segment(size(a) + size(b), c));
    EXPECT_EQ(s.finish(),
              (std::vector<std::string>{tcp_line(1, "100 Trying | 1 INVITE call-n"),
                                        tcp_line(3, "486 Busy Here | 1 INVITE call-n")}));
}

TEST(Capture, TcpMessageCutOffByTheEndIsStillReported) {
    const Bytes ok = sip_response(200, "OK", "call-e", 1, "INVITE", Bytes(500, 'b'));
    Scan s;
    s.frame(tcp_segment(1, ok.substr(0, ok.size() - 100)));
    EXPECT_EQ(s.finish(), std::vector<std::string>{tcp_line(1, "200 OK | 1 INVITE call-e")});
}

TEST(Capture, TcpStreamsAreBounded) {
    Scan s(CaptureLimits{.max_streams = 2});
    const Bytes ok = sip_response(200, "OK", "call-s", 1, "INVITE");
    for (unsigned port = 40000; port < 40003; ++port) {
        s.frame(tcp4("192.0.2.2", 5060, "192.0.2.1", port, 7, ok.substr(0, 20)));
    }
    // The first stream was given up; the other two still complete, and the first is a stranger.
    for (const unsigned port : {40001, 40002, 40000}) {
        s.frame(tcp4("192.0.2.2", 5060, "192.0.2.1", port, 27, ok.substr(20)));
    }
    const auto events = s.finish();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(
        events[0],
        fmt::format("4 {} tcp 192.0.2.2:5060 -> 192.0.2.1:40001 200 OK | 1 INVITE call-s", k_time));
    EXPECT_EQ(
        events[1],
        fmt::format("5 {} tcp 192.0.2.2:5060 -> 192.0.2.1:40002 200 OK | 1 INVITE call-s", k_time));
}

TEST(Capture, TcpBytesHeldAreBoundedInAll) {
    Scan s(CaptureLimits{.max_buffered = 12000});
    const Bytes head =
        "SIP/2.0 200 OK\r\nCall-ID: call-m\r\nX-Padding: " + Bytes(5000, 'p') + "\r\n";
    for (unsigned port = 40000; port < 40003; ++port) {
        s.frame(tcp4("192.0.2.2", 5060, "192.0.2.1", port, 1, head));
    }
    // Three unfinished heads were too much: the stream quiet the longest was given up.
    for (unsigned port = 40000; port < 40003; ++port) {
        s.frame(tcp4("192.0.2.2", 5060, "192.0.2.1", port,
                     1 + static_cast<std::uint32_t>(head.size()), "\r\n"));
    }
    const auto events = s.finish();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0],
              fmt::format("5 {} tcp 192.0.2.2:5060 -> 192.0.2.1:40001 200 OK | 0  call-m", k_time));
    EXPECT_EQ(events[1],
              fmt::format("6 {} tcp 192.0.2.2:5060 -> 192.0.2.1:40002 200 OK | 0  call-m", k_time));
}

TEST(Capture, WebSocketAfterHandshake) {
    const Bytes request = sip_request("INVITE", "call-w", 1);
    const Bytes answer = sip_response(407, "Proxy Authentication Required", "call-w", 1, "INVITE");
    Scan s;
    const auto client = [&](std::uint32_t seq, const Bytes& payload) {
        return tcp4("192.0.2.1", 40000, "192.0.2.2", 443, seq, payload);
    };
    const auto server = [&](std::uint32_t seq, const Bytes& payload) {
        return tcp4("192.0.2.2", 443, "192.0.2.1", 40000, seq, payload);
    };
    const Bytes upgrade =
        "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: sip\r\n\r\n";
    const Bytes switched = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
    const Bytes invite = websocket(request, true);
    s.frame(client(0, upgrade));
    s.frame(server(0, switched));
    s.frame(client(static_cast<std::uint32_t>(upgrade.size()), invite));
    // The answer in two fragments, split across segments.
    const Bytes frames = websocket(answer.substr(0, 40), false, 1, false) +
                         websocket(answer.substr(40), false, 0, true);
    s.frame(server(static_cast<std::uint32_t>(switched.size()), frames.substr(0, 50)));
    s.frame(server(static_cast<std::uint32_t>(switched.size()) + 50, frames.substr(50)));
    EXPECT_EQ(s.finish(),
              (std::vector<std::string>{
                  fmt::format("3 {} ws 192.0.2.1:40000 -> 192.0.2.2:443 request INVITE", k_time),
                  fmt::format("5 {} ws 192.0.2.2:443 -> 192.0.2.1:40000 407 Proxy Authentication "
                              "Required | 1 INVITE call-w",
                              k_time)}));
}

TEST(Capture, WebSocketJoinedAfterTheHandshake) {
    Scan s;
    s.frame(tcp4("192.0.2.2", 8080, "192.0.2.1", 40000, 5, websocket(k_busy, false)));
    EXPECT_EQ(
        s.finish(),
        std::vector<std::string>{fmt::format(
            "1 {} ws 192.0.2.2:8080 -> 192.0.2.1:40000 486 Busy Here | 1 INVITE call-1", k_time)});
}

TEST(Capture, Sctp) {
    const Bytes forbidden = sip_response(403, "Forbidden", "call-s", 1, "INVITE");
    const auto packet = [](const Bytes& chunks) {
        return linux_sll(0x0800,
                         ipv4("192.0.2.2", "192.0.2.1", proto::sctp, sctp(5060, 5060, chunks)));
    };
    Scan s;
    s.frame(packet(sctp_data(k_busy) + sctp_data(forbidden, true, true, 1, 2)),
            link_type::linux_sll);
    // One message in three fragments.
    s.frame(packet(sctp_data(forbidden.substr(0, 30), true, false, 3, 3)), link_type::linux_sll);
    s.frame(packet(sctp_data(forbidden.substr(30, 30), false, false, 3, 4)), link_type::linux_sll);
    s.frame(packet(sctp_data(forbidden.substr(60), false, true, 3, 5)), link_type::linux_sll);
    const auto line = [&](int frame, const char* rest) {
        return fmt::format("{} {} sctp 192.0.2.2:5060 -> 192.0.2.1:5060 {}", frame, k_time, rest);
    };
    EXPECT_EQ(s.finish(), (std::vector<std::string>{line(1, "486 Busy Here | 1 INVITE call-1"),
                                                    line(1, "403 Forbidden | 1 INVITE call-s"),
                                                    line(4, "403 Forbidden | 1 INVITE call-s")}));
}

TEST(Capture, TruncatedPacketsKeepWhatWasCaptured) {
    const Bytes frame = udp4("192.0.2.2", 5060, "192.0.2.1", 5060, k_busy);
    Scan s;
    s.frame(frame.substr(0, 14 + 20 + 8 + 30));  // cut by the snap length inside the headers
    s.frame(frame.substr(0, 14 + 10));           // inside the IP header
    EXPECT_EQ(s.finish(), std::vector<std::string>{udp_line(1, "486 Busy Here")});
}

TEST(Capture, EveryPrefixOfEveryFrameIsSafe) {
    // Truncations at every byte of layered frames: nothing is read out of bounds (the sanitizer
    // build checks), and nothing is found that is not there.
    const Bytes inner = ipv4("10.0.0.2", "10.0.0.1", proto::udp, udp(5060, 5060, k_busy));
    const std::vector<Bytes> frames = {
        ethernet(0x0800, ipv4("198.51.100.1", "198.51.100.2", proto::gre,
                              erspan2(ethernet(0x0800, inner)))),
        ethernet(0x0800,
                 ipv4("198.51.100.1", "198.51.100.2", proto::udp, udp(2152, 2152, gtp_u(inner)))),
        ethernet(0x86DD, ipv6("2001:db8::2", "2001:db8::1", proto::sctp,
                              sctp(5060, 5060, sctp_data(k_busy)))),
        tcp_segment(1, websocket(k_busy, true)),
    };
    for (const Bytes& f : frames) {
        Scan s;
        for (std::size_t n = 0; n <= f.size(); ++n) {
            s.frame(f.substr(0, n));
        }
        for (const auto& e : s.finish()) {
            EXPECT_NE(e.find(" 486 Busy Here"), std::string::npos) << e;
        }
    }
}

}  // namespace
}  // namespace sipwhy
