// Responses reported in words, keys, JSON, compact forms, records and damaged status lines, read
// through the real binary from the fixtures in tests/fixtures/logs (docs/logs.md, "Responses
// reported in words"); and the logs that hold none.
#include "run.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <sstream>

namespace sipwhy::e2e {
namespace {

const std::string k_fixtures = std::string(SIPWHY_SOURCE_DIR) + "/tests/fixtures/logs";

Result in_fixtures(std::vector<std::string> args) {
    return sipwhy(Invocation{.args = std::move(args), .cwd = k_fixtures});
}

// "line time code reason | method | call | framing" for each response of a JSON Lines output.
std::vector<std::string> found(const std::string& out) {
    std::vector<std::string> rows;
    for (const auto& j : json_lines(out)) {
        auto text = [&](const char* key) {
            return j[key].is_null() ? std::string("-") : j[key].get<std::string>();
        };
        rows.push_back(std::to_string(j["line"].get<int>()) + ' ' + text("time") + ' ' +
                       std::to_string(j["code"].get<int>()) + ' ' + j["reason"].get<std::string>() +
                       " | " + text("method") + " | " + text("call_id") + " | " + text("framing"));
    }
    return rows;
}

TEST(Recognition, Prose) {
    const auto r = in_fixtures({"--json", "mentions-prose.log"});
    EXPECT_EQ(status_err(r), (StatusText{0, ""}));
    const std::vector<std::string> expected = {
        "1 2026-11-20T10:00:01.100 486 Busy Here | INVITE | - | prose",
        "2 2026-11-20T10:00:02.200 603 Decline | - | - | prose",
        "3 2026-11-20T10:00:03.300 404  | REGISTER | - | prose",
        "4 2026-11-20T10:00:04.400 480  | - | - | prose",
        "5 2026-11-20T10:00:05.500 403 Forbidden | - | - | prose",
        "6 2026-11-20T10:00:06.600 500  | - | - | prose",
        "7 2026-11-20T10:00:07 408  | REGISTER | - | prose",
        "8 2026-11-20T10:00:08.123 401  | - | - | prose",
        "9 2026-11-20T10:00:09 408  | - | - | prose",
        "10 2026-11-20T10:00:10.001+01:00 480 No money left | INVITE | - | prose",
        // A timeout word before a code that means a timeout.
        "11 2026-11-20T10:00:11.100 408  | INVITE | - | prose",
        "12 2026-11-20T10:00:12.200 408  | INVITE | - | prose",
        "13 2026-11-20T10:00:13.300 408  | INVITE | - | key_value",
        // The code's phrase, or one the knowledge base lists, before it in brackets.
        "14 2026-11-20T10:00:14.400 403 Forbidden | REGISTER | - | prose",
        "15 2026-11-20T10:00:15.500 486 Busy Here | - | - | prose",
        "16 2026-11-20T10:00:16.600 404 Not Found | INVITE | - | prose",
        "17 2026-11-20T10:00:17.700 480 No money left | INVITE | - | prose",
        // Logged twice, the second time in a long JSON line; a 487 that could not be sent.
        "18 2026-11-20T10:00:18.800 477  | INVITE | - | prose",
        "20 2026-11-20T10:00:19.900 408  | - | - | prose",
        // The same statement for two targets, less than a second apart: two responses.
        "21 2026-11-20T10:00:19.900 408  | INVITE | - | key_value",
        "22 2026-11-20T10:00:19.900 408  | INVITE | - | key_value",
    };
    EXPECT_EQ(found(r.out), expected);
}

TEST(Recognition, KeyValue) {
    const auto r = in_fixtures({"--json", "mentions-key-value.log"});
    EXPECT_EQ(r.status, 0);
    const std::vector<std::string> expected = {
        "1 2026-11-20T11:00:01 408 Request Timeout | - | kv-1@sbc | prose",
        "2 2026-11-20T11:00:01 408 Request Timeout | - | kv-2@sbc | prose",
        // T_code is the state before new_code: one response, the new one.
        "3 2026-11-20T11:00:02 486  | - | - | key_value",
        // The code wrapped across two lines by the logger.
        "4 2026-11-20T11:00:03 487 Request Terminated | INVITE | kv-3@sbc | key_value",
        // OpenSIPS's parser block: the phrase on the next line.
        "8 2026-11-20T11:00:04 503 Service Unavailable | - | - | key_value",
        "10 2026-11-20T11:00:05 486 Busy Here | - | kv-5@pbx | key_value",
        "11 2026-11-20T11:00:06 404  | INVITE | kv-6@pbx | key_value",
        "12 2026-11-20T11:00:07 200 OK | INVITE | kv-7@sbc | key_value",
        "13 2026-11-20T11:00:08 404  | REGISTER | - | key_value",
        // Kamailio's and OpenSIPS's $rs and $rr.
        "14 2026-11-20T11:00:09 408 Request Timeout | - | - | key_value",
        "15 2026-11-20T11:00:10 486  | - | kv-8@lb | key_value",
        // The same line twice is one statement repeated.
        "16 2026-11-20T11:00:11 503  | - | - | prose",
    };
    EXPECT_EQ(found(r.out), expected);
}

TEST(Recognition, Json) {
    const auto r = in_fixtures({"--json", "mentions-json.log"});
    EXPECT_EQ(r.status, 0);
    const std::vector<std::string> expected = {
        "1 2026-11-20T12:00:01.001Z 486 Busy Here | INVITE | js-1@ua | json",
        "2 2026-11-20T12:00:02.002Z 183 Session Progress | INVITE | js-2@ua | json",
        // Pretty-printed: the SIP keys on the lines before, the phrase on the next.
        "9 2026-11-20T12:00:03.003Z 503 Service Unavailable | - | - | json",
        // Docker's json-file: a prose line inside "log".
        "12 2026-11-20T12:00:04.004 403 Forbidden | - | - | prose",
        // journalctl -o json: the time from __REALTIME_TIMESTAMP, not a method from "MESSAGE".
        "13 2026-11-20T12:00:05.000000Z 487 Request Terminated | - | js-5@sbc | prose",
        // A Loki export: logfmt inside the value, nanoseconds since the epoch.
        "14 2026-11-20T12:00:06.000000000Z 480 Temporarily Unavailable | - | js-6@sbc | key_value",
        // Elasticsearch: nested and flattened ECS-like keys.
        "15 2026-11-20T12:00:07.007Z 404 Not Found | INVITE | js-7@sbc | json",
        "16 2026-11-20T12:00:08.008Z 401  | REGISTER | js-8@reg | json",
    };
    EXPECT_EQ(found(r.out), expected);
}

TEST(Recognition, Compact) {
    const auto r = in_fixtures({"--json", "mentions-compact.log"});
    EXPECT_EQ(r.status, 0);
    const std::vector<std::string> expected = {
        "1 2026-11-20T13:00:01.000 486  | INVITE | - | compact",
        "2 2026-11-20T13:00:02.000 180 Ringing | - | - | compact",
        "3 2026-11-20T13:00:03.000 200 OK | REGISTER | - | compact",
        "4 2026-11-20T13:00:04.000 183 Session Progress | - | - | prose",
        "5 2026-11-20T13:00:05.000 487 Request Terminated | - | - | prose",
        "6 2026-11-20T13:00:06.000 503  | INVITE | - | compact",
        "7 2026-11-20T13:00:07.000 100 Trying | - | - | compact",
        // sofia-sip's nta: "<503> for <INVITE>", with and without the file, line and function.
        "8 2026-11-20T13:00:08.000 503  | INVITE | - | compact",
        "9 2026-11-20T13:00:10.000 503  | INVITE | - | compact",
    };
    EXPECT_EQ(found(r.out), expected);
}

TEST(Recognition, DamagedAndEscapedStatusLines) {
    const auto r = in_fixtures({"--json", "status-damaged.log"});
    EXPECT_EQ(r.status, 0);
    const std::vector<std::string> expected = {
        "1 2026-11-20T14:00:01 404 not found | - | - | status_line",
        "2 2026-11-20T14:00:02 480 Temporarily Unavailable | - | - | status_line",
        "3 2026-11-20T14:00:03 503 Service Unavailable | - | - | status_line",
        // "^M" for CR; the time from the nearest line before that has one.
        "4 2026-11-20T14:00:03 200 OK | OPTIONS | dmg-1@px | status_line",
        "9 2026-11-20T14:00:04 603 Decline | INVITE | dmg-2@px | status_line",
        // "\r\n" inside a JSON string: the headers after it are read.
        "10 2026-11-20T14:00:05Z 486 Busy Here | INVITE | dmg-3@px | status_line",
        // The phrase ends where the phrase ends.
        "11 2026-11-20T14:00:06 407 Proxy Authentication Required | - | - | status_line",
        "12 2026-11-20T14:00:07 100 Trying | - | - | status_line",
    };
    EXPECT_EQ(found(r.out), expected);
}

TEST(Recognition, TextShowsTheTime) {
    const auto r = in_fixtures({"mentions-prose.log"});
    EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1),
              "mentions-prose.log:1: 2026-11-20T10:00:01.100 486 Busy Here - busy (INVITE)\n");
}

TEST(Recognition, CsvRowsCarryTheTime) {
    const auto r = in_fixtures({"--csv", "mentions-prose.log"});
    std::istringstream rows(r.out);
    std::string header;
    std::string first;
    std::getline(rows, header);
    std::getline(rows, first);
    EXPECT_EQ(
        first,
        "mentions-prose.log,1,,2026-11-20T10:00:01.100,,,,486,Busy Here,busy,retry_later,INVITE,");
}

// tail -f: what waits only for more input (a summary line, a mention, a message whose blank line
// has not come) is reported once the input pauses, and -q ends at the match.
TEST(Recognition, ALiveInputThatPausesGetsItsResponses) {
    const std::string summary =
        "Nov 20 10:00:01 pbx asterisk: -- Got SIP response 503 \"Service Unavailable\" back from "
        "192.0.2.1:5060\n";
    const auto quiet =
        sipwhy(Invocation{.args = {"-q", "--code", "503"}, .input = summary, .hold_stdin = true});
    EXPECT_TRUE(quiet.ended_before_eof);
    EXPECT_EQ(quiet.status, 0);
    const auto lines = sipwhy(Invocation{.args = {"--line-buffered"},
                                         .input = "reply 486 Busy Here ci=a1 sip:x\n",
                                         .hold_stdin = true});
    EXPECT_TRUE(lines.output_before_eof);
    EXPECT_EQ(lines.out, "(standard input):1: 486 Busy Here - busy (call a1)\n");
    const auto message = sipwhy(Invocation{.args = {"--line-buffered"},
                                           .input = "SIP/2.0 486 Busy Here\nCall-ID: m1\n",
                                           .hold_stdin = true});
    EXPECT_TRUE(message.output_before_eof);
    EXPECT_EQ(message.out, "(standard input):1: 486 Busy Here - busy (call m1)\n");
}

// A bare CR ends a line too (old Mac files, some devices).
TEST(Recognition, ABareCrEndsALine) {
    const auto r = sipwhy(Invocation{.input = "SIP/2.0 180 Ringing\rSIP/2.0 200 OK\r"});
    EXPECT_EQ(r.out,
              "(standard input):1: 180 Ringing - progress\n(standard input):1: 200 OK - success\n");
}

// Every mode finds the same responses: the summary counts what the lines show.
TEST(Recognition, EveryModeFindsTheSame) {
    for (const char* file : {"mentions-prose.log", "mentions-key-value.log", "mentions-json.log",
                             "mentions-compact.log", "status-damaged.log"}) {
        const auto lines = in_fixtures({"-c", file});
        const auto summary = in_fixtures({"--summary", "--json", file});
        const auto total = json_lines(summary.out).back();
        EXPECT_EQ(lines.out, std::to_string(total["total"].get<int>()) + "\n") << file;
    }
}

// What an expert reads as no response at all: HTTP access and application logs (a phrase before
// its code in brackets too), Q.850 and hangup causes, ports, pids, durations (a timeout's too),
// sizes, counts, stack traces, configuration and script text, RTCP packet types, stack-internal
// error numbers, request lines and their headers.
TEST(Recognition, NothingInventedInLogsWithoutResponses) {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(k_fixtures)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("not-responses-")) {
            continue;
        }
        ++files;
        for (const char* mode : {"--json", "--summary"}) {
            const auto r = in_fixtures({mode, name});
            EXPECT_EQ(r.status, 1) << name << ' ' << mode << ": " << r.out;
            EXPECT_EQ(r.err, "") << name;
        }
        const auto r = in_fixtures({name});
        EXPECT_EQ(r.out, "") << name;
        // Requests in them may still make calls, none of them answered.
        std::istringstream calls(in_fixtures({"--calls", name}).out);
        for (std::string line; std::getline(calls, line);) {
            EXPECT_TRUE(has(line, ": no_final_response (")) << name << ": " << line;
        }
    }
    EXPECT_EQ(files, 7);
}

// A timestamp without a year takes it from the file's modification time; a month later than
// that is of the year before (docs/logs.md).
TEST(Recognition, YearFromTheModificationTime) {
    const std::string path = temp_file("syslog.log",
                                       "Dec 31 23:59:59 pbx app: got response 486 for INVITE\n"
                                       "Jan  2 00:00:01 pbx app: got response 480 for INVITE\n");
    const timespec written[2] = {{1799150400, 0}, {1799150400, 0}};  // 2027-01-05T12:00:00Z
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), written, 0), 0);
    const auto r = sipwhy(Invocation{.args = {"--json", path}, .env = {{"TZ", "UTC"}}});
    const auto rows = json_lines(r.out);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["time"], "2026-12-31T23:59:59");
    EXPECT_EQ(rows[1]["time"], "2027-01-02T00:00:01");
}

// The shared corpus's logs/EXPECT.tsv says what an expert reads in each of the newer logs:
// "code:count" exactly, "code:+" at least one, "code:?" either way, "-" none at all.
TEST(Recognition, SharedCorpusAsAnExpertReadsIt) {
    const std::string dir = std::string(SIPWHY_SHARED_DIR) + "/corpus/logs";
    const std::string expect = dir + "/EXPECT.tsv";
    if (!std::filesystem::is_regular_file(expect)) {
        GTEST_SKIP() << "no corpus at " << dir << ": skipping the corpus check";
    }
    std::istringstream table(read_file(expect));
    std::string row;
    int files = 0;
    while (std::getline(table, row)) {
        if (row.empty() || row.starts_with("#")) {
            continue;
        }
        const auto tab = row.find('\t');
        ASSERT_NE(tab, std::string::npos) << row;
        const std::string file = row.substr(0, tab);
        const std::string want = row.substr(tab + 1);
        ++files;
        const auto r = sipwhy({"--json", dir + "/" + file});
        EXPECT_EQ(r.err, "") << file;
        std::map<int, int> counts;
        for (const auto& j : json_lines(r.out)) {
            ++counts[j["code"].get<int>()];
        }
        std::map<int, std::string> wanted;
        std::istringstream items(want);
        std::string item;
        while (items >> item) {
            if (item == "-") {
                continue;
            }
            const auto colon = item.find(':');
            wanted[std::stoi(item.substr(0, colon))] = item.substr(colon + 1);
        }
        for (const auto& [code, n] : counts) {
            EXPECT_TRUE(wanted.contains(code)) << file << ": " << code << " found, not expected";
        }
        for (const auto& [code, n] : wanted) {
            const int got = counts.contains(code) ? counts[code] : 0;
            if (n == "+") {
                EXPECT_GE(got, 1) << file << ": " << code;
            } else if (n != "?") {
                EXPECT_EQ(got, std::stoi(n)) << file << ": " << code;
            }
        }
    }
    EXPECT_GT(files, 0);
}

// The three corpus logs that report their response only in words, as proxies and PBXs do.
TEST(Recognition, SharedCorpusResponsesInWords) {
    const std::string dir = std::string(SIPWHY_SHARED_DIR) + "/corpus/logs/";
    if (!std::filesystem::is_directory(dir)) {
        GTEST_SKIP() << "no corpus at " << dir << ": skipping the corpus check";
    }
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"asterisk-full-log/vf-uk-asterisk-config-issue1-registration-408.log", "408  REGISTER"},
        {"opensips/opensips-issue3344-debug-parse-msg-500.log", "500 Server Internal Error "},
        {"opensips/opensips-issue933-debug-acc-487-wrapped.log", "487  "},
    };
    for (const auto& [file, want] : cases) {
        const auto r = sipwhy({"--json", dir + file});
        const auto rows = json_lines(r.out);
        ASSERT_EQ(rows.size(), 1u) << file;
        const auto& j = rows[0];
        EXPECT_EQ(std::to_string(j["code"].get<int>()) + ' ' + j["reason"].get<std::string>() +
                      ' ' + (j["method"].is_null() ? "" : j["method"].get<std::string>()),
                  want)
            << file;
    }
}

}  // namespace
}  // namespace sipwhy::e2e
