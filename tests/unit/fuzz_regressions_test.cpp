// Inputs the fuzzers once crashed on (tests/fuzz/regressions/<harness>/), replayed with the
// harness's own checks so that the bug stays fixed.
#include "fuzz_frames.hpp"
#include "scan_helpers.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sipwhy {
namespace {

// One saved input of a harness: where it lies, and its bytes.
struct Regression {
    std::string path;
    std::string data;
};

std::vector<Regression> regressions(const std::string& harness) {
    std::vector<Regression> files;
    const std::string dir = std::string(SIPWHY_SOURCE_DIR) + "/tests/fuzz/regressions/" + harness;
    if (std::filesystem::is_directory(dir)) {
        for (const auto& e : std::filesystem::directory_iterator(dir)) {
            std::ifstream in(e.path(), std::ios::binary);
            std::ostringstream bytes;
            bytes << in.rdbuf();
            files.push_back({e.path().string(), bytes.str()});
        }
    }
    return files;
}

// What the scanner reports, with each response's time: those must not depend on the chunks either.
struct TimedRecorder : test::Recorder {
    bool response(const ScannedResponse& r) override {
        test::Recorder::response(r);
        if (r.time != nullptr) {
            events.back() += " @" + to_string(*r.time);
        }
        return true;
    }
};

// fuzz_scanner: the first two bytes choose chunk boundaries; findings must not depend on them.
TEST(FuzzRegressions, ScannerFindingsDoNotDependOnChunks) {
    const auto files = regressions("scanner");
    EXPECT_FALSE(files.empty());
    for (const auto& [path, data] : files) {
        ASSERT_GE(data.size(), 2u);
        const unsigned seed = static_cast<unsigned char>(data[0]) |
                              (static_cast<unsigned>(static_cast<unsigned char>(data[1])) << 8);
        const std::string_view text = std::string_view(data).substr(2);
        TimedRecorder whole;
        TimedRecorder chunked;
        {
            LogScanner s(whole, {.requests = true});
            s.feed(text);
            s.finish();
        }
        {
            LogScanner s(chunked, {.requests = true});
            std::size_t pos = 0;
            unsigned state = seed | 1;
            while (true) {
                state = state * 1103515245u + 12345u;
                const std::size_t next = pos + 1 + (state >> 16) % 97;
                if (next >= text.size()) {
                    break;
                }
                s.feed(text.substr(pos, next - pos));
                pos = next;
            }
            s.feed(text.substr(pos));
            s.finish();
        }
        EXPECT_EQ(whole.events, chunked.events) << path;
    }
}

// The bug behind zeek-header-ahead-of-chunk: a column-name line anywhere but the first line does
// not make the input a Zeek log, and a "#fields" line takes effect from the next line on. (The
// row after the misplaced column names is still a delimited record of a response, method, code
// and phrase, and is read as one.)
TEST(FuzzRegressions, ZeekModeStartsAtTheSameLineWhateverTheChunks) {
    const std::string text =
        "junk line\nSIP/2.0 486 Busy "
        "Here\n\nmethod\tstatus_code\tstatus_msg\nINVITE\t603\tDecline\n"
        "#fields\tmethod\tstatus_code\tstatus_msg\nINVITE\t480\tTemporarily Unavailable\n";
    const std::vector<std::string> expected = {"2: 486 Busy Here", "5: 603 Decline | 0 INVITE ",
                                               "7: 480 Temporarily Unavailable"};
    for (const std::size_t chunk : {1, 2, 5, 17, 4096}) {
        EXPECT_EQ(test::scan_text(text, chunk), expected) << chunk;
    }
}

// fuzz_capture: the frames scanned twice with small limits; both passes end, and report the same.
TEST(FuzzRegressions, CaptureInputsEndAndRepeat) {
    const auto files = regressions("capture");
    EXPECT_FALSE(files.empty());
    for (const auto& [path, data] : files) {
        test::Recorder r;
        CaptureScanner scanner(r, {.requests = true}, fuzz::k_small_limits);
        const auto passes =
            fuzz::scan_twice(scanner, fuzz::frames_of(data), r.events, [&] { r.events.clear(); });
        EXPECT_EQ(passes[0], passes[1]) << path;
    }
}

}  // namespace
}  // namespace sipwhy
