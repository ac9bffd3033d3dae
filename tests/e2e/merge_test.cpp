// sipwhy merge: the summaries of the parts of a log, summed, are the summary of the whole log.
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

// A log of several messages and a malformed status line; each part below starts at one of its
// messages.
const std::string k_parts[] = {
    "2024-05-01 10:00:00 recv SIP/2.0 486 Busy Here\nCall-ID: a\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:01 recv SIP/2.0 200 OK\nCall-ID: b\nCSeq: 1 REGISTER\n\n"
    "2024-05-01 10:00:02 recv SIP/2.0 403 Wrong Guess\nCall-ID: c\nCSeq: 1 INVITE\n\n",
    "2024-05-01 10:00:03 recv SIP/2.0 486 Busy Here\nCall-ID: d\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:04 recv SIP/2.0 503 Service Unavailable\nCall-ID: e\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:05 recv SIP/2.0 200 OK\nCall-ID: f\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:05 recv SIP/2.0 4294967301 Foo\n\n",
    "2024-05-01 10:00:06 recv SIP/2.0 603 Decline\nCall-ID: g\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:07 recv SIP/2.0 486 BUSY HERE\nCall-ID: h\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:08 recv SIP/2.0 200 OK\nCall-ID: i\nCSeq: 1 INVITE\n\n",
};

std::string whole_log() {
    return k_parts[0] + k_parts[1] + k_parts[2];
}

TEST(Merge, SummariesOfThePartsMergeIntoTheSummaryOfTheWhole) {
    const auto whole = sipwhy(Invocation{.args = {"--summary", "--json"}, .input = whole_log()});
    ASSERT_EQ(whole.status, 0);
    std::vector<std::string> args = {"merge"};
    std::string all;
    int index = 0;
    for (const auto& part : k_parts) {
        const auto r = sipwhy(Invocation{.args = {"--summary", "--json"}, .input = part});
        ASSERT_EQ(r.status, 0);
        args.push_back(temp_file("part-" + std::to_string(index++) + ".json", r.out));
        all += r.out;
    }
    const auto merged = sipwhy(args);
    EXPECT_EQ(merged, (Outcome{0, whole.out, ""}));
    // As a reducer reads them: concatenated on standard input.
    const auto piped = sipwhy(Invocation{.args = {"merge"}, .input = all});
    EXPECT_EQ(piped.out, whole.out);
    EXPECT_EQ(piped.status, 0);
    // The counts themselves.
    const auto j = json_lines(merged.out).at(0);
    EXPECT_EQ(j["total"], 9);
    EXPECT_EQ(j["by_code"][0]["code"], 200);
    EXPECT_EQ(j["by_code"][0]["count"], 3);
    EXPECT_EQ(j["by_category"]["busy"], 3);
}

TEST(Merge, CsvAsTheSummaryPrintsIt) {
    const auto whole = sipwhy(Invocation{.args = {"--summary", "--csv"}, .input = whole_log()});
    std::string all;
    for (const auto& part : k_parts) {
        all += sipwhy(Invocation{.args = {"--summary", "--json"}, .input = part}).out;
    }
    const auto merged = sipwhy(Invocation{.args = {"merge", "--csv"}, .input = all});
    EXPECT_EQ(status_out(merged), (StatusText{0, whole.out}));
    EXPECT_TRUE(merged.out.ends_with("\n1,,(malformed status lines),,,\n")) << merged.out;
}

TEST(Merge, AnEmptySummaryCountsNothing) {
    const auto empty = sipwhy(Invocation{.args = {"--summary", "--json"}, .input = "nothing\n"});
    EXPECT_EQ(empty.status, 1);
    const auto merged = sipwhy(Invocation{.args = {"merge"}, .input = empty.out + empty.out});
    EXPECT_EQ(status_out(merged), (StatusText{1, empty.out}));
}

TEST(Merge, WhatIsNoSummaryIsAnError) {
    const std::string summary =
        sipwhy(Invocation{.args = {"--summary", "--json"}, .input = k_parts[0]}).out;
    const std::string bad = temp_file("bad.json", summary + "{\"code\": 486}\nnot json\n");
    auto r = sipwhy({"merge", bad});
    EXPECT_EQ(r, (Outcome{2, "",
                          "sipwhy: error: " + bad +
                              ":2: not a summary (sipwhy --summary --json prints one)\n"
                              "sipwhy: error: " +
                              bad + ":3: not JSON\n"}));
    const std::string wrong =
        temp_file("wrong.json",
                  "{\"summary\": true, \"total\": 1, \"by_code\": [{\"code\": 486, "
                  "\"reason\": \"Busy Here\", \"count\": -1, \"category\": \"busy\", "
                  "\"next_step\": \"retry_later\"}]}\n");
    r = sipwhy({"merge", wrong});
    EXPECT_EQ(r.err,
              "sipwhy: error: " + wrong + ":1: by_code[0].count is missing or of the wrong type\n");
    r = sipwhy({"merge", "/nonexistent/part.json"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err.rfind("sipwhy: error: /nonexistent/part.json: ", 0), 0u);
    r = sipwhy({"merge", "--calls"});
    EXPECT_EQ(r.err, "sipwhy: error: --calls does not apply to merge\n");
}

}  // namespace
}  // namespace sipwhy::e2e

namespace sipwhy::e2e {
namespace {

// The lines of `text` from `first` (1-based) up to, not including, `end` (0: to the end).
std::string lines_of(const std::string& text, int first, int end) {
    std::string out;
    int n = 1;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t nl = text.find('\n', at);
        const std::size_t stop = nl == std::string::npos ? text.size() : nl + 1;
        if (n >= first && (end == 0 || n < end)) {
            out += text.substr(at, stop - at);
        }
        at = stop;
        ++n;
    }
    return out;
}

TEST(Merge, KpisMergeFromTheirHistograms) {
    // The KPI fixture cut at a message boundary between calls: the parts' KPIs, merged, are the
    // whole log's, percentiles included (they are read from the summed histograms).
    const std::string log =
        read_file(std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/calls/kpi.log");
    const std::string cut = "2026/11/21 10:03:00.000000";
    int line = 1;
    for (std::size_t at = 0; at < log.find(cut); ++at) {
        line += log[at] == '\n' ? 1 : 0;
    }
    const std::string parts[] = {lines_of(log, 1, line), lines_of(log, line, 0)};
    ASSERT_EQ(parts[0] + parts[1], log);
    const auto whole = sipwhy(Invocation{.args = {"--kpi", "--json", "-"}, .input = log});
    ASSERT_EQ(whole.status, 0);
    std::string all;
    for (const auto& p : parts) {
        all += sipwhy(Invocation{.args = {"--kpi", "--json", "-"}, .input = p}).out;
    }
    const auto merged = sipwhy(Invocation{.args = {"merge"}, .input = all});
    EXPECT_EQ(merged.status, 0);
    const auto w = json_lines(whole.out).at(0);
    const auto m = json_lines(merged.out).at(0);
    EXPECT_EQ(m["kpi"], w["kpi"]);
    EXPECT_EQ(m["kpi"]["srd_ms"]["p90"], 32000);
    EXPECT_EQ(m["kpi"]["ser"], 33.3);
    // A summary without KPIs does not merge with ones that have them.
    const std::string plain =
        sipwhy(Invocation{.args = {"--summary", "--json", "-"}, .input = parts[1]}).out;
    const auto mixed = sipwhy(Invocation{.args = {"merge"}, .input = all + plain});
    EXPECT_EQ(mixed.status, 2);
    EXPECT_TRUE(has(mixed.err, "has no KPIs while the parts before it have them"));
}

TEST(Merge, PercentilesOfManyPartsStayWithinTheHistogramsPrecision) {
    // Delays above a second are kept to three significant digits: merged percentiles are the
    // bucket's lower bound, at most 1% under the exact value.
    std::string all;
    for (int part = 0; part < 4; ++part) {
        std::string log;
        for (int call = 0; call < 5; ++call) {
            const int ms = 1000 + part * 1234 + call * 77;  // 1000 ... 5010
            const std::string id = "p" + std::to_string(part) + "c" + std::to_string(call);
            const auto at = [](int t) {
                return "2026-11-21 10:00:" + std::to_string(10 + t / 1000) + "." +
                       std::to_string(1000 + t % 1000).substr(1) + " ";
            };
            const std::string head = "From: <sip:2001@a>;tag=f" + id + "\nTo: <sip:555@b>";
            log += at(0) + "INVITE sip:555@b SIP/2.0\n" + head + "\nCall-ID: " + id +
                   "\nCSeq: 1 INVITE\n\n";
            log += at(ms) + "SIP/2.0 486 Busy Here\n" + head + ";tag=t\nCall-ID: " + id +
                   "\nCSeq: 1 INVITE\n\n";
        }
        all += sipwhy(Invocation{.args = {"--kpi", "--json", "-"}, .input = log}).out;
    }
    const auto merged = json_lines(sipwhy(Invocation{.args = {"merge"}, .input = all}).out);
    ASSERT_EQ(merged.size(), 1u);
    const auto& srd = merged[0]["kpi"]["srd_ms"];
    EXPECT_EQ(srd["count"], 20);
    // Sorted, the 20 delays' 10th is 1000 + 1234 + 4 * 77 = 2542 (rank 50%), kept as 2540; the
    // 18th (90%) is 1000 + 3 * 1234 + 2 * 77 = 4856, kept as 4850.
    EXPECT_EQ(srd["p50"], 2540);
    EXPECT_EQ(srd["p90"], 4850);
}

}  // namespace
}  // namespace sipwhy::e2e
