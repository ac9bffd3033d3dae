// Reading packet captures through the real binary: captures written here from generated packets,
// in every mode, from files, pipes and gzip, and damaged ones.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace sipwhy::e2e {
namespace {

using namespace packets;

const std::string k_time = "2023-11-14T22:13:20.000000Z";

Bytes from_server(const Bytes& payload) {
    return udp4("203.0.113.5", 5060, "192.0.2.10", 5062, payload);
}

Bytes from_phone(const Bytes& payload) {
    return udp4("192.0.2.10", 5062, "203.0.113.5", 5060, payload);
}

// A call: INVITE, a 407 challenge and its ACK, the INVITE again, 100 Trying, 486 Busy Here with a
// Reason header, and its ACK.
std::vector<Frame> busy_call() {
    const std::string id = "a84b4c76e66710";
    return {
        {from_phone(sip_request("INVITE", id, 1)), 1700000000, 0},
        {from_server(sip_response(407, "Proxy Authentication Required", id, 1, "INVITE")),
         1700000000, 20000},
        {from_phone(sip_request("ACK", id, 1)), 1700000000, 30000},
        {from_phone(sip_request("INVITE", id, 2)), 1700000000, 40000},
        {from_server(sip_response(100, "Trying", id, 2, "INVITE")), 1700000000, 50000},
        {from_server(sip_response(486, "Busy Here", id, 2, "INVITE", {},
                                  "Reason: Q.850;cause=17;text=\"User busy\"\r\n")),
         1700000003, 250000},
        {from_phone(sip_request("ACK", id, 2)), 1700000003, 260000},
    };
}

std::string busy_pcap() {
    return temp_file("call.pcap", pcap(link::ethernet, busy_call()));
}

TEST(Capture, OneLinePerResponseWithTimeAndAddresses) {
    const std::string path = busy_pcap();
    const auto r = sipwhy({path});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    EXPECT_EQ(
        r.out,
        path +
            ":2: 2023-11-14T22:13:20.020000Z udp 203.0.113.5:5060 -> 192.0.2.10:5062 "
            "407 Proxy Authentication Required - authentication (INVITE, call a84b4c76e66710)\n"
            // The fixture's 407 has no challenge: a finding says so.
            "  ! The 407 carries no Proxy-Authenticate header, which RFC 3261 requires: the client "
            "has no challenge to answer. [RFC 3261 §21.4.2, §21.4.8]\n" +
            path +
            ":5: 2023-11-14T22:13:20.050000Z udp 203.0.113.5:5060 -> 192.0.2.10:5062 "
            "100 Trying - progress (INVITE, call a84b4c76e66710)\n" +
            path +
            ":6: 2023-11-14T22:13:23.250000Z udp 203.0.113.5:5060 -> 192.0.2.10:5062 "
            "486 Busy Here - busy (INVITE, call a84b4c76e66710)\n");
}

TEST(Capture, JsonCarriesThePacket) {
    const auto r = sipwhy({"--json", "--failures", busy_pcap()});
    EXPECT_EQ(r.status, 0);
    const auto lines = json_lines(r.out);
    ASSERT_EQ(lines.size(), 2u);
    const auto& busy = lines[1];
    EXPECT_TRUE(busy["line"].is_null());
    const std::vector<std::pair<std::string, nlohmann::json>> fields = {
        {"frame", 6},
        {"time", "2023-11-14T22:13:23.250000Z"},
        {"src", "203.0.113.5:5060"},
        {"dst", "192.0.2.10:5062"},
        {"transport", "udp"},
        {"code", 486},
        {"category", "busy"},
        {"call_id", "a84b4c76e66710"},
        {"cseq", 2},
        {"from", "alice"},
        {"to", "bob"},
    };
    for (const auto& [key, value] : fields) {
        EXPECT_EQ(busy[key], value) << key;
    }
    EXPECT_EQ(busy["reasons"][0]["cause"], 17);
    EXPECT_EQ(busy["framing"], "packet");
}

TEST(Capture, CallsSummaryAndCount) {
    const std::string path = busy_pcap();
    const auto calls = sipwhy({"--calls", path});
    EXPECT_EQ(calls.status, 0);
    EXPECT_EQ(
        calls.out,
        path + ":1: " + k_time +
            " call a84b4c76e66710: busy - 486 Busy Here (INVITE alice -> bob, after 1 challenge)\n"
            "  Reason: Q.850 cause 17 (User busy) \"User busy\"\n"
            "  endpoints: 192.0.2.10:5062 -> 203.0.113.5:5060\n"
            "  timing: final answer after 3.2 s\n");
    const auto csv = sipwhy({"--calls", "--csv", path});
    EXPECT_EQ(csv.out,
              "call_id,source,line,method,verdict,code,reason,category,from,to,challenges,"
              "reason_protocol,reason_cause,contradiction,no_ack,frame,time,caller_address,"
              "callee_address,pdd_ms,setup_ms,ring_ms,duration_ms,disconnect_ms,register_ms\n"
              "a84b4c76e66710," +
                  path + ",,INVITE,busy,486,Busy Here,busy,alice,bob,1,Q.850,17,,false,1," +
                  k_time + ",192.0.2.10:5062,203.0.113.5:5060,,3250,,,,\n");
    const auto json = json_lines(sipwhy({"--calls", "--json", path}).out);
    ASSERT_EQ(json.size(), 1u);
    EXPECT_TRUE(json[0]["line"].is_null());
    EXPECT_EQ(json[0]["frame"], 1);
    EXPECT_EQ(json[0]["time"], k_time);
    EXPECT_EQ(json[0]["verdict"], "busy");
    const auto summary = json_lines(sipwhy({"--summary", "--json", path}).out);
    ASSERT_EQ(summary.size(), 1u);
    EXPECT_EQ(summary[0]["total"], 3);
    EXPECT_EQ(summary[0]["by_class"]["4xx"], 2);
    EXPECT_EQ(sipwhy({"-c", "--code", "486", path}).out, "1\n");
}

TEST(Capture, ExitStatusesLikeGrep) {
    const std::string path = busy_pcap();
    const auto quiet = sipwhy({"-q", "--category", "busy", path});
    EXPECT_EQ(status_out(quiet), (StatusText{0, ""}));
    const auto none = sipwhy({"--code", "503", path});
    EXPECT_EQ(status_out(none), (StatusText{1, ""}));
    const std::string empty = temp_file("empty.pcap", pcap(link::ethernet, {}));
    const auto nothing = sipwhy({empty});
    EXPECT_EQ(status_err(nothing), (StatusText{1, ""}));
}

TEST(Capture, FromStdinGzipPcapngAndNanoseconds) {
    const Bytes frames = pcap(link::ethernet, busy_call());
    const std::string expected =
        "(standard input):6: 2023-11-14T22:13:23.250000Z udp 203.0.113.5:5060 -> "
        "192.0.2.10:5062 486 Busy Here - busy (INVITE, call a84b4c76e66710)\n";
    EXPECT_EQ(sipwhy(Invocation{.args = {"--code", "486"}, .input = frames}).out, expected);
    EXPECT_EQ(sipwhy(Invocation{.args = {"--code", "486", "-"}, .input = gzip(frames)}).out,
              expected);
    EXPECT_EQ(
        sipwhy(Invocation{.args = {"--code", "486"}, .input = pcapng(link::ethernet, busy_call())})
            .out,
        expected);
    const std::string gz = temp_file("call.pcap.gz", gzip(frames));
    EXPECT_EQ(sipwhy({"-c", gz}).out, "3\n");

    std::vector<Frame> ns = {
        {from_server(sip_response(503, "Service Unavailable", "n1", 1, "INVITE")), 1700000000,
         123456789}};
    EXPECT_EQ(
        sipwhy(Invocation{.input = pcap(link::ethernet, ns, true)}).out,
        "(standard input):1: 2023-11-14T22:13:20.123456Z udp 203.0.113.5:5060 -> 192.0.2.10:5062 "
        "503 Service Unavailable - capacity (INVITE, call n1)\n");
}

TEST(Capture, LinkTypesInFiles) {
    const Bytes ip = ipv4("203.0.113.5", "192.0.2.10", proto::udp,
                          udp(5060, 5062, sip_response(486, "Busy Here", "l1", 1, "INVITE")));
    Bytes loopback;
    put32le(loopback, 2);
    const std::vector<std::pair<unsigned, Bytes>> cases = {
        {link::ethernet, ethernet(0x0800, ip, {42})},
        {link::linux_sll, linux_sll(0x0800, ip)},
        {link::linux_sll2, linux_sll2(0x0800, ip)},
        {link::raw, ip},
        {link::null, loopback + ip},
    };
    for (const auto& [type, frame] : cases) {
        const auto r = sipwhy(Invocation{.args = {"-c"}, .input = pcap(type, {{frame}})});
        EXPECT_EQ(r.out, "1\n") << "link type " << type;
        EXPECT_EQ(r.status, 0);
    }
}

TEST(Capture, LogsAndCapturesInOneRun) {
    const std::string log = temp_file("a.log", "SIP/2.0 603 Decline\n");
    const std::string cap = temp_file("b.pcap", pcap(link::ethernet, busy_call()));
    const auto r = sipwhy({"-c", log, cap});
    EXPECT_EQ(r.out, log + ":1\n" + cap + ":3\n");
}

TEST(Capture, TruncatedCaptureKeepsWhatCameBefore) {
    // The last frame, the final ACK, loses its last 30 bytes; the three responses were before.
    const Bytes whole = pcap(link::ethernet, busy_call());
    const std::string path = temp_file("cut.pcap", whole.substr(0, whole.size() - 30));
    const std::size_t last = busy_call().back().bytes.size();
    const auto r = sipwhy({"-c", path});
    EXPECT_EQ(r, (Outcome{2, "3\n",
                          "sipwhy: error: " + path +
                              ": truncated capture (truncated dump file; tried to read " +
                              std::to_string(last) + " captured bytes, only got " +
                              std::to_string(last - 30) + ")\n"}));
}

TEST(Capture, DamagedAndUnsupportedCaptures) {
    const Bytes good = pcap(link::ethernet, busy_call());
    Bytes bad_version = good;
    bad_version[4] = 9;
    const std::string version = temp_file("version.pcap", bad_version);
    const auto v = sipwhy({version});
    EXPECT_EQ(status_err(v),
              (StatusText{2, "sipwhy: error: " + version +
                                 ": corrupt capture (unsupported pcap savefile version 9.4)\n"}));

    const std::string wifi = temp_file("wifi.pcap", pcap(link::ieee802_11, {{Bytes(40, '\0')}}));
    const auto w = sipwhy({wifi});
    EXPECT_EQ(status_err(w),
              (StatusText{2, "sipwhy: error: " + wifi +
                                 ": link type 105 (IEEE802_11) is not supported\n"}));

    const std::string header_only = temp_file("short.pcap", good.substr(0, 10));
    const auto h = sipwhy({header_only});
    EXPECT_EQ(h.status, 2);
    EXPECT_EQ(h.err.rfind("sipwhy: error: " + header_only + ": truncated capture (", 0), 0u)
        << h.err;
}

TEST(Capture, LineBufferedFromALiveCapture) {
    // tcpdump -w - | sipwhy --line-buffered: each finding comes out while the capture goes on.
    const auto r = sipwhy(Invocation{.args = {"--line-buffered", "--code", "486"},
                                     .input = pcap(link::ethernet, busy_call()),
                                     .hold_stdin = true});
    EXPECT_TRUE(r.output_before_eof);
    EXPECT_EQ(r.out.substr(0, 19), "(standard input):6:");
}

// libpcap is loaded only for a capture: without it a log is still read, and a capture is one
// clear error line naming the package.
TEST(Capture, AMissingLibpcapIsOneClearErrorAndLogsStillRead) {
    const std::vector<std::pair<std::string, std::string>> missing = {
        {"SIPWHY_LIBPCAP", "/nonexistent/libpcap.so.0.8"}};
    const std::string log = temp_file("plain.log", "SIP/2.0 486 Busy Here\n");
    const auto read_log = sipwhy({.args = {log}, .env = missing});
    EXPECT_EQ(status_out(read_log), (StatusText{0, log + ":1: 486 Busy Here - busy\n"}));
    EXPECT_EQ(sipwhy({.args = {"486"}, .env = missing}).status, 0);
    const auto r = sipwhy({.args = {busy_pcap()}, .env = missing});
    EXPECT_EQ(
        r, (Outcome{2, "",
                    "sipwhy: error: reading captures needs libpcap, which could not be loaded "
                    "(/nonexistent/libpcap.so.0.8: cannot open shared object file: No such file or "
                    "directory): install it (Debian: apt-get install libpcap0.8)\n"}));
}

TEST(Capture, BrokenPipeEndsQuietly) {
    std::vector<Frame> frames;
    for (int i = 0; i < 20000; ++i) {
        frames.push_back(
            {from_server(sip_response(486, "Busy Here", "c" + std::to_string(i), 1, "INVITE"))});
    }
    const auto r = sipwhy(Invocation{.input = pcap(link::ethernet, frames), .read_limit = 100});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
}

// Responses per code in each capture of the shared corpus, as `tshark -r F -Y sip.Status-Code -T
// fields -e sip.Status-Code` counts them (bench/compare-tshark.sh), except where noted; a capture
// not listed has none. docs/captures.md explains each difference.
const std::map<std::string, std::string> k_corpus_counts = {
    {"arkime-gtp-iphone.pcap", "100:1 180:1 200:4 202:1 401:1 405:1"},
    {"callflow-register.pcap", "200:2"},
    {"heplify-FAX-Call-t38-CA-TDM-SIP-FB-1.pcap", "100:16 180:4 200:24 488:4"},
    {"heplify-erspan_sip_ipv4_udp.pcapng", "100:14 180:6 200:30 202:8 401:1 407:4 481:8 488:2"},
    {"heplify-rtp_rtcp_sip_ipv4_udp.pcap", "100:2 180:2 200:4"},
    {"heplify-sip_ipv4_tcp.pcap", "100:1 180:1 200:2"},
    // tshark: none, as it takes TCP port 6060 for X11; with `-d tcp.port==6060,sip` it agrees.
    {"heplify-sip_ipv4_tcp_fragmented.pcap", "100:36 180:33 182:2 183:6 200:142 403:1 486:1 487:2"},
    {"heplify-sip_ipv4_tcp_retrans.pcap", "200:2 401:2"},
    {"heplify-sip_ipv6_udp.pcap", "100:1 200:2"},
    {"heplify-sip_sctp.pcap", "100:1 403:1"},
    {"heplify-sip_tcp_websocket.pcap", "100:4 180:2 183:8 200:9 407:1"},
    // tshark: 401:10 403:2; it skips frames 108 and 348, whose phrases hold a NUL byte.
    {"ndpi-fuzz-2006-06-26-2594.pcap", "100:3 183:1 200:3 401:11 403:3 407:3 408:1 480:1"},
    {"ndpi-gre.pcapng", "100:1"},
    {"ndpi-sip.pcap", "100:7 183:1 200:3 401:14 403:3 407:3 408:2 480:1"},
    {"ndpi-sip_hello.pcapng", "200:2 401:2"},
    {"sngrep-aaa.pcap", "100:7 183:1 200:3 401:14 403:3 407:3 408:2 480:1"},
    {"sngrep-ipip.pcap", "183:1 200:1"},
    {"sngrep-ipv6frag.pcap", "100:1 183:4 200:13"},
    {"suricata-verify-sip-body-frames_public-cloudshark-sip-s0.pcap", "100:2 180:2 200:2"},
    {"suricata-verify-sip-body-large_sip-body-large.pcap", "100:1"},
    {"suricata-verify-sip-options-method_input.pcap", "200:1"},
    {"suricata-verify-sip-pattern-matching_sip.pcap", "401:1"},
    {"suricata-verify-sip-sdp_sdp.pcap", "200:1"},
    {"suricata-verify-sip-tcp-method_sip-tcp.pcap", "200:1"},
    {"suricata-verify-sip-tcp-pattern-matching_sip.pcap", "401:1"},
    {"zeek-invalid-content-length.pcap", "200:1"},
    {"zeek-sip-long-request-response-paths.pcap", "200:1"},
    {"zeek-wireshark.pcap", "100:7 183:1 200:3 401:14 403:3 407:3 408:2 480:1"},
};

TEST(Capture, SharedCorpusCountsPerCode) {
    const std::string dir = std::string(SIPWHY_SHARED_DIR) + "/corpus/pcap";
    if (!std::filesystem::is_directory(dir)) {
        GTEST_SKIP() << "no corpus at " << dir << ": skipping the capture corpus check";
    }
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        ++files;
        const auto r = sipwhy({"--json", entry.path().string()});
        EXPECT_EQ(r.err, "") << name;
        std::map<int, int> by_code;
        int malformed = 0;
        for (const auto& j : json_lines(r.out)) {
            if (j.contains("code")) {
                ++by_code[j["code"].get<int>()];
            } else {
                EXPECT_EQ(j["malformed"], true) << name;
                ++malformed;
            }
        }
        // The fuzzed capture's frame 274 says "SIP/2.0 40  Request Timeout".
        EXPECT_EQ(malformed, name == "ndpi-fuzz-2006-06-26-2594.pcap" ? 1 : 0) << name;
        std::string counts;
        for (const auto& [code, n] : by_code) {
            counts += (counts.empty() ? "" : " ") + std::to_string(code) + ":" + std::to_string(n);
        }
        const auto expected = k_corpus_counts.find(name);
        EXPECT_EQ(counts, expected == k_corpus_counts.end() ? "" : expected->second) << name;
        EXPECT_EQ(r.status, counts.empty() ? 1 : 0) << name;
    }
    EXPECT_EQ(files, 34);
}

}  // namespace
}  // namespace sipwhy::e2e
