// Writes the seed inputs of fuzz_capture into the directory given: captures of each kind the
// scanner decodes, in the harness's frame format (a link-type index, a 2-byte length, the bytes).
#include "packets.hpp"

#include <fstream>
#include <string>

using namespace sipwhy::packets;

namespace {

std::string g_dir;

struct Seq {
    Bytes out;
    void add(unsigned link, const Bytes& b) {
        put8(out, link);
        put16le(out, static_cast<unsigned>(b.size()));
        out += b;
    }
};
void save(const char* name, const Seq& s) {
    std::ofstream(g_dir + "/" + name, std::ios::binary) << s.out;
}

}  // namespace
int main(int argc, char** argv) {
    if (argc != 2) {
        return 2;
    }
    g_dir = argv[1];
    const Bytes busy =
        sip_response(486, "Busy Here", "c1", 1, "INVITE", {}, "Reason: Q.850;cause=17\r\n");
    const Bytes ok =
        sip_response(200, "OK", "c1", 2, "INVITE", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
    {
        Seq s;
        s.add(0, udp4("192.0.2.1", 5060, "192.0.2.2", 5060, sip_request("INVITE", "c1", 1)));
        s.add(0, udp4("192.0.2.2", 5060, "192.0.2.1", 5060, busy));
        s.add(0, udp4("192.0.2.1", 5060, "192.0.2.2", 5060, sip_request("ACK", "c1", 1)));
        s.add(0, udp4("192.0.2.2", 5060, "192.0.2.1", 5060, "SIP/2.0 4294967301 Foo\r\n\r\n"));
        save("udp", s);
    }
    {
        Seq s;
        const Bytes st = busy + ok;
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, 99, "", tcp_flag::syn));
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, 100 + 60, st.substr(60, 100)));
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, 100, st.substr(0, 60)));
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, 100, st.substr(0, 60)));
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, 260, st.substr(160)));
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, 100 + st.size(), "", tcp_flag::fin));
        save("tcp", s);
    }
    {
        Seq s;
        const Bytes up = "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n";
        s.add(1, linux_sll(0x0800, ipv4("192.0.2.1", "192.0.2.2", proto::tcp,
                                        tcp(40000, 8080, 1, 0x18, up))));
        s.add(1, linux_sll(0x0800, ipv4("192.0.2.1", "192.0.2.2", proto::tcp,
                                        tcp(40000, 8080, 1 + up.size(), 0x18,
                                            websocket(sip_request("INVITE", "w1", 1), true)))));
        s.add(1, linux_sll(0x0800, ipv4("192.0.2.2", "192.0.2.1", proto::tcp,
                                        tcp(8080, 40000, 1, 0x18,
                                            websocket(busy.substr(0, 50), false, 1, false) +
                                                websocket(busy.substr(50), false, 0, true)))));
        save("websocket", s);
    }
    {
        Seq s;
        s.add(2, linux_sll2(0x0800, ipv4("192.0.2.2", "192.0.2.1", proto::sctp,
                                         sctp(5060, 5060,
                                              sctp_data(busy) +
                                                  sctp_data(ok.substr(0, 40), true, false, 2)))));
        s.add(2,
              linux_sll2(0x0800, ipv4("192.0.2.2", "192.0.2.1", proto::sctp,
                                      sctp(5060, 5060, sctp_data(ok.substr(40), false, true, 2)))));
        save("sctp", s);
    }
    {
        Seq s;
        const Bytes d = udp(5060, 5060, ok + Bytes(200, 'a'));
        s.add(3, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(0, 160), 7, 0x2000));
        s.add(3, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(160), 7, 20));
        s.add(6, ipv6("2001:db8::2", "2001:db8::1", proto::fragment,
                      ipv6_fragment(proto::udp, 0, true, 5, d.substr(0, 160))));
        s.add(6, ipv6("2001:db8::2", "2001:db8::1", proto::fragment,
                      ipv6_fragment(proto::udp, 160, false, 5, d.substr(160))));
        save("fragments", s);
    }
    {
        Seq s;
        const Bytes inner = ipv4("10.0.0.2", "10.0.0.1", proto::udp, udp(5060, 5060, busy));
        auto outer = [](unsigned p, const Bytes& b) {
            return ethernet(0x0800, ipv4("198.51.100.1", "198.51.100.2", p, b), {7});
        };
        s.add(0, outer(proto::ipip, inner));
        s.add(0, outer(proto::gre, erspan2(ethernet(0x0800, inner))));
        s.add(0, outer(proto::udp, udp(2152, 2152, gtp_u(inner))));
        Bytes vx;
        put32(vx, 0x08000000);
        put32(vx, 0x100);
        s.add(0, outer(proto::udp, udp(1234, 4789, vx + ethernet(0x0800, inner))));
        Bytes lo;
        put32le(lo, 2);
        s.add(4, lo + inner);
        s.add(0, udp4("192.0.2.50", 40000, "192.0.2.60", 9060,
                      hep3("10.1.1.2", 5060, "10.1.1.1", 5070, busy, proto::tcp)));
        save("tunnels", s);
    }
    {
        // What once misled the scanner: a Content-Length no message has, HTTP behind a SIP start
        // line, overlapping and repeated IP fragments.
        Seq s;
        const Bytes liar =
            "SIP/2.0 200 OK\r\nCall-ID: liar\r\nCSeq: 1 INVITE\r\nContent-Length: 99999999\r\n\r\n";
        const Bytes http = "SIP/2.0 200 ok\r\nServer: nginx\r\nContent-Length: 4\r\n\r\nbody";
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, 99, "", tcp_flag::syn));
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000, 100, liar + busy));
        s.add(0, tcp4("192.0.2.2", 5060, "192.0.2.1", 40000,
                      static_cast<std::uint32_t>(100 + liar.size() + busy.size()), http + ok));
        const Bytes d = udp(5060, 5060, ok + Bytes(200, 'a'));
        s.add(3, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(0, 160), 8, 0x2000));
        s.add(3, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(0, 160), 8, 0x2000));
        s.add(3, ipv4("192.0.2.2", "192.0.2.1", proto::udp, d.substr(152), 8, 19));
        save("misleading", s);
    }
}
