// sipwhy_gencap: writes a large, realistic packet capture (pcap, Ethernet) for benchmarks. Calls go
// through the usual flows (answered, busy, canceled, challenged then answered, declined,
// unreachable) over UDP, TCP and IPv6, and answered calls carry RTP media, which makes up most of
// the packets as it does on a real SBC or PBX port.
//
//   sipwhy_gencap SIZE [SEED] > big.pcap
//
// SIZE: bytes to write, with k/M/G suffixes (200M is 200,000,000). The same arguments always
// give the same bytes.
#include "bench_util.hpp"
#include "packets.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using sipwhy::bench::parse_size;
using sipwhy::bench::Rng;
using sipwhy::bench::weighted_pick;

using namespace sipwhy::packets;

struct Final {
    int code;
    const char* reason;
    int weight;
};

const std::vector<Final> k_finals = {
    {200, "OK", 55},
    {486, "Busy Here", 10},
    {487, "Request Terminated", 9},
    {480, "Temporarily Unavailable", 6},
    {603, "Decline", 4},
    {404, "Not Found", 4},
    {503, "Service Unavailable", 3},
    {408, "Request Timeout", 3},
    {488, "Not Acceptable Here", 2},
    {403, "Forbidden", 2},
    {500, "Internal Server Error", 1},
    {484, "Address Incomplete", 1},
};

const std::string k_sdp =
    "v=0\r\no=- 20518 0 IN IP4 198.51.100.20\r\ns=-\r\nc=IN IP4 198.51.100.20\r\nt=0 0\r\n"
    "m=audio 16384 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

// Writes the capture record by record, keeping time moving forward.
class Writer {
public:
    explicit Writer(std::FILE* out) : m_out(out) {
        const Bytes header = pcap(link::ethernet, {});
        std::fwrite(header.data(), 1, header.size(), m_out);
        m_written = header.size();
    }

    void packet(const Bytes& frame, std::uint32_t step_usec) {
        m_usec += step_usec;
        Bytes record;
        put32le(record, static_cast<std::uint32_t>(1700000000 + m_usec / 1000000));
        put32le(record, static_cast<std::uint32_t>(m_usec % 1000000));
        put32le(record, static_cast<std::uint32_t>(frame.size()));
        put32le(record, static_cast<std::uint32_t>(frame.size()));
        record += frame;
        std::fwrite(record.data(), 1, record.size(), m_out);
        m_written += record.size();
    }

    std::uint64_t written() const { return m_written; }

private:
    std::FILE* m_out;
    std::uint64_t m_written = 0;
    std::uint64_t m_usec = 0;
};

enum class Carrier { udp4, tcp4, udp6 };

// Both directions of one call's signalling, over the carrier chosen.
class Leg {
public:
    Leg(Writer& w, Carrier carrier, unsigned call) : m_w(w), m_carrier(carrier) {
        m_phone_port = 20000 + call % 40000;
    }

    void to_server(const Bytes& message) { send(message, true); }
    void to_phone(const Bytes& message) { send(message, false); }

private:
    void send(const Bytes& message, bool up) {
        const char* phone = "192.0.2.10";
        const char* server = "203.0.113.5";
        const unsigned src_port = up ? m_phone_port : 5060;
        const unsigned dst_port = up ? 5060 : m_phone_port;
        switch (m_carrier) {
            case Carrier::udp4:
                m_w.packet(
                    udp4(up ? phone : server, src_port, up ? server : phone, dst_port, message),
                    900);
                break;
            case Carrier::udp6:
                m_w.packet(ethernet(0x86DD, ipv6(up ? "2001:db8::10" : "2001:db8::5",
                                                 up ? "2001:db8::5" : "2001:db8::10", proto::udp,
                                                 udp(src_port, dst_port, message))),
                           900);
                break;
            case Carrier::tcp4: {
                // Messages over 600 bytes go in two segments, as a small MSS would split them.
                std::uint32_t& seq = up ? m_seq_up : m_seq_down;
                const std::size_t first = message.size() > 600 ? 600 : message.size();
                for (std::size_t at = 0; at < message.size();
                     at = at == 0 ? first : message.size()) {
                    const std::size_t n = at == 0 ? first : message.size() - first;
                    m_w.packet(tcp4(up ? phone : server, src_port, up ? server : phone, dst_port,
                                    seq, std::string_view(message).substr(at, n)),
                               300);
                    seq += static_cast<std::uint32_t>(n);
                }
                break;
            }
        }
    }

    Writer& m_w;
    Carrier m_carrier;
    unsigned m_phone_port;
    std::uint32_t m_seq_up = 1000;
    std::uint32_t m_seq_down = 5000;
};

void call(Writer& w, Rng& rng, unsigned n) {
    const std::string id = "gencap-" + std::to_string(n) + "@192.0.2.10";
    const unsigned kind = rng.below(10);
    Leg leg(w, kind < 7 ? Carrier::udp4 : kind < 9 ? Carrier::tcp4 : Carrier::udp6, n);
    unsigned cseq = 1;
    leg.to_server(sip_request("INVITE", id, cseq, k_sdp));
    if (rng.below(3) == 0) {
        leg.to_phone(sip_response(407, "Proxy Authentication Required", id, cseq, "INVITE", {},
                                  "Proxy-Authenticate: Digest realm=\"example.net\", nonce=\"" +
                                      id + "\", algorithm=MD5\r\n"));
        leg.to_server(sip_request("ACK", id, cseq));
        leg.to_server(sip_request("INVITE", id, ++cseq, k_sdp));
    }
    leg.to_phone(sip_response(100, "Trying", id, cseq, "INVITE"));
    const Final& f = weighted_pick(rng, k_finals);
    if (f.code == 200) {
        leg.to_phone(sip_response(180, "Ringing", id, cseq, "INVITE"));
        leg.to_phone(sip_response(200, "OK", id, cseq, "INVITE", k_sdp));
        leg.to_server(sip_request("ACK", id, cseq));
        // A few seconds of G.711 at 20 ms a packet, both ways.
        const unsigned packets = 100 + rng.below(200);
        Bytes rtp(12 + 160, '\x55');
        rtp[0] = '\x80';
        for (unsigned i = 0; i < packets; ++i) {
            rtp[2] = static_cast<char>(i >> 8);
            rtp[3] = static_cast<char>(i);
            w.packet(udp4("198.51.100.20", 16384, "198.51.100.30", 30000, rtp), 10000);
            w.packet(udp4("198.51.100.30", 30000, "198.51.100.20", 16384, rtp), 10000);
        }
        leg.to_server(sip_request("BYE", id, cseq + 1));
        leg.to_phone(sip_response(200, "OK", id, cseq + 1, "BYE"));
        return;
    }
    if (f.code == 487) {
        leg.to_phone(sip_response(180, "Ringing", id, cseq, "INVITE"));
        leg.to_server(sip_request("CANCEL", id, cseq));
        leg.to_phone(sip_response(200, "OK", id, cseq, "CANCEL"));
    }
    leg.to_phone(
        sip_response(f.code, f.reason, id, cseq, "INVITE", {},
                     f.code == 486 ? "Reason: Q.850;cause=17;text=\"User busy\"\r\n" : ""));
    leg.to_server(sip_request("ACK", id, cseq));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: sipwhy_gencap SIZE [SEED] > capture.pcap\n");
        return 2;
    }
    const std::uint64_t size = parse_size(argv[1]);
    Rng rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1);
    Writer w(stdout);
    for (unsigned n = 1; w.written() < size; ++n) {
        call(w, rng, n);
    }
    return std::fflush(stdout) == 0 ? 0 : 1;
}
