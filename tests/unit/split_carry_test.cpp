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

// As --summary reads for the findings: the headers of the responses that may have them, and the
// requests kept for them.
constexpr ScanOptions k_split_findings{.line_numbers = false,
                                       .times = false,
                                       .headers = true,
                                       .headers_for_findings = true,
                                       .requests = false,
                                       .request_window = true,
                                       .peers = false};

// The events with their timestamps, when the scan reads them, and the request each response
// answers, when the scan keeps the requests.
class TimedRecorder : public test::Recorder {
public:
    bool response(const ScannedResponse& r) override {
        test::Recorder::response(r);
        if (r.time != nullptr) {
            events.back() += " @ " + to_string(*r.time);
        }
        if (r.requests != nullptr && r.message != nullptr) {
            const MessageInfo* q = r.requests->find(*r.message);
            events.back() += q == nullptr ? " -> none"
                                          : fmt::format(" -> {} {} {} {}", q->request_uri,
                                                        q->cseq_number, q->expires, q->contact);
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
    for (int round = 0; round < 6; ++round) {
        std::shuffle(texts.begin(), texts.end(), rng);
        std::string text;
        for (const auto& t : texts) {
            text += t;
        }
        // Rounds with the timestamps, which the last lookup of one carries too, and with the
        // headers and requests that the findings read.
        const ScanOptions& options = round % 3 == 0   ? k_split
                                     : round % 3 == 1 ? k_split_timed
                                                      : k_split_findings;
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

TEST(SplitCarry, AFreshScannerAgreesOnlyOnceItKeepsTheSameRequests) {
    // A REGISTER, 20 KiB of other lines, the 423 that answers it, then 64 OPTIONS: a scanner that
    // starts after the REGISTER lacks the request the 423's findings compare it with, and agrees
    // only once the OPTIONS have pushed the REGISTER out of what the other keeps.
    const auto request = [](std::string_view method, int n) {
        return fmt::format(
            "{} sip:registrar.example.com SIP/2.0\nCall-ID: r{}\nCSeq: {} {}\nExpires: 60\n"
            "Content-Length: 0\n\n",
            method, n, n, method);
    };
    std::string text = request("REGISTER", 1);
    const std::size_t after_register = text.size();
    while (text.size() < 20 * 1024) {
        text += "2026-11-20 10:00:01 worker: nothing to report here\n";
    }
    text +=
        "SIP/2.0 423 Interval Too Brief\nCall-ID: r1\nCSeq: 1 REGISTER\nMin-Expires: 3600\n"
        "Content-Length: 0\n\n";
    const std::size_t options_from = text.size();
    for (int n = 2; n < 2 + 64; ++n) {
        text += request("OPTIONS", n);
    }
    text += "SIP/2.0 486 Busy Here\nCall-ID: r65\nCSeq: 65 OPTIONS\nContent-Length: 0\n\n";
    const auto starts = line_starts(text);
    const Whole whole = read_whole(text, starts, k_split_findings);
    ASSERT_EQ(whole.events.size(), 2U);
    EXPECT_TRUE(whole.events[0].ends_with(" -> sip:registrar.example.com 1 60 "))
        << whole.events[0];
    // The check: the late scanner's reports from its agreement on are the whole scan's.
    EXPECT_TRUE(
        check_from(text, starts, whole, after_register, "after the REGISTER", k_split_findings));
    // And that agreement came after the last OPTIONS began.
    TimedRecorder r;
    LogScanner late(r, k_split_findings);
    late.start_at(after_register);
    std::size_t k = 1;
    while (starts[k] < after_register) {
        ++k;
    }
    late.feed(text.substr(after_register, starts[k] - after_register));
    for (; k < starts.size() && !(late.carry() == whole.carries[k]); ++k) {
        late.feed(text.substr(starts[k],
                              (k + 1 < starts.size() ? starts[k + 1] : text.size()) - starts[k]));
    }
    ASSERT_LT(k, starts.size());
    EXPECT_GT(starts[k], options_from + 63 * request("OPTIONS", 2).size());
}

}  // namespace
}  // namespace sipwhy
