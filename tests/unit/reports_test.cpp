// The reports of a scan (reports.hpp) into a string: what each mode writes, what it asks the
// scanners to read, and that -q and -m stop the scanner at once (over the test knowledge base).
#include "test_kb.hpp"

#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/report/reports.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace sipwhy {
namespace {

// Three responses of two calls, and a malformed status line.
constexpr std::string_view k_log =
    "SIP/2.0 486 Busy Here\n"
    "Call-ID: c1\n"
    "CSeq: 1 INVITE\n"
    "\n"
    "SIP/2.0 4294967301 Foo\n"
    "SIP/2.0 180 Ringing\n"
    "Call-ID: c2\n"
    "CSeq: 1 INVITE\n"
    "\n"
    "SIP/2.0 486 Busy Here\n"
    "Call-ID: c2\n"
    "CSeq: 1 INVITE\n"
    "\n";

// Tells the report what the scanner tells it, and counts the responses told.
class Counted : public ScanSink {
public:
    explicit Counted(ScanReport& to) : m_to(to) {}
    bool response(const ScannedResponse& r) override {
        ++responses;
        return m_to.response(r);
    }
    bool request(const ScannedRequest& r) override { return m_to.request(r); }
    bool malformed(const MalformedStatus& m) override { return m_to.malformed(m); }
    int responses = 0;

private:
    ScanReport& m_to;
};

class Reports : public ::testing::Test {
protected:
    // What a report of `kind` writes for `inputs` (name, text), scanned as the CLI scans them.
    std::string run(ReportKind kind, ReportSettings settings,
                    std::vector<std::pair<std::string, std::string_view>> inputs) {
        std::ostringstream out;
        const auto report = make_report(kind, kb, std::move(settings), out);
        Counted counted(*report);
        LogScanner scanner(counted, report->scan_options());
        for (const auto& [name, text] : inputs) {
            report->start(name);
            scanner.feed(text);
            stopped = scanner.stopped();
            scanner.finish();
            report->end_input(inputs.size() > 1, true);
        }
        report->finish(inputs.size() > 1);
        told = counted.responses;
        found = report->anything_found();
        return out.str();
    }

    KnowledgeBase kb = test::fixture_kb();
    int told = 0;
    bool stopped = false;
    bool found = false;
};

TEST_F(Reports, LinesOnePerResponseAndMalformedLine) {
    EXPECT_EQ(run(ReportKind::lines, {}, {{"pbx.log", k_log}}),
              "pbx.log:1: 486 Busy Here - busy (INVITE, call c1)\n"
              "pbx.log:5: malformed status line \"SIP/2.0 4294967301 Foo\" (status code is not "
              "three digits)\n"
              "pbx.log:6: 180 Ringing - progress (INVITE, call c2)\n"
              "pbx.log:10: 486 Busy Here - busy (INVITE, call c2)\n");
    EXPECT_TRUE(found);
    EXPECT_FALSE(stopped);
    EXPECT_EQ(told, 3);
}

// -m: the scanner is told nothing past the last match wanted, and reads no further.
TEST_F(Reports, MaxCountStopsTheScannerAtOnce) {
    EXPECT_EQ(run(ReportKind::lines, {.no_filename = true, .max_count = 1}, {{"pbx.log", k_log}}),
              "1: 486 Busy Here - busy (INVITE, call c1)\n");
    EXPECT_TRUE(stopped);
    EXPECT_EQ(told, 1);
    // Each input has its own count: the scanner reads the next one after finish().
    EXPECT_EQ(run(ReportKind::lines, {.max_count = 1}, {{"a.log", k_log}, {"b.log", k_log}}),
              "a.log:1: 486 Busy Here - busy (INVITE, call c1)\n"
              "b.log:1: 486 Busy Here - busy (INVITE, call c1)\n");
    EXPECT_EQ(told, 2);
}

// -q: nothing is written, and the first match is the last response the scanner tells.
TEST_F(Reports, QuietStopsAtTheFirstMatch) {
    ReportSettings failures{.quiet = true};
    failures.filter.codes = {486};
    EXPECT_EQ(run(ReportKind::lines, failures, {{"pbx.log", k_log}}), "");
    EXPECT_TRUE(found);
    EXPECT_TRUE(stopped);
    EXPECT_EQ(told, 1);
    failures.filter.codes = {180};
    EXPECT_EQ(run(ReportKind::summary, failures, {{"pbx.log", k_log}}), "");
    EXPECT_EQ(told, 2);
    failures.filter.codes = {404};
    EXPECT_EQ(run(ReportKind::lines, failures, {{"pbx.log", k_log}}), "");
    EXPECT_FALSE(found);
    EXPECT_FALSE(stopped);
    EXPECT_EQ(told, 3);
}

TEST_F(Reports, CountsPerInputAndInTotal) {
    ReportSettings busy;
    busy.filter.codes = {486};
    EXPECT_EQ(run(ReportKind::count, busy, {{"pbx.log", k_log}}), "2\n");
    EXPECT_EQ(run(ReportKind::count, busy, {{"a.log", k_log}, {"b.log", "SIP/2.0 200 OK\n"}}),
              "a.log:2\nb.log:0\n");
    // -l knows its answer at the first match, and stops there.
    EXPECT_EQ(run(ReportKind::files_with, busy, {{"a.log", k_log}, {"b.log", "SIP/2.0 200 OK\n"}}),
              "a.log\n");
    EXPECT_EQ(told, 2);
    EXPECT_EQ(
        run(ReportKind::files_without, busy, {{"a.log", k_log}, {"b.log", "SIP/2.0 200 OK\n"}}),
        "b.log\n");
    EXPECT_TRUE(found);
}

// The summary counts the malformed status line in every format (the CSV once left it out).
TEST_F(Reports, SummaryCountsMalformedLinesInEveryFormat) {
    EXPECT_EQ(run(ReportKind::summary, {.format = ReportFormat::csv}, {{"pbx.log", k_log}}),
              "count,code,reason,category,next_step,meaning\n"
              "2,486,Busy Here,busy,retry_later,The callee is busy.\n"
              "1,180,Ringing,progress,none,The callee is being alerted.\n"
              "1,,(malformed status lines),,,\n");
    const std::string json =
        run(ReportKind::summary, {.format = ReportFormat::json}, {{"pbx.log", k_log}});
    EXPECT_NE(json.find(",\"malformed\":1,\"skipped\":0}"), std::string::npos) << json;
    const std::string ru =
        run(ReportKind::summary, {.render = {.lang = Lang::ru}}, {{"pbx.log", k_log}});
    EXPECT_NE(ru.find("\nВсего ответов: 3\nИскажённых строк статуса: 1\n"), std::string::npos)
        << ru;
}

TEST_F(Reports, CallsVerdictsAndTheirCount) {
    // A verdict names its file, with -I too (which is about the lines of responses).
    EXPECT_EQ(run(ReportKind::calls, {.no_filename = true}, {{"pbx.log", k_log}}),
              "pbx.log:1: call c1: busy - 486 Busy Here (INVITE)\n"
              "pbx.log:6: call c2: busy - 486 Busy Here (INVITE)\n");
    EXPECT_EQ(run(ReportKind::calls, {.count_calls = true}, {{"pbx.log", k_log}}), "2\n");
}

// Each report says what the scanners must read for it; a call filter adds the headers and the
// requests that select a call.
TEST_F(Reports, WhatEachReportAsksTheScannerToRead) {
    std::ostringstream out;
    const auto read = [&](ReportKind kind, ReportSettings s) {
        return make_report(kind, kb, std::move(s), out)->scan_options();
    };
    const ScanOptions summary = read(ReportKind::summary, {});
    EXPECT_FALSE(summary.headers);
    EXPECT_FALSE(summary.line_numbers);
    EXPECT_FALSE(summary.times);
    EXPECT_TRUE(LogScanner::splittable(summary));
    // Counting a log's findings: the headers of the responses that may have them and the requests
    // they answer, in parts of a large input too.
    const ScanOptions findings = read(ReportKind::summary, {.findings = true});
    EXPECT_TRUE(findings.headers);
    EXPECT_TRUE(findings.headers_for_findings);
    EXPECT_TRUE(findings.request_window);
    EXPECT_FALSE(findings.requests);
    EXPECT_FALSE(findings.peers);
    EXPECT_FALSE(findings.line_numbers);
    EXPECT_TRUE(LogScanner::splittable(findings));
    EXPECT_FALSE(read(ReportKind::count, {}).headers);
    EXPECT_TRUE(read(ReportKind::summary, {.by = Interval::hour}).times);
    EXPECT_TRUE(read(ReportKind::summary, {.kpi = true}).requests);
    const ScanOptions lines = read(ReportKind::lines, {});
    EXPECT_TRUE(lines.headers);
    EXPECT_TRUE(lines.request_window);
    EXPECT_FALSE(lines.requests);
    EXPECT_FALSE(read(ReportKind::lines, {.quiet = true}).headers);
    EXPECT_FALSE(read(ReportKind::lines, {.format = ReportFormat::csv}).request_window);
    EXPECT_FALSE(LogScanner::splittable(lines));
    EXPECT_TRUE(read(ReportKind::calls, {}).requests);
    EXPECT_TRUE(read(ReportKind::flow, {}).peers);
    ReportSettings by_call;
    by_call.calls.call_ids = {"c2"};
    const ScanOptions filtered = read(ReportKind::count, by_call);
    EXPECT_TRUE(filtered.headers);
    EXPECT_TRUE(filtered.requests);
    // A capture's requests are read for the findings, but not for CSV rows.
    EXPECT_TRUE(make_report(ReportKind::summary, kb, {}, out)->capture_options().requests);
    EXPECT_FALSE(make_report(ReportKind::lines, kb, {.format = ReportFormat::csv}, out)
                     ->capture_options()
                     .requests);
}

// A call filter selects whole calls: both responses of c2, none of c1, and no malformed line.
TEST_F(Reports, CallFilterSelectsWholeCalls) {
    ReportSettings by_call{.no_filename = true};
    by_call.calls.call_ids = {"c2"};
    EXPECT_EQ(run(ReportKind::lines, by_call, {{"pbx.log", k_log}}),
              "6: 180 Ringing - progress (INVITE, call c2)\n"
              "10: 486 Busy Here - busy (INVITE, call c2)\n");
}

}  // namespace
}  // namespace sipwhy
