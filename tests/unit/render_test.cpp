// The renderers into a string: per-response lines, malformed lines, call verdicts and the
// summary, in text, JSON and CSV, from what a scan of a small log gives (over the test
// knowledge base, so that the expected text does not follow data/*.json).
#include "render/render_util.hpp"
#include "test_kb.hpp"

#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/render/calls.hpp>
#include <sipwhy/render/responses.hpp>
#include <sipwhy/render/summary.hpp>
#include <sipwhy/report/scan_report.hpp>

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace sipwhy {
namespace {

// A call refused busy, and a malformed status line.
constexpr std::string_view k_log =
    "2024-03-01 10:00:00.000 INVITE sip:bob@example.com SIP/2.0\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1\n"
    "From: <sip:alice@example.com>;tag=a1\n"
    "To: <sip:bob@example.com>\n"
    "Call-ID: r1@example.com\n"
    "CSeq: 1 INVITE\n"
    "\n"
    "2024-03-01 10:00:01.500 SIP/2.0 486 Busy Here\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1\n"
    "From: <sip:alice@example.com>;tag=a1\n"
    "To: <sip:bob@example.com>;tag=b1\n"
    "Call-ID: r1@example.com\n"
    "CSeq: 1 INVITE\n"
    "\n"
    "2024-03-01 10:00:01.600 ACK sip:bob@example.com SIP/2.0\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1\n"
    "From: <sip:alice@example.com>;tag=a1\n"
    "To: <sip:bob@example.com>;tag=b1\n"
    "Call-ID: r1@example.com\n"
    "CSeq: 1 ACK\n"
    "\n"
    "2024-03-01 10:00:02.000 SIP/2.0 099 Too Low\n";

// Every render of what the scan of k_log reports.
class Rendered : public ScanSink {
public:
    explicit Rendered(const KnowledgeBase& kb)
        : m_cache(kb), m_calls(kb, [this](const CallVerdict& v) {
              render_call_text(calls_text, v, {});
              render_call_json(calls_json, v, Lang::en);
              render_call_csv(calls_csv, v);
          }) {
        render_call_csv_header(calls_csv);
        render_finding_csv_header(lines_csv);
    }

    bool response(const ScannedResponse& r) override {
        const Explanation& x = m_cache.get(r.code, r.reason);
        const Finding f{"pbx.log", r, x};
        render_finding_text(lines_text, f, {});
        render_finding_json(lines_json, f, Lang::en);
        render_finding_csv(lines_csv, f);
        summary.add(r.code, r.reason, x, x.category);
        m_calls.response("pbx.log", r);
        return true;
    }
    bool request(const ScannedRequest& r) override {
        m_calls.request("pbx.log", r);
        return true;
    }
    bool malformed(const MalformedStatus& m) override {
        render_malformed_text(lines_text, "pbx.log", m);
        render_malformed_json(lines_json, "pbx.log", m);
        summary.add_malformed();
        return true;
    }
    void finish() { m_calls.finish(); }

    std::ostringstream lines_text, lines_json, lines_csv, calls_text, calls_json, calls_csv;
    ScanSummary summary;

private:
    ExplanationCache m_cache;
    CallTracker m_calls;
};

class Render : public ::testing::Test {
protected:
    void SetUp() override {
        LogScanner scanner(rendered, {.requests = true});
        scanner.set_time_reference({});
        scanner.feed(k_log);
        scanner.finish();
        rendered.finish();
    }
    KnowledgeBase kb = test::fixture_kb();
    Rendered rendered{kb};
};

TEST_F(Render, Lines) {
    EXPECT_EQ(rendered.lines_text.str(),
              "pbx.log:8: 2024-03-01T10:00:01.500 486 Busy Here - busy (INVITE, call "
              "r1@example.com)\n"
              "pbx.log:22: malformed status line \"SIP/2.0 099 Too Low\" (status code out of the "
              "range 100-699)\n");
    EXPECT_EQ(rendered.lines_json.str(),
              "{\"source\":\"pbx.log\",\"line\":8,\"frame\":null,\"time\":\"2024-03-01T10:00:01."
              "500\",\"src\":null,\"dst\":null,\"transport\":null,\"code\":486,\"reason\":\"Busy "
              "Here\",\"category\":\"busy\",\"code_category\":\"busy\",\"next_step\":\"retry_"
              "later\",\"call_id\":\"r1@example.com\",\"method\":\"INVITE\",\"cseq\":1,\"from\":"
              "\"alice\",\"to\":\"bob\",\"canonical_reason\":\"Busy Here\",\"match\":\"exact\","
              "\"meaning\":\"The callee is busy.\",\"reasons\":[],\"warnings\":[],\"retry_after\":"
              "null,\"server\":null,\"user_agent\":null,\"framing\":\"status_line\",\"findings\":"
              "[]}\n"
              "{\"source\":\"pbx.log\",\"line\":22,\"malformed\":true,\"text\":\"SIP/2.0 099 Too "
              "Low\",\"problem\":\"status code out of the range 100-699\"}\n");
    // The malformed line has no CSV row: CSV rows are responses (docs/json.md, "CSV").
    EXPECT_EQ(rendered.lines_csv.str(),
              "source,line,frame,time,transport,src,dst,code,reason,category,next_step,method,"
              "call_id\n"
              "pbx.log,8,,2024-03-01T10:00:01.500,,,,486,Busy Here,busy,retry_later,INVITE,"
              "r1@example.com\n");
}

// A field holding the separator or a quote is quoted, its quotes doubled (RFC 4180); a control
// character (a line end too) becomes U+FFFD, so that a row stays one line; a text that a
// spreadsheet would run as a formula gets a leading quote (docs/json.md, "CSV").
TEST(RenderTable, ColumnsAsWideAsTheirWidestCellWithinTheirBounds) {
    detail::TextTable table({{"N", 3}, {"Name", 0, 8}, {"Цвет"}, {"Note"}});
    table.add_row({{"1"}, {"short"}, {"red", detail::Style::red}, {"a note"}});
    table.add_row(
        {{"1234"}, {"much too long"}, {"зелёный"}, {"a note that is long enough to cut"}});
    const auto written = [&table](bool color, int table_width) {
        std::ostringstream out;
        table.write(out, color, table_width);
        return out.str();
    };
    EXPECT_EQ(written(false, 0),
              "N     Name      Цвет     Note\n"
              "1     short     red      a note\n"
              "1234  much to~  зелёный  a note that is long enough to cut\n");
    // The last column cut to what the others leave of the table's width, 20 columns at least;
    // colours around the padded cell.
    EXPECT_EQ(written(true, 40),
              "\x1b[1mN     Name      Цвет     Note\x1b[0m\n"
              "1     short     \x1b[31mred    \x1b[0m  a note\n"
              "1234  much to~  зелёный  a note that is long~\n");
}

TEST(RenderCsv, FieldsAreQuotedWhereTheyMustBe) {
    KnowledgeBase kb = test::fixture_kb();
    ExplanationCache cache(kb);
    MessageInfo m;
    m.call_id = "a,\"b\"\nc";
    m.cseq_method = "INVITE";
    ScannedResponse r{3, 486, "Busy, \"really\""};
    r.message = &m;
    std::ostringstream csv;
    render_finding_csv(csv, {"my file.log", r, cache.get(r.code, r.reason)});
    m.call_id = "=cmd|'/C calc'!A0";
    render_finding_csv(csv, {"", r, cache.get(r.code, r.reason)});
    m.call_id = "+4930123";
    render_finding_csv(csv, {"", r, cache.get(r.code, r.reason)});
    EXPECT_EQ(csv.str(),
              "my file.log,3,,,,,,486,\"Busy, \"\"really\"\"\",busy,retry_later,INVITE,"
              "\"a,\"\"b\"\"\xEF\xBF\xBD"
              "c\"\n"
              ",3,,,,,,486,\"Busy, \"\"really\"\"\",busy,retry_later,INVITE,'=cmd|'/C calc'!A0\n"
              ",3,,,,,,486,\"Busy, \"\"really\"\"\",busy,retry_later,INVITE,+4930123\n");
}

TEST_F(Render, Calls) {
    EXPECT_EQ(
        rendered.calls_text.str(),
        "pbx.log:1: 2024-03-01T10:00:00.000 call r1@example.com: busy - 486 Busy Here (INVITE "
        "alice -> bob)\n"
        "  timing: final answer after 1.5 s\n");
    EXPECT_EQ(
        rendered.calls_json.str(),
        "{\"call_id\":\"r1@example.com\",\"source\":\"pbx.log\",\"line\":1,\"frame\":null,"
        "\"time\":\"2024-03-01T10:00:00.000\",\"method\":\"INVITE\",\"verdict\":\"busy\",\"code\":"
        "486,\"reason\":"
        "\"Busy Here\",\"category\":\"busy\",\"code_category\":\"busy\",\"next_step\":\"retry_"
        "later\",\"meaning\":\"The callee is busy.\",\"from\":\"alice\",\"to\":\"bob\","
        "\"challenges\":0,\"reasons\":[],\"contradiction\":null,\"no_ack\":false,"
        "\"retransmissions\":0,\"responses\":1,\"caller_address\":null,\"callee_address\":"
        "null,\"timing\":{\"pdd_ms\":null,\"setup_ms\":1500,\"ring_ms\":null,\"duration_ms\":"
        "null,\"disconnect_ms\":null,\"register_ms\":null},\"findings\":[]}\n");
    EXPECT_EQ(rendered.calls_csv.str(),
              "call_id,source,line,method,verdict,code,reason,category,from,to,challenges,reason_"
              "protocol,reason_cause,contradiction,no_ack,frame,time,caller_address,callee_address,"
              "pdd_ms,setup_ms,ring_ms,duration_ms,disconnect_ms,register_ms\n"
              "r1@example.com,pbx.log,1,INVITE,busy,486,Busy Here,busy,alice,bob,0,,,,false,,"
              "2024-03-01T10:00:00.000,,,,"
              "1500,,,,\n");
}

TEST_F(Render, Summary) {
    std::ostringstream text, json, csv;
    render_summary_text(text, rendered.summary, {});
    render_summary_json(json, rendered.summary, Lang::en);
    render_summary_csv(csv, rendered.summary, Lang::en);
    EXPECT_EQ(text.str(),
              "Count  Code  Phrase     Category  Meaning\n"
              "1      486   Busy Here  busy      The callee is busy.\n"
              "\n"
              "By class:  4xx 1\n"
              "By category:  busy 1\n"
              "Total: 1 responses\n"
              "Malformed status lines: 1\n");
    EXPECT_EQ(json.str(),
              "{\"summary\":true,\"total\":1,\"by_code\":[{\"code\":486,\"reason\":\"Busy Here\","
              "\"count\":1,\"category\":\"busy\",\"next_step\":\"retry_later\",\"meaning\":\"The "
              "callee is busy.\"}],\"by_class\":{\"1xx\":0,\"2xx\":0,\"3xx\":0,\"4xx\":1,\"5xx\":0,"
              "\"6xx\":0},\"by_category\":{\"busy\":1},\"by_finding\":{},\"malformed\":1,"
              "\"skipped\":0}\n");
    // The malformed line is a row of no code, as the text and JSON count it.
    EXPECT_EQ(csv.str(),
              "count,code,reason,category,next_step,meaning\n"
              "1,486,Busy Here,busy,retry_later,The callee is busy.\n"
              "1,,(malformed status lines),,,\n");
    std::ostringstream ru;
    render_summary_text(ru, rendered.summary, {.lang = Lang::ru});
    EXPECT_EQ(ru.str().substr(ru.str().find("\n\n") + 2),
              "По классам:  4xx 1\n"
              "По категориям:  busy 1\n"
              "Всего ответов: 1\n"
              "Искажённых строк статуса: 1\n");
}

}  // namespace
}  // namespace sipwhy
