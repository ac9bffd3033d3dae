// A scan split into parts: a scanner that starts inside the input, once its Carry equals that of a
// scanner that read the input from its start, reports from there on exactly what that one does.
#include "scan_helpers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace sipwhy {
namespace {

constexpr ScanOptions k_split{
    .line_numbers = false, .times = false, .headers = false, .requests = false};
// As --summary --by reads: with each response's timestamp.
constexpr ScanOptions k_split_timed{
    .line_numbers = false, .times = true, .headers = false, .requests = false};

// The events with their timestamps, when the scan reads them.
class TimedRecorder : public test::Recorder {
public:
    bool response(const ScannedResponse& r) override {
        test::Recorder::response(r);
        if (r.time != nullptr) {
            events.back() += " @ " + to_string(*r.time);
        }
        return true;
    }
};

// Where each line of `text` starts.
std::vector<std::size_t> line_starts(std::string_view text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = text.find('\n'); i != std::string_view::npos && i + 1 < text.size();
         i = text.find('\n', i + 1)) {
        starts.push_back(i + 1);
    }
    return starts;
}

// The whole input read from its start, a line at a time: what it carries at each line start and
// how many events it had reported by then, then everything it reported.
struct Whole {
    std::vector<LogScanner::Carry> carries;
    std::vector<std::size_t> reported;
    std::vector<std::string> events;
};

Whole read_whole(std::string_view text, const std::vector<std::size_t>& starts,
                 const ScanOptions& options = k_split) {
    Whole w;
    TimedRecorder r;
    LogScanner scanner(r, options);
    for (std::size_t k = 0; k < starts.size(); ++k) {
        w.carries.push_back(scanner.carry());
        w.reported.push_back(r.events.size());
        const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : text.size();
        scanner.feed(text.substr(starts[k], end - starts[k]));
    }
    scanner.finish();
    w.events = r.events;
    return w;
}

// Starts a scanner at `from` and reads on a line at a time until its carry equals the whole
// scan's at a line start; then reads to the end and checks that it reported, from there, what
// the whole scan did. Whether they agreed.
bool check_from(std::string_view text, const std::vector<std::size_t>& starts, const Whole& whole,
                std::size_t from, const std::string& what, const ScanOptions& options) {
    TimedRecorder r;
    LogScanner scanner(r, options);
    scanner.start_at(from);
    auto k = static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), from) -
                                      starts.begin());
    if (k == starts.size()) {
        return false;
    }
    scanner.feed(text.substr(from, starts[k] - from));
    for (; k < starts.size(); ++k) {
        if (scanner.carry() == whole.carries[k]) {
            const std::size_t at = r.events.size();
            scanner.feed(text.substr(starts[k]));
            scanner.finish();
            const std::vector<std::string> mine(r.events.begin() + static_cast<long>(at),
                                                r.events.end());
            const std::vector<std::string> theirs(
                whole.events.begin() + static_cast<long>(whole.reported[k]), whole.events.end());
            EXPECT_EQ(mine, theirs) << what << ": from " << from << ", agreed at " << starts[k];
            return true;
        }
        const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : text.size();
        scanner.feed(text.substr(starts[k], end - starts[k]));
    }
    return false;
}

std::vector<std::string> fixture_texts() {
    std::vector<std::string> texts;
    const std::string dir = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/logs";
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
        texts.push_back(test::fixture(p.filename().string()));
    }
    return texts;
}

TEST(SplitCarry, AnAgreementMeansTheSameReportsFromThereOn) {
    // Every fixture log one after another, in several orders: framings of every kind meet.
    std::vector<std::string> texts = fixture_texts();
    ASSERT_GT(texts.size(), 20U);
    std::mt19937 rng(11);
    int agreed = 0;
    for (int round = 0; round < 4; ++round) {
        std::shuffle(texts.begin(), texts.end(), rng);
        std::string text;
        for (const auto& t : texts) {
            text += t;
        }
        // Every other round with the timestamps, which the last lookup of one carries too.
        const ScanOptions& options = round % 2 == 0 ? k_split : k_split_timed;
        const auto starts = line_starts(text);
        const Whole whole = read_whole(text, starts, options);
        // Anywhere, and right after a status line, where a fresh scanner misses what the line
        // makes a repetition of.
        std::vector<std::size_t> after_status;
        for (std::size_t i = text.find("SIP/2.0 "); i != std::string::npos;
             i = text.find("SIP/2.0 ", i + 1)) {
            if (const std::size_t nl = text.find('\n', i); nl != std::string::npos) {
                after_status.push_back(nl + 1);
            }
        }
        ASSERT_FALSE(after_status.empty());
        for (int cut = 0; cut < 80; ++cut) {
            const std::size_t from = cut % 2 == 0 ? 1 + rng() % (text.size() - 1)
                                                  : after_status[rng() % after_status.size()];
            const std::string what = "round " + std::to_string(round);
            agreed += check_from(text, starts, whole, from, what, options) ? 1 : 0;
        }
    }
    // Enough starts agree for the check to bite (none after a Zeek log's header: its rows go on).
    EXPECT_GT(agreed, 10);
}

TEST(SplitCarry, ScannersWithSomethingWaitingNeverAgree) {
    // A mention waits to see whether a status line repeats it.
    const std::string text = "INVITE to sip:bob failed: 486 Busy Here\n";
    test::Recorder a;
    test::Recorder b;
    LogScanner one(a, k_split);
    LogScanner two(b, k_split);
    one.feed(text);
    two.feed(text);
    EXPECT_FALSE(one.carry() == two.carry());
    one.finish();
    EXPECT_EQ(a.events.size(), 1U);
}

TEST(SplitCarry, AFreshScannerAgreesOnlyPastWhatCouldRepeat) {
    // A status line, then 20 KiB of other lines: a fresh scanner started after the status line
    // does not know it, and agrees only once it lies more than 16 KiB back.
    std::string text = "SIP/2.0 486 Busy Here\n";
    const std::string filler = "2026-11-20 10:00:01 worker: nothing to report here\n";
    while (text.size() < 20 * 1024) {
        text += filler;
    }
    const auto starts = line_starts(text);
    const Whole whole = read_whole(text, starts);
    test::Recorder r;
    LogScanner late(r, k_split);
    late.start_at(starts[1]);
    std::size_t first_agreement = 0;
    for (std::size_t k = 1; k < starts.size(); ++k) {
        if (k > 1) {
            late.feed(text.substr(starts[k - 1], starts[k] - starts[k - 1]));
        }
        if (late.carry() == whole.carries[k]) {
            first_agreement = starts[k];
            break;
        }
    }
    EXPECT_GT(first_agreement, std::size_t{16 * 1024});
    EXPECT_LT(first_agreement, std::size_t{16 * 1024 + 3 * 1024});
}

}  // namespace
}  // namespace sipwhy
