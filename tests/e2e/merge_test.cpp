// sipwhy merge: the summaries of the parts of a log, summed, are the summary of the whole log.
#include "run.hpp"

#include <gtest/gtest.h>

namespace sipwhy::e2e {
namespace {

// A log of several messages; each part below starts at one of its messages.
const std::string k_parts[] = {
    "2024-05-01 10:00:00 recv SIP/2.0 486 Busy Here\nCall-ID: a\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:01 recv SIP/2.0 200 OK\nCall-ID: b\nCSeq: 1 REGISTER\n\n"
    "2024-05-01 10:00:02 recv SIP/2.0 403 Wrong Guess\nCall-ID: c\nCSeq: 1 INVITE\n\n",
    "2024-05-01 10:00:03 recv SIP/2.0 486 Busy Here\nCall-ID: d\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:04 recv SIP/2.0 503 Service Unavailable\nCall-ID: e\nCSeq: 1 INVITE\n\n"
    "2024-05-01 10:00:05 recv SIP/2.0 200 OK\nCall-ID: f\nCSeq: 1 INVITE\n\n",
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
    EXPECT_EQ(merged.status, 0);
    EXPECT_EQ(merged.err, "");
    EXPECT_EQ(merged.out, whole.out);
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
    EXPECT_EQ(merged.status, 0);
    EXPECT_EQ(merged.out, whole.out);
}

TEST(Merge, AnEmptySummaryCountsNothing) {
    const auto empty = sipwhy(Invocation{.args = {"--summary", "--json"}, .input = "nothing\n"});
    EXPECT_EQ(empty.status, 1);
    const auto merged = sipwhy(Invocation{.args = {"merge"}, .input = empty.out + empty.out});
    EXPECT_EQ(merged.status, 1);
    EXPECT_EQ(merged.out, empty.out);
}

TEST(Merge, WhatIsNoSummaryIsAnError) {
    const std::string summary =
        sipwhy(Invocation{.args = {"--summary", "--json"}, .input = k_parts[0]}).out;
    const std::string bad = temp_file("bad.json", summary + "{\"code\": 486}\nnot json\n");
    auto r = sipwhy({"merge", bad});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "sipwhy: error: " + bad +
                         ":2: not a summary (sipwhy --summary --json prints one)\n"
                         "sipwhy: error: " +
                         bad + ":3: not JSON\n");
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
