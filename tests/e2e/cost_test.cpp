// Inputs whose cost once grew faster than their size, through the real binary. Each is sized so
// that the old behaviour takes minutes, and the fixed one a fraction of a second: ctest's TIMEOUT
// for these tests (tests/CMakeLists.txt) and the limits set here are far above the fixed cost, so
// that they never flake, and far below the old one.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <string>

namespace sipwhy::e2e {
namespace {

// Under the sanitizers each input is a tenth of its size (what that build checks is memory safety;
// the plain build checks the cost).
constexpr int k_scale = k_slowdown;

// A wrapper that kills sipwhy after `seconds` (status 137) and, unless the sanitizers need the
// address space, limits its address space to `megabytes`.
std::vector<std::string> bounded(int seconds, int megabytes) {
    if (k_scale > 1) {
        megabytes = 0;
    }
    const std::string limit =
        megabytes > 0 ? "ulimit -v " + std::to_string(megabytes * 1024) + " && " : "";
    return {"sh", "-c", limit + "exec timeout -s KILL " + std::to_string(seconds) + " \"$@\"",
            "sh"};
}

TEST(Cost, OneCallWithManyTransactions) {
    // A phone refreshing its registration 200,000 times under one Call-ID: 191 s and 140 MB once,
    // about 0.2 s now.
    std::string log;
    log.reserve(200000 / k_scale * 360);
    for (int i = 1; i <= 200000 / k_scale; ++i) {
        const std::string common =
            "Via: SIP/2.0/UDP 192.0.2.10\r\nFrom: <sip:alice@example.com>;tag=a\r\n"
            "Call-ID: reg\r\nCSeq: " +
            std::to_string(i) + " REGISTER\r\n";
        log += "REGISTER sip:example.com SIP/2.0\r\n" + common +
               "To: <sip:alice@example.com>\r\n\r\nSIP/2.0 200 OK\r\n" + common +
               "To: <sip:alice@example.com>;tag=b\r\n\r\n";
    }
    const std::string path = temp_file("register.log", log);
    log.clear();
    const auto r = sipwhy({.args = {"--calls", path}, .wrapper = bounded(30, 512)});
    std::filesystem::remove(path);
    EXPECT_EQ(r, (Outcome{0, path + ":1: call reg: registered - 200 OK (REGISTER alice -> alice)\n",
                          ""}));
}

TEST(Cost, ManyCandidatesInOneLine) {
    // 32 MiB of "SIP " in one line: each candidate once searched to the end of its line (16 MiB
    // took 26 s, 32 MiB about four times that); a fraction of a second now. Then as much of
    // numbers and of status lines.
    for (const std::string unit : {"SIP ", "200 ", "SIP/2.0 200 OK "}) {
        std::string log;
        while (log.size() < 32 * 1024 * 1024 / k_scale) {
            log += unit;
        }
        const std::string path = temp_file("line.log", log);
        log.clear();
        const auto r = sipwhy({.args = {"-c", path}, .wrapper = bounded(20, 256)});
        std::filesystem::remove(path);
        EXPECT_TRUE(r.status == 0 || r.status == 1) << unit << ": " << r.status;
        EXPECT_EQ(r.err, "") << unit;
    }
}

TEST(Cost, AKbOfManyVariants) {
    // 150,000 variants in 14 MB: each once scanned every variant loaded before it (about 80 s);
    // about 0.5 s now.
    std::string kb = R"({"variants":[)";
    const int variants = 150000 / k_scale;
    for (int i = 0; i < variants; ++i) {
        kb += (i == 0 ? "" : ",") + std::string(R"({"code":486,"phrase":"v)") + std::to_string(i) +
              R"(","meaning":"m","category":"busy","kind":"carrier","source":"s"})";
    }
    kb += "]}";
    const std::string path = temp_file("variants.json", kb);
    const std::string last = "486 v" + std::to_string(variants - 1);
    const auto r = sipwhy({.args = {"--kb", path, "--brief", last}, .wrapper = bounded(20, 2048)});
    std::filesystem::remove(path);
    EXPECT_EQ(r, (Outcome{0, last + " - busy - retry_later - m\n", ""}));
}

TEST(Cost, AKbFileHasASizeLimit) {
    // /dev/zero once grew until memory ran out.
    const auto r = sipwhy({.args = {"--kb", "/dev/zero", "486"}, .wrapper = bounded(10, 512)});
    EXPECT_EQ(
        r,
        (Outcome{2, "",
                 "sipwhy: error: knowledge-base file \"/dev/zero\" is larger than the limit of 16 "
                 "MiB\n"}));
}

TEST(Cost, AFloodOfOverlappingFragments) {
    // 256 datagrams at once, each sent as 40 fragments of 60,000 bytes that all overlap: 614 MB
    // once held (1 GB for the 1.5 MB capture that found it); now each overlap ends its datagram
    // and all of them together hold at most 4 MiB. Written through gzip, as the capture was.
    using namespace packets;
    const std::string path = temp_dir() + "/flood.pcap.gz";
    gzFile gz = gzopen(path.c_str(), "wb1");
    ASSERT_NE(gz, nullptr);
    const auto write = [&](const Bytes& b) {
        gzwrite(gz, b.data(), static_cast<unsigned>(b.size()));
    };
    write(pcap(link::ethernet, {}));
    const Bytes data(60000, 'x');
    for (int round = 0; round < 40; ++round) {
        for (unsigned id = 0; id < 256 / k_scale; ++id) {
            const Bytes frame =
                ethernet(0x0800, ipv4("203.0.113.5", "192.0.2.10", proto::udp, data, id, 0x2000));
            Bytes record;
            put32le(record, 1700000000);
            put32le(record, 0);
            put32le(record, static_cast<std::uint32_t>(frame.size()));
            put32le(record, static_cast<std::uint32_t>(frame.size()));
            write(record + frame);
        }
    }
    gzclose(gz);
    const auto r = sipwhy({.args = {"-c", path}, .wrapper = bounded(30, 300)});
    std::filesystem::remove(path);
    EXPECT_EQ(r, (Outcome{1, "0\n", ""}));
}

}  // namespace
}  // namespace sipwhy::e2e
