// The framing lines that name a message's addresses: both ends, or the far end alone as
// Asterisk (chan_sip.c, res_pjsip_logger.c), FreeSWITCH (sofia-sip's tport logging), PJSIP
// (sip_transport.c's message logging) and belle-sip (its channel's) write it.
#include "logs/peer_line.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sipwhy::detail {
namespace {

// "src SRC | dst DST" for what `line` names (a side it leaves out empty), or "none".
std::string peers(std::string_view line) {
    std::string src = "old src";
    std::string dst = "old dst";
    if (!peer_line(line, src, dst)) {
        return src == "old src" && dst == "old dst" ? "none" : "none, but written";
    }
    if (!may_name_peers(line)) {
        return "named, but may_name_peers would skip it";
    }
    return "src " + src + " | dst " + dst;
}

TEST(PeerLine, BothEnds) {
    EXPECT_EQ(peers("2026/11/21 12:20:00.100000 192.0.2.60:5060 -> 198.51.100.3:5060"),
              "src 192.0.2.60:5060 | dst 198.51.100.3:5060");
    EXPECT_EQ(peers("U 2026/11/21 12:20:00.1 [2001:db8::1]:5060 -> 198.51.100.3:5060\r"),
              "src [2001:db8::1]:5060 | dst 198.51.100.3:5060");
}

TEST(PeerLine, TheFarEndThatAsteriskNames) {
    EXPECT_EQ(peers("<--- SIP read from UDP:203.0.113.5:5060 --->"), "src 203.0.113.5:5060 | dst ");
    EXPECT_EQ(peers("<--- SIP read from WS:[2001:db8::1]:8088 --->"),
              "src [2001:db8::1]:8088 | dst ");
    EXPECT_EQ(peers("<--- Received SIP response (523 bytes) from UDP:203.0.113.5:5060 --->"),
              "src 203.0.113.5:5060 | dst ");
    EXPECT_EQ(peers("<--- Received SIP request (1053 bytes) from TCP:203.0.113.5:5060 --->"),
              "src 203.0.113.5:5060 | dst ");
    EXPECT_EQ(peers("<--- Transmitting SIP response (542 bytes) to UDP:203.0.113.5:5060 --->"),
              "src  | dst 203.0.113.5:5060");
    EXPECT_EQ(peers("<--- Transmitting SIP request (612 bytes) to TLS:[2001:db8::1]:5061 --->"),
              "src  | dst [2001:db8::1]:5061");
    EXPECT_EQ(peers("<--- Transmitting SIP request (612 bytes) to UDP6:[2001:db8::1]:5060 --->"),
              "src  | dst [2001:db8::1]:5060");
    // chan_sip's responses, and its requests and retransmissions without the arrows.
    EXPECT_EQ(peers("<--- Transmitting (no NAT) to 203.0.113.5:5060 --->"),
              "src  | dst 203.0.113.5:5060");
    EXPECT_EQ(peers("<--- Reliably Transmitting (NAT) to [2001:db8::1]:5060 --->"),
              "src  | dst [2001:db8::1]:5060");
    EXPECT_EQ(peers("Reliably Transmitting (no NAT) to 203.0.113.5:5060:"),
              "src  | dst 203.0.113.5:5060");
    EXPECT_EQ(peers("Transmitting (NAT) to 203.0.113.5:5060:"), "src  | dst 203.0.113.5:5060");
    EXPECT_EQ(peers("Retransmitting #3 (NAT) to 203.0.113.5:5060:"), "src  | dst 203.0.113.5:5060");
    // After the log prefix of Asterisk's full log.
    EXPECT_EQ(peers("[Nov 20 10:00:01] VERBOSE[1234][C-00000001] res_pjsip_logger.c: <--- "
                    "Received SIP response (523 bytes) from UDP:203.0.113.5:5060 --->\r"),
              "src 203.0.113.5:5060 | dst ");
    EXPECT_EQ(peers("[Nov 20 10:00:01] VERBOSE[1234] chan_sip.c: <--- SIP read from "
                    "UDP:203.0.113.5:5060 --->"),
              "src 203.0.113.5:5060 | dst ");
}

TEST(PeerLine, TheFarEndThatFreeSwitchNames) {
    EXPECT_EQ(peers("recv 1234 bytes from udp/[203.0.113.5]:5060 at 10:00:01.123456:"),
              "src 203.0.113.5:5060 | dst ");
    EXPECT_EQ(peers("send 1234 bytes to udp/[203.0.113.5]:5060 at 10:00:01.123456:"),
              "src  | dst 203.0.113.5:5060");
    EXPECT_EQ(peers("sent 99 bytes to tcp/[203.0.113.5]:5060 at 23:59:59.999999:\r"),
              "src  | dst 203.0.113.5:5060");
    EXPECT_EQ(peers("recv 800 bytes from tls/[2001:db8::1]:5061 at 10:00:01.123456:"),
              "src [2001:db8::1]:5061 | dst ");
    EXPECT_EQ(peers("send 800 bytes to wss/[2001:db8::1]:443/7 at 10:00:01.123456:"),
              "src  | dst [2001:db8::1]:443");
    EXPECT_EQ(peers("recv 300 bytes from ws/[203.0.113.5]:8080;comp=sigcomp at 10:00:01.123456:"),
              "src 203.0.113.5:8080 | dst ");
    // drachtio (sofia-sip too), behind its own timestamp.
    EXPECT_EQ(peers("2026-11-21 11:26:17.148293 send 371 bytes to tcp/[203.0.113.40]:64706 at "
                    "11:26:17.144477:"),
              "src  | dst 203.0.113.40:64706");
}

TEST(PeerLine, TheFarEndThatPjsipNames) {
    EXPECT_EQ(peers("RX 519 bytes Response msg 403/INVITE/cseq=2 (rdata0x7f3c2c001e08) from UDP "
                    "203.0.113.5:5060:"),
              "src 203.0.113.5:5060 | dst ");
    EXPECT_EQ(peers("TX 910 bytes Request msg INVITE/cseq=21755 (tdta0x3f83f25c) to TCP "
                    "[2001:db8::1]:5061:"),
              "src  | dst [2001:db8::1]:5061");
    // After pjsua's time, sender and dots of depth; IPv6 transports as "UDP6".
    EXPECT_EQ(peers("10:00:01.167  pjsua_core.c  .......RX 380 bytes Response msg "
                    "180/INVITE/cseq=1 (rdata0x1) from UDP6 [2001:db8::7]:5060:\r"),
              "src [2001:db8::7]:5060 | dst ");
    EXPECT_EQ(
        peers("10:00:01.160 pjsua_core.c ........TX 700 bytes Response msg 200/OPTIONS/cseq=9 "
              "(tdta0x2) to TLS 203.0.113.5:5061:"),
        "src  | dst 203.0.113.5:5061");
}

TEST(PeerLine, TheFarEndThatBelleSipNames) {
    EXPECT_EQ(peers("channel [0x7a]: message received from [udp://203.0.113.5:5060], size: [400] "
                    "bytes"),
              "src 203.0.113.5:5060 | dst ");
    EXPECT_EQ(peers("I/belle-sip: channel [0xd28a5840]: message sent to [UDP://203.0.113.5:5060], "
                    "size: [832] bytes"),
              "src  | dst 203.0.113.5:5060");
    EXPECT_EQ(peers("11-21 13:05:00.120  4321  4400 I belle-sip: channel [0x7a]: message "
                    "received from [TLS://[2001:db8::1]:5061], size: [400]"),
              "src [2001:db8::1]:5061 | dst ");
}

TEST(PeerLine, LinesThatOnlyLookLikeFramingsNameNothing) {
    for (
        const char* line : {
            "",
            "\r",
            "<------------->",
            "<------------>",
            "<--- Transmitting to the trunk --->",
            "<--- SIP read from UDP:pbx.example.com:5060 --->",
            "<--- SIP read from UDP:203.0.113.5 --->",
            "<--- SIP read from UDP:2001:db8::1 --->",
            "<--- SIP read from a friend at UDP:203.0.113.5:5060 --->",
            "<--- Received SIP response (523 bytes) to UDP:203.0.113.5:5060 --->",
            "<--- Transmitting SIP request (612 bytes) from UDP:203.0.113.5:5060 --->",
            "<--- Got a call from 203.0.113.5:5060 --->",
            "<--- SIP read from UDP:203.0.113.5:5060 ---> and more",
            "Transmitting (no NAT) to port 5060:",
            "Transmitting (maybe NAT) to 203.0.113.5:5060:",
            "Sent 300 bytes to 203.0.113.5:5060:",
            "recv 300 bytes from udp/[203.0.113.5]:5060 at noon:",
            "recv 300 bytes from udp/[203.0.113.5]:5060 at 10:00:01:",
            "received 300 bytes from udp/[203.0.113.5]:5060 at 10:00:01.000000:",
            "recv 300 bytes to udp/[203.0.113.5]:5060 at 10:00:01.000000:",
            "send 300 bytes from udp/[203.0.113.5]:5060 at 10:00:01.000000:",
            "send lots of bytes to udp/[203.0.113.5]:5060 at 10:00:01.000000:",
            "send 300 bytes to udp/203.0.113.5:5060 at 10:00:01.000000:",
            "send 300 bytes to http/[203.0.113.5]:80 at 10:00:01.000000:",
            "send 300 bytes to udp/[pbx.example.com]:5060 at 10:00:01.000000:",
            "Hangup cause Q.850;cause=16 from 203.0.113.5:5060:",
            "Reason: Q.850;cause=34;text=\"No circuit/channel available\" -> 503",
            "203.0.113.5 - - [21/Nov/2026:10:00:01 +0000] \"GET /phone.cfg HTTP/1.1\" 200 512 "
            "\"-\" \"Yealink\"",
            "GET http://203.0.113.5:5060/ -> 302 Found",
            "Listening on 203.0.113.5:5060 for requests to port 5060:",
            "Contact: <sip:2001@203.0.113.5:5060>",
            "port 5060 -> 5061",
            // PJSIP's and belle-sip's framings, each with something amiss.
            "RX 519 bytes Response msg 403/INVITE/cseq=2 (rdata0x1) to UDP 203.0.113.5:5060:",
            "TX 519 bytes Request msg INVITE/cseq=2 (tdta0x1) from UDP 203.0.113.5:5060:",
            "RX lots of bytes Response msg 403/INVITE (rdata0x1) from UDP 203.0.113.5:5060:",
            "RX 519 bytes of junk from UDP 203.0.113.5:5060:",
            "RX 519 bytes Response msg 403/INVITE/cseq=2 (rdata0x1) from HTTP 203.0.113.5:80:",
            "RX 519 bytes Response msg 403/INVITE/cseq=2 (rdata0x1) from UDP pbx.example.com:5060:",
            "XRX 519 bytes Response msg 403/INVITE/cseq=2 (rdata0x1) from UDP 203.0.113.5:5060:",
            "Sent 300 bytes to 203.0.113.5:5060 over UDP, 2 bytes",
            "channel [0x7a]: message received from [udp://pbx.example.com:5060], size: [400] bytes",
            "channel [0x7a]: message received from [http://203.0.113.5:80], size: [400] bytes",
            "channel [0x7a]: message received to [udp://203.0.113.5:5060], size: [400] bytes",
            "channel [0x7a]: message received from [udp://203.0.113.5], size: [400] bytes",
            "channel [0x7a]: message received from [udp://203.0.113.5:5060]x, size: [400] bytes",
            "[udp://203.0.113.5:5060]",
            "Content-Length: 400 bytes",
        }) {
        EXPECT_EQ(peers(line), "none") << line;
    }
}

TEST(PeerLine, SeparatorIsALineOfDashes) {
    EXPECT_TRUE(separator_line(std::string(72, '-')));
    EXPECT_TRUE(separator_line(std::string(72, '-') + "\r"));
    EXPECT_FALSE(separator_line("---"));
    EXPECT_FALSE(separator_line("------------ x"));
    EXPECT_FALSE(separator_line("SIP/2.0 200 OK"));
    EXPECT_FALSE(separator_line(""));
}

}  // namespace
}  // namespace sipwhy::detail
