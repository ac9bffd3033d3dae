// The requests a log scan keeps for the findings (ScanOptions::request_window): a response finds
// the request it answers, parsed as a scan that reports requests would have read it, whatever
// the framing and the chunk boundaries.
#include "scan_helpers.hpp"

#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/logs/request_window.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace sipwhy {
namespace {

// What the findings read of a request, as one line.
std::string described(const MessageInfo& m) {
    std::string d = fmt::format("{} {} {} | uri {} | exp {} | se {} | mf {} | ct {} | contact {}",
                                m.cseq_number, m.cseq_method, m.call_id, m.request_uri, m.expires,
                                m.session_expires, m.max_forwards, m.content_type, m.contact);
    d += fmt::format(" | to tag {} | via {} | credentials {} | body {}", m.to_tag, m.via,
                     m.credentials, m.body);
    return d;
}

// For each response with headers, the request it answers as `requests` finds it.
class Answers : public ScanSink {
public:
    std::vector<std::string> found;

    bool response(const ScannedResponse& r) override {
        if (r.message == nullptr) {
            return true;
        }
        const MessageInfo* request = nullptr;
        if (r.requests != nullptr) {
            request = r.requests->find(*r.message);
        } else {
            request = m_memory.find(*r.message);
        }
        found.push_back(fmt::format("{} {} -> {}", r.code, r.message->call_id,
                                    request != nullptr ? described(*request) : "none"));
        return true;
    }
    bool request(const ScannedRequest& r) override {
        if (r.message != nullptr) {
            m_memory.add(*r.message);
        }
        return true;
    }

private:
    RequestMemory m_memory;  // the requests a scan reported, as the call modes read them
};

std::vector<std::string> answers(std::string_view text, bool window, std::size_t chunk) {
    Answers a;
    test::scan_into(a, text, chunk,
                    {.line_numbers = false,
                     .times = false,
                     .headers = true,
                     .requests = !window,
                     .request_times = false,
                     .request_window = window,
                     .peers = false});
    return a.found;
}

std::vector<std::string> fixture_logs() {
    std::vector<std::string> names;
    for (const char* dir : {"/tests/fixtures/logs", "/tests/fixtures/calls"}) {
        for (const auto& e :
             std::filesystem::directory_iterator(std::string(SIPWHY_SOURCE_DIR) + dir)) {
            if (e.path().extension() == ".log") {
                names.push_back(e.path().string());
            }
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

TEST(RequestWindow, EveryFixtureFindsTheRequestsAScanReportingThemFinds) {
    const auto paths = fixture_logs();
    ASSERT_GT(paths.size(), 30U);
    int with_request = 0;
    for (const auto& path : paths) {
        const std::string text = test::read_file(path);
        const auto reported = answers(text, false, 1 << 20);
        EXPECT_EQ(answers(text, true, 1 << 20), reported) << path;
        // Chunks of any size: a request's lines cut anywhere are kept whole.
        for (const std::size_t chunk : {1, 7, 64, 1000}) {
            EXPECT_EQ(answers(text, true, chunk), reported) << path << " in chunks of " << chunk;
        }
        with_request += static_cast<int>(std::count_if(
            reported.begin(), reported.end(),
            [](const std::string& s) { return s.find("-> none") == std::string::npos; }));
    }
    EXPECT_GT(with_request, 40);  // the comparison is not of nothing with nothing
}

std::string request(int n, std::string_view prefix = "") {
    return fmt::format(
        "{0}INVITE sip:bob@example.com SIP/2.0\n{0}Call-ID: c{1}\n{0}CSeq: 1 INVITE\n"
        "{0}Max-Forwards: {1}\n{0}Content-Type: application/sdp\n{0}\n"
        "{0}v=0\n{0}c=IN IP4 10.0.0.{1}\n",
        prefix, n);
}

std::string response(int n) {
    return fmt::format("SIP/2.0 488 Not Acceptable Here\nCall-ID: c{}\nCSeq: 1 INVITE\n\n", n);
}

TEST(RequestWindow, TheLastSixtyFourAreKeptAndEachAsItsFramingWroteIt) {
    std::string text;
    for (int n = 0; n <= 64; ++n) {
        // A log prefix before every line, as logcat and os_log write them.
        text += request(n, "I/sip( 42): ");
    }
    text += response(0) + response(1) + response(64);
    EXPECT_EQ(answers(text, true, 1 << 20),
              (std::vector<std::string>{
                  "488 c0 -> none",  // pushed out by the 65th
                  "488 c1 -> 1 INVITE c1 | uri sip:bob@example.com | exp  | se  | mf 1 | ct "
                  "application/sdp | contact  | to tag  | via  | credentials  | body v=0\r\nc=IN "
                  "IP4 10.0.0.1\r\n",
                  "488 c64 -> 1 INVITE c64 | uri sip:bob@example.com | exp  | se  | mf 64 | ct "
                  "application/sdp | contact  | to tag  | via  | credentials  | body v=0\r\nc=IN "
                  "IP4 10.0.0.64\r\n"}));
}

TEST(RequestWindow, AnotherTransactionOrAForgottenInputFindsNothing) {
    Answers a;
    LogScanner scanner(a, {.request_window = true});
    scanner.feed(request(5));
    scanner.feed("SIP/2.0 488 Not Acceptable Here\nCall-ID: c5\nCSeq: 2 INVITE\n\n");
    scanner.finish();
    // Rotated logs read as one stream (--join): the next input's response finds it.
    scanner.feed(response(5));
    scanner.finish();
    scanner.forget_requests();  // a new input of its own
    scanner.feed(response(5));
    scanner.finish();
    ASSERT_EQ(a.found.size(), 3U);
    EXPECT_EQ(a.found[0], "488 c5 -> none");
    EXPECT_NE(a.found[1].find("-> 1 INVITE c5"), std::string::npos) << a.found[1];
    EXPECT_EQ(a.found[2], "488 c5 -> none");
}

// A value may hold any byte, a NUL too: the request is found, its headers after it read.
TEST(RequestWindow, AValueWithANulByteIsKeptWhole) {
    const std::string text = std::string("REGISTER sip:example.com SIP/2.0\nCall-ID: n1\n") +
                             "User-Agent: Asterisk" + '\0' + "PBX\nCSeq: 1 REGISTER\n" +
                             "Expires: 60\n\nSIP/2.0 423 Interval Too Brief\nCall-ID: n1\n" +
                             "CSeq: 1 REGISTER\nMin-Expires: 3600\n\n";
    const auto found = answers(text, true, 1 << 20);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_NE(found[0].find("-> 1 REGISTER n1 | uri sip:example.com | exp 60"), std::string::npos)
        << found[0];
}

TEST(RequestWindow, ARequestLongerThanItsBoundIsKeptInPart) {
    std::string text = "OPTIONS sip:example.com SIP/2.0\nCall-ID: big\nCSeq: 1 OPTIONS\n";
    while (text.size() < RequestWindow::k_max_bytes + 1000) {
        text += "X-Filler: " + std::string(100, 'x') + "\n";
    }
    text += "Max-Forwards: 9\n\nSIP/2.0 483 Too Many Hops\nCall-ID: big\nCSeq: 1 OPTIONS\n\n";
    const auto found = answers(text, true, 4096);
    ASSERT_EQ(found.size(), 1U);
    // Its first 32 KiB: the Call-ID and CSeq, not the Max-Forwards after the bound.
    EXPECT_NE(found[0].find("-> 1 OPTIONS big | uri sip:example.com | exp  | se  | mf  |"),
              std::string::npos)
        << found[0];
}

}  // namespace
}  // namespace sipwhy
