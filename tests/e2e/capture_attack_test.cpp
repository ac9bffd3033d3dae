// Captures built to mislead, through the real binary: lengths that would swallow a stream, times
// out of range, HTTP dressed as SIP, gzip inside gzip, pcapng interfaces that differ.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace sipwhy::e2e {
namespace {

using namespace packets;

// The segments of one TCP direction carrying `payloads` one after another.
std::vector<Frame> tcp_stream(const std::vector<Bytes>& payloads) {
    std::vector<Frame> frames;
    std::uint32_t seq = 1000;
    frames.push_back({tcp4("203.0.113.5", 5060, "192.0.2.10", 5062, seq - 1, "", tcp_flag::syn)});
    for (const Bytes& p : payloads) {
        frames.push_back({tcp4("203.0.113.5", 5060, "192.0.2.10", 5062, seq, p)});
        seq += static_cast<std::uint32_t>(p.size());
    }
    return frames;
}

TEST(CaptureAttack, AHugeContentLengthDoesNotSwallowTheStream) {
    for (const char* length : {"99999999", "18446744073709551615"}) {
        Bytes liar =
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 192.0.2.10\r\nCall-ID: liar\r\n"
            "CSeq: 1 INVITE\r\nContent-Length: " +
            std::string(length) + "\r\n\r\n";
        Bytes rest;
        for (int i = 0; i < 1000; ++i) {
            rest += sip_response(486, "Busy Here", "c" + std::to_string(i), 1, "INVITE");
        }
        std::vector<Bytes> segments = {liar};
        for (std::size_t at = 0; at < rest.size(); at += 1400) {
            segments.push_back(rest.substr(at, 1400));
        }
        const std::string path = temp_file("liar.pcap", pcap(link::ethernet, tcp_stream(segments)));
        const auto r = sipwhy({"-c", path});
        EXPECT_EQ(r.status, 0) << length;
        EXPECT_EQ(r.err, "") << length;
        EXPECT_EQ(r.out, "1001\n") << length;
    }
}

// A capture of one 486 sent again at each time (seconds, microseconds).
std::string busy_at(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& times) {
    const Bytes busy = udp4("203.0.113.5", 5060, "192.0.2.10", 5062,
                            sip_response(486, "Busy Here", "a", 1, "INVITE"));
    std::vector<Frame> frames;
    for (const auto& [seconds, fraction] : times) {
        frames.push_back({busy, seconds, fraction});
    }
    return temp_file("times.pcap", pcap(link::ethernet, frames));
}

TEST(CaptureAttack, AFractionOfASecondOrMoreCarries) {
    // Microseconds of 1,500,000 and 1,000,000: a second and a half, and a whole second.
    const std::string path = busy_at({{1700000000, 1500000}, {2147483647, 1000000}});
    const auto r = sipwhy({path});
    EXPECT_EQ(r, (Outcome{0,
                          path +
                              ":1: 2023-11-14T22:13:21.500000Z udp 203.0.113.5:5060 -> "
                              "192.0.2.10:5062 486 Busy Here - busy (INVITE, call a)\n" +
                              path +
                              ":2: 2038-01-19T03:14:08.000000Z udp 203.0.113.5:5060 -> "
                              "192.0.2.10:5062 486 Busy Here - busy (INVITE, call a)\n",
                          ""}));
}

// --debug names the frames whose time had to be carried.
TEST(CaptureAttack, DebugFlagsTheFramesWhoseTimeCarried) {
    const std::string path = busy_at({{1700000000, 250000}, {1700000000, 1500000}});
    const auto r = sipwhy({"--debug", "-c", path});
    EXPECT_EQ(r.out, "2\n");
    EXPECT_EQ(r.err, "sipwhy: " + path +
                         ": frame 2: its fraction of a second was a second or more, carried into "
                         "the seconds\n");
}

TEST(CaptureAttack, HttpBehindASipStartLineIsNotSip) {
    // An IDS evasion test: a web server answering with a SIP status line and HTTP headers.
    const Bytes http =
        "SIP/2.0 200 ok\r\nServer: nginx\r\nContent-Type: text/html\r\nContent-Length: 13\r\n"
        "\r\n<html></html>";
    const Bytes compact = "SIP/2.0 486 Busy Here\r\nv: SIP/2.0/TCP 192.0.2.10\r\ni: b\r\n\r\n";
    const std::string path =
        temp_file("http.pcap", pcap(link::ethernet, tcp_stream({http, compact})));
    const auto r = sipwhy({path});
    EXPECT_EQ(r, (Outcome{0,
                          path + ":3: 2023-11-14T22:13:20.000000Z tcp 203.0.113.5:5060 -> "
                                 "192.0.2.10:5062 486 Busy Here - busy (call b)\n",
                          ""}));
}

TEST(CaptureAttack, PcapngInterfacesMayDifferInSnapshotLength) {
    const Bytes busy = udp4("203.0.113.5", 5060, "192.0.2.10", 5062,
                            sip_response(486, "Busy Here", "a", 1, "INVITE"));
    const Bytes decline = udp4("203.0.113.5", 5060, "192.0.2.10", 5062,
                               sip_response(603, "Decline", "b", 1, "INVITE"));
    const std::string path =
        temp_file("snaplen.pcapng",
                  pcapng({{link::ethernet, 262144}, {link::ethernet, 65535}}, {{busy}, {decline}}));
    const auto r = sipwhy({"-c", path});
    EXPECT_EQ(r, (Outcome{0, "2\n", ""}));
    // From a pipe and through gzip, the same.
    const auto piped = sipwhy(Invocation{.args = {"-c"}, .input = gzip(read_file(path))});
    EXPECT_EQ(piped.out, "2\n");
}

TEST(CaptureAttack, PcapngInterfacesOfDifferentLinkTypesAreUnsupported) {
    const Bytes busy = udp4("203.0.113.5", 5060, "192.0.2.10", 5062,
                            sip_response(486, "Busy Here", "a", 1, "INVITE"));
    const std::string path = temp_file(
        "links.pcapng", pcapng({{link::ethernet, 262144}, {link::raw, 262144}}, {{busy}}));
    const auto r = sipwhy({"-c", path});
    EXPECT_EQ(r,
              (Outcome{2, "0\n",
                       "sipwhy: error: " + path +
                           ": unsupported capture (an interface has a type 101 different from the "
                           "type of the first interface)\n"}));
}

TEST(CaptureAttack, GzipInsideGzipIsReadThrough) {
    const std::string log = "SIP/2.0 486 Busy Here\n";
    const auto twice = sipwhy(Invocation{.input = gzip(gzip(log))});
    EXPECT_EQ(twice, (Outcome{0, "(standard input):1: 486 Busy Here - busy\n", ""}));
    const std::string capture =
        pcap(link::ethernet, {{udp4("203.0.113.5", 5060, "192.0.2.10", 5062,
                                    sip_response(486, "Busy Here", "a", 1, "INVITE"))}});
    const std::string path = temp_file("twice.pcap.gz.gz", gzip(gzip(capture)));
    const auto pcap_twice = sipwhy({"-c", path});
    EXPECT_EQ(status_out(pcap_twice), (StatusText{0, "1\n"}));
    const auto four = sipwhy(Invocation{.args = {"-c"}, .input = gzip(gzip(gzip(gzip(capture))))});
    EXPECT_EQ(four.out, "1\n");
    const auto five = sipwhy(Invocation{.input = gzip(gzip(gzip(gzip(gzip(log)))))});
    EXPECT_EQ(
        five,
        (Outcome{2, "", "sipwhy: error: (standard input): gzip inside gzip more than 4 deep\n"}));
}

// A HEP3 packet as packets::hep3 builds it, but with `message` compressed with zlib in a chunk of
// type 16, as HOMER's agents send it when told to compress.
Bytes hep3_compressed(std::string_view message) {
    uLongf size = compressBound(static_cast<uLong>(message.size()));
    Bytes packed(size, '\0');
    compress(reinterpret_cast<Bytef*>(packed.data()), &size,
             reinterpret_cast<const Bytef*>(message.data()), static_cast<uLong>(message.size()));
    packed.resize(size);
    Bytes hep = hep3("10.1.1.2", 5060, "10.1.1.1", 5070, "");
    hep.resize(hep.size() - 6);  // the empty payload chunk
    put16(hep, 0);
    put16(hep, 16);
    put16(hep, static_cast<unsigned>(6 + packed.size()));
    hep += packed;
    hep[4] = static_cast<char>(hep.size() >> 8);
    hep[5] = static_cast<char>(hep.size() & 0xFF);
    return hep;
}

TEST(CaptureAttack, CompressedHepPayloadsAreInflated) {
    const Bytes hep = hep3_compressed(sip_response(486, "Busy Here", "h", 1, "INVITE"));
    const Bytes bomb = hep3_compressed(
        sip_response(603, "Decline", "big", 1, "INVITE", std::string(1 << 20, 'x')));
    const std::string path = temp_file(
        "hep.pcap", pcap(link::ethernet, {{udp4("192.0.2.50", 40000, "192.0.2.60", 9060, hep)},
                                          {udp4("192.0.2.50", 40000, "192.0.2.60", 9060, bomb)}}));
    const auto r = sipwhy({path});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    // The second inflates to more than a message may hold: it is skipped.
    EXPECT_EQ(r.out, path +
                         ":1: 2023-11-14T22:13:20.000000Z udp 10.1.1.2:5060 -> 10.1.1.1:5070 "
                         "486 Busy Here - busy (INVITE, call h)\n");
}

// The IPv4 fragment of a UDP datagram's bytes [from, to) at `offset` bytes (a multiple of 8).
Bytes fragment4(const Bytes& datagram, std::size_t from, std::size_t to, bool more, unsigned id) {
    return ethernet(
        0x0800, ipv4("203.0.113.5", "192.0.2.10", proto::udp, datagram.substr(from, to - from), id,
                     (more ? 0x2000u : 0u) | static_cast<unsigned>(from / 8)));
}

TEST(CaptureAttack, OverlappingFragmentsEndTheirDatagram) {
    const Bytes datagram = udp(5060, 5062, sip_response(486, "Busy Here", "f", 1, "INVITE"));
    ASSERT_GT(datagram.size(), 200u);
    const std::string path = temp_file(
        "fragments.pcap",
        pcap(link::ethernet,
             {// Datagram 1: its first fragment sent twice, then the rest: reassembled.
              {fragment4(datagram, 0, 104, true, 1)},
              {fragment4(datagram, 0, 104, true, 1)},
              {fragment4(datagram, 104, datagram.size(), false, 1)},
              // Datagram 2: a second fragment overlapping the first (an evasion): dropped.
              {fragment4(datagram, 0, 104, true, 2)},
              {fragment4(datagram, 96, datagram.size(), false, 2)}}));
    const auto r = sipwhy({path});
    EXPECT_EQ(r, (Outcome{0,
                          path + ":3: 2023-11-14T22:13:20.000000Z udp 203.0.113.5:5060 -> "
                                 "192.0.2.10:5062 486 Busy Here - busy (INVITE, call f)\n",
                          ""}));
}

}  // namespace
}  // namespace sipwhy::e2e
