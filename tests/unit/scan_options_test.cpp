// The scan options crossed over every fixture log (as ripgrep's tester crosses its
// configurations): what a scan finds does not depend on what it is asked to read besides. Line
// numbers, timestamps, headers, requests reported or kept, framing addresses: each only adds to
// what a response carries, so every combination finds the same responses, in the same order,
// with the same phrases, and the same malformed lines.
#include "scan_helpers.hpp"

#include <sipwhy/logs/log_scanner.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sipwhy {
namespace {

class Found : public ScanSink {
public:
    std::vector<std::string> events;
    bool response(const ScannedResponse& r) override {
        events.push_back(fmt::format("{} {} {}", r.code, r.reason, static_cast<int>(r.framing)));
        return true;
    }
    bool malformed(const MalformedStatus& m) override {
        events.push_back(fmt::format("malformed {} ({})", m.text, m.problem));
        return true;
    }
};

std::vector<std::string> found(std::string_view text, const ScanOptions& options,
                               std::size_t chunk) {
    Found f;
    test::scan_into(f, text, chunk, options);
    return f.events;
}

TEST(ScanOptions, EveryCombinationFindsTheSameResponses) {
    std::vector<std::filesystem::path> paths;
    for (const char* dir : {"/tests/fixtures/logs", "/tests/fixtures/calls"}) {
        for (const auto& e :
             std::filesystem::directory_iterator(std::string(SIPWHY_SOURCE_DIR) + dir)) {
            if (e.path().extension() != ".flow") {
                paths.push_back(e.path());
            }
        }
    }
    std::sort(paths.begin(), paths.end());
    ASSERT_GT(paths.size(), 40U);
    for (const auto& path : paths) {
        const std::string text = test::read_file(path.string());
        const auto expected = found(text, {}, 1 << 20);
        for (unsigned bits = 0; bits < 64; ++bits) {
            const ScanOptions options{.line_numbers = (bits & 1) != 0,
                                      .times = (bits & 2) != 0,
                                      .headers = (bits & 4) != 0,
                                      .requests = (bits & 8) != 0,
                                      .request_times = true,
                                      .request_window = (bits & 16) != 0,
                                      .peers = (bits & 32) != 0};
            // Chunks of a size that cuts lines and messages anywhere, for some of them.
            const std::size_t chunk = bits % 3 == 0 ? 97 : 1 << 20;
            EXPECT_EQ(found(text, options, chunk), expected)
                << path.filename() << " with options " << bits;
        }
    }
}

}  // namespace
}  // namespace sipwhy
