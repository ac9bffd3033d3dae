// Inputs scanned in parallel (-j): the same output, errors and exit status as one input at a time,
// in every mode that is per input, with outputs larger than what an input may hold before its
// turn, and a broken pipe that ends the run quietly; and one large file's summary read in parts.
#include "packets.hpp"
#include "run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sipwhy::e2e {
namespace {

using namespace packets;

const std::string k_fixtures = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures";

// A directory of every fixture log, the call fixtures, a capture, a gzip'd log, a corrupt gzip
// file, a binary file and an empty one: each kind of input a directory scan meets.
std::string mixed_directory() {
    namespace fs = std::filesystem;
    const std::string dir = temp_dir();
    fs::copy(k_fixtures + "/logs", dir + "/logs", fs::copy_options::recursive);
    fs::copy(k_fixtures + "/calls", dir + "/calls", fs::copy_options::recursive);
    std::vector<Frame> frames;
    for (int i = 0; i < 40; ++i) {
        const std::string id = "cap" + std::to_string(i);
        frames.push_back(
            {udp4("192.0.2.10", 5062, "203.0.113.5", 5060, sip_request("INVITE", id, 1)),
             1700000000U + static_cast<unsigned>(i), 0});
        frames.push_back(
            {udp4("203.0.113.5", 5060, "192.0.2.10", 5062,
                  sip_response(i % 2 == 0 ? 486 : 503,
                               i % 2 == 0 ? "Busy Here" : "Service Unavailable", id, 1, "INVITE")),
             1700000000U + static_cast<unsigned>(i), 500000});
    }
    std::ofstream(dir + "/m-capture.pcap", std::ios::binary) << pcap(link::ethernet, frames);
    std::ofstream(dir + "/n-rotated.log.gz", std::ios::binary)
        << gzip("SIP/2.0 480 Temporarily Unavailable\nSIP/2.0 404 Not Found\n");
    std::ofstream(dir + "/o-corrupt.log.gz", std::ios::binary)
        << gzip("SIP/2.0 486 Busy Here\n").substr(0, 12);
    std::ofstream(dir + "/p-binary.bin", std::ios::binary) << std::string("\0\1\2SIP/2.0 486", 15);
    std::ofstream(dir + "/q-empty.log", std::ios::binary);
    return dir;
}

void expect_same(const std::vector<std::string>& args, const std::string& dir) {
    auto one = args;
    one.insert(one.begin(), {"-j", "1"});
    auto three = args;
    three.insert(three.begin(), {"-j", "3"});
    const auto a = sipwhy(Invocation{.args = one, .cwd = dir});
    const auto b = sipwhy(Invocation{.args = three, .cwd = dir});
    const auto c = sipwhy(Invocation{.args = args, .cwd = dir});  // one per core
    std::string shown;
    for (const auto& s : args) {
        shown += s + " ";
    }
    EXPECT_EQ(a.status, b.status) << shown;
    EXPECT_EQ(a.out, b.out) << shown;
    EXPECT_EQ(a.err, b.err) << shown;
    EXPECT_EQ(a.status, c.status) << shown;
    EXPECT_EQ(a.out, c.out) << shown;
    EXPECT_EQ(a.err, c.err) << shown;
}

TEST(Parallel, EveryModeGivesWhatOneInputAtATimeGives) {
    const std::string dir = mixed_directory();
    const std::vector<std::vector<std::string>> modes = {
        {},
        {"--json"},
        {"--csv"},
        {"--failures", "--csv"},
        {"-c"},
        {"-l"},
        {"-L"},
        {"-m", "1"},
        {"--code", "486"},
        {"--category", "capacity"},
        {"--summary"},
        {"--summary", "--json"},
        {"--summary", "--csv"},
        {"--summary", "--failures"},
        {"--calls"},
        {"--calls", "--json"},
        {"--calls", "--csv"},
        {"--calls", "-c"},
        {"--calls", "--failures"},
        {"--debug"},
        {"-I", "-n"},
        {"--lang", "ru"},
        {"--summary", "--lang", "ru"},
    };
    for (auto args : modes) {
        args.push_back(".");
        expect_same(args, dir);
    }
    // Named inputs, a missing one among them: its error comes first, before any scan.
    expect_same({"--summary", "logs/plain.log", "missing.log", "calls", "m-capture.pcap"}, dir);
    expect_same({"logs/plain.log", "o-corrupt.log.gz", "logs/sngrep.log"}, dir);
    const auto r =
        sipwhy(Invocation{.args = {"-j", "3", "o-corrupt.log.gz", "logs/plain.log"}, .cwd = dir});
    EXPECT_EQ(status_err(r),
              (StatusText{2, "sipwhy: error: o-corrupt.log.gz: truncated gzip data\n"}));
}

// Each input's output is far beyond what an input may hold before its turn (1 MiB at -j 4): the
// later inputs wait, and the lines come whole and in input order.
TEST(Parallel, LargeOutputsWaitTheirTurn) {
    const std::string dir = temp_dir();
    const std::vector<std::pair<int, std::string>> codes = {
        {486, "Busy Here"}, {503, "Service Unavailable"}, {404, "Not Found"}, {603, "Decline"}};
    std::string expected;
    std::vector<std::string> args = {"-j", "4", "-I"};
    for (std::size_t f = 0; f < codes.size(); ++f) {
        const auto& [code, phrase] = codes[f];
        const std::string line = "SIP/2.0 " + std::to_string(code) + " " + phrase + "\n";
        std::string log;
        for (int i = 0; i < 60'000; ++i) {
            log += line;
        }
        const std::string name = "part" + std::to_string(f) + ".log";
        std::ofstream(dir + "/" + name, std::ios::binary) << log;
        args.push_back(name);
    }
    const auto one_at_a_time = [&] {
        auto a = args;
        a[1] = "1";
        return sipwhy(Invocation{.args = a, .cwd = dir});
    }();
    const auto parallel = sipwhy(Invocation{.args = args, .cwd = dir});
    EXPECT_EQ(status_err(parallel), (StatusText{0, ""}));
    ASSERT_GT(parallel.out.size(), std::size_t{7} << 20);  // nearly 2 MiB each
    EXPECT_EQ(parallel.out, one_at_a_time.out);
    EXPECT_EQ(parallel.out.substr(0, 48), "1: 486 Busy Here - busy\n2: 486 Busy Here - busy\n");
    EXPECT_EQ(parallel.out.substr(parallel.out.size() - 30), "60000: 603 Decline - declined\n");
}

TEST(Parallel, ABrokenPipeEndsTheRunQuietly) {
    const std::string dir = temp_dir();
    std::vector<std::string> args = {"-j", "4"};
    for (int f = 0; f < 6; ++f) {
        std::string log;
        for (int i = 0; i < 50'000; ++i) {
            log += "SIP/2.0 486 Busy Here\n";
        }
        const std::string name = "part" + std::to_string(f) + ".log";
        std::ofstream(dir + "/" + name, std::ios::binary) << log;
        args.push_back(name);
    }
    const auto r = sipwhy(Invocation{.args = args, .read_limit = 1000, .cwd = dir});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
}

// The fixture logs one after another until `size` bytes: every framing, many times over. With
// the Zeek fixture left out, or put first: its rows go on to the end, so no part after it is
// ever joined, and the scan reads them itself.
std::string fixture_logs(std::size_t size, bool zeek_first) {
    namespace fs = std::filesystem;
    std::vector<fs::path> paths;
    for (const auto& entry : fs::directory_iterator(k_fixtures + "/logs")) {
        paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    std::string zeek;
    std::string others;
    for (const auto& p : paths) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        (p.filename().string().starts_with("zeek") ? zeek : others) += bytes.str();
    }
    std::string text = zeek_first ? zeek : "";
    while (text.size() < size) {
        text += others;
    }
    return text;
}

// A file large enough to be read in parts (8 MiB each at least): its summary in every format, per
// interval too, and its count, are what one thread reading it from its start gives, joined or not.
TEST(Parallel, OneLargeFileReadInPartsGivesWhatOneThreadGives) {
    const std::string dir = temp_dir();
    std::ofstream(dir + "/mixed.log", std::ios::binary)
        << fixture_logs(std::size_t{25} << 20, false);  // three parts at -j 3
    std::ofstream(dir + "/zeek-first.log", std::ios::binary)
        << fixture_logs(std::size_t{17} << 20, true);
    // One line of 17 MiB: no line start to join at.
    std::ofstream(dir + "/one-line.log", std::ios::binary)
        << std::string(std::size_t{9} << 20, 'x') + " reply 486 Busy Here " +
               std::string(std::size_t{8} << 20, 'y') + "\n";
    // Each format of the summary is the same merge: the JSON has every count. Each mode reads each
    // file three times; the sanitizer build, ten times slower, keeps the JSON summary and a count.
#if defined(SIPWHY_SANITIZED)
    const std::vector<std::vector<std::string>> modes = {{"--summary", "--json"},
                                                         {"-c", "--code", "4xx"}};
    const std::vector<std::vector<std::string>> other_modes = {{"--summary", "--json"}};
#else
    const std::vector<std::vector<std::string>> modes = {{"--summary"},
                                                         {"--summary", "--json"},
                                                         {"--findings", "--json"},
                                                         {"--summary", "--by", "minute", "--json"},
                                                         {"-c", "--code", "4xx"}};
    const std::vector<std::vector<std::string>> other_modes = {{"--summary", "--json"}, {"-c"}};
#endif
    for (const auto& mode : modes) {
        auto args = mode;
        args.emplace_back("mixed.log");
        expect_same(args, dir);
    }
    for (const char* file : {"zeek-first.log", "one-line.log"}) {
        for (const auto& mode : other_modes) {
            auto args = mode;
            args.emplace_back(file);
            expect_same(args, dir);
        }
    }
    const auto r = sipwhy(Invocation{.args = {"--summary", "--json", "mixed.log"}, .cwd = dir});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(has(r.out, "\"total\":"));
    std::filesystem::remove_all(dir);  // 59 MB
}

}  // namespace
}  // namespace sipwhy::e2e
