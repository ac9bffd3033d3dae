// HEP as the listener receives it: versions 1 and 2 turned into HEP3, HEP3 checked, and HEP3
// packets split out of a TCP stream whatever its cuts.
#include "packets.hpp"

#include <sipwhy/capture/hep.hpp>

#include <gtest/gtest.h>

namespace sipwhy {
namespace {

const std::string k_message = "SIP/2.0 486 Busy Here\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n";

std::string hep3() {
    return packets::hep3("192.0.2.10", 5060, "192.0.2.20", 5062, k_message);
}

TEST(Hep, Version3IsCheckedAndItsTimeRead) {
    const auto p = decode_hep(hep3());
    ASSERT_TRUE(p);
    EXPECT_EQ(p->hep3, hep3());
    EXPECT_EQ(p->seconds, 1700000000);
    EXPECT_EQ(p->microseconds, 0u);
    EXPECT_FALSE(decode_hep(hep3().substr(0, 20)));  // shorter than its length says
    std::string bad = hep3();
    bad[10] = '\x7f';  // a chunk running past the packet
    EXPECT_FALSE(decode_hep(bad));
    EXPECT_FALSE(decode_hep("HEP3"));
    EXPECT_FALSE(decode_hep("hello"));
    EXPECT_FALSE(decode_hep(""));
}

// The packets of `stream` given to `s` in two appends, cut at `cut`.
std::vector<std::string> packets_of(HepStream& s, const std::string& stream, std::size_t cut) {
    std::vector<std::string> got;
    for (const std::string_view piece :
         {std::string_view(stream).substr(0, cut), std::string_view(stream).substr(cut)}) {
        s.append(piece);
        while (auto p = s.next()) {
            got.push_back(*p);
        }
    }
    return got;
}

TEST(Hep, Version2BecomesVersion3) {
    std::string v2 = {'\x02', '\x1c', '\x02', '\x11', '\x13', '\xc4', '\x13', '\xc6'};
    v2 += std::string("\xc0\x00\x02\x0a\xc0\x00\x02\x14", 8);
    v2 += std::string("\x00\xf1\x53\x65\x40\xe2\x01\x00\x07\x00\x00\x00", 12);
    const auto p = decode_hep(v2 + k_message);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->seconds, 1700000000);
    EXPECT_EQ(p->microseconds, 123456u);
    ASSERT_TRUE(p->hep3.starts_with("HEP3"));
    // What HEP3 says is what version 2 said, and the message follows whole.
    const auto again = decode_hep(p->hep3);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->seconds, 1700000000);
    EXPECT_EQ(again->microseconds, 123456u);
    EXPECT_EQ(p->hep3.substr(p->hep3.size() - k_message.size()), k_message);
    EXPECT_NE(p->hep3.find(std::string("\xc0\x00\x02\x0a", 4)), std::string::npos);
    // Version 1 has no time header; an unknown family or version is no HEP.
    v2[0] = '\x01';
    const auto v1 = decode_hep(v2.substr(0, 24) + k_message);
    ASSERT_TRUE(v1);
    EXPECT_EQ(v1->seconds, 0);
    v2[2] = '\x07';
    EXPECT_FALSE(decode_hep(v2 + k_message));
    EXPECT_FALSE(decode_hep(std::string("\x02\x1c\x02\x11", 4)));
}

TEST(Hep, StreamGivesThePacketsWhateverTheCuts) {
    const std::string a = hep3();
    const std::string b = packets::hep3("192.0.2.11", 5060, "192.0.2.21", 5060, k_message);
    const std::string stream = "garbage HE" + a + "xHEP" + b;
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        HepStream s;
        const std::vector<std::string> got = packets_of(s, stream, cut);
        ASSERT_EQ(got, (std::vector<std::string>{a, b})) << "cut at " << cut;
        EXPECT_EQ(s.malformed(), 2u) << "cut at " << cut;
    }
}

TEST(Hep, StreamGivesVersion2PacketsByTheirMessagesLength) {
    // Version 1 and 2 headers give no length: each packet ends where its SIP message does, a
    // body of Content-Length bytes included, or with the head when there is no Content-Length.
    std::string header = {'\x02', '\x1c', '\x02', '\x11', '\x13', '\xc4', '\x13', '\xc6'};
    header += std::string("\xc0\x00\x02\x0a\xc0\x00\x02\x14", 8);
    header += std::string("\x00\xf1\x53\x65\x40\xe2\x01\x00\x07\x00\x00\x00", 12);
    const std::string with_body = header +
                                  "SIP/2.0 488 Not Acceptable Here\r\nCall-ID: y\r\n"
                                  "CSeq: 1 INVITE\r\nContent-Length: 5\r\n\r\nv=0\r\n";
    const std::string without_length = header + k_message;
    std::string v1 = header.substr(0, 16) + k_message;  // no time header
    v1[0] = '\x01';
    const std::string stream = with_body + without_length + v1 + hep3();
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        HepStream s;
        const std::vector<std::string> got = packets_of(s, stream, cut);
        ASSERT_EQ(got, (std::vector<std::string>{with_body, without_length, v1, hep3()}))
            << "cut at " << cut;
        EXPECT_EQ(s.malformed(), 0u);
        ASSERT_TRUE(decode_hep(got[0]));
    }
    // A version 2 header before something that is no SIP message is skipped as malformed.
    HepStream bad;
    bad.append(header + "GET / HTTP/1.1\r\n\r\n" + hep3());
    const auto p = bad.next();
    ASSERT_TRUE(p);
    EXPECT_EQ(*p, hep3());
    EXPECT_EQ(bad.malformed(), 1u);
}

}  // namespace
}  // namespace sipwhy
