// The reports a scan feeds: each is the ScanSink that the scanners of one run tell what they find,
// input after input. A report explains each response once, selects the calls and responses asked
// for, counts what it owns and writes its results (text, JSON Lines or CSV) to one stream. It says
// which parts of the input the scanners must read for it, and whether it wants more of an input:
// -q stops at the first match, -m at the last one wanted. Pure: the caller opens the inputs, feeds
// the scanners and owns the stream and the threads.
#pragma once

#include <sipwhy/analysis/call_filter.hpp>
#include <sipwhy/analysis/intervals.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/render/render.hpp>
#include <sipwhy/report/scan_report.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sipwhy {

// What a run reports (one per mode of sipwhy scan).
enum class ReportKind {
    lines,          // one line per response (the default)
    count,          // -c: responses per input
    files_with,     // -l: the inputs with a response
    files_without,  // -L: the inputs without one
    summary,        // --summary, --kpi, --by
    calls,          // --calls: one verdict per call
    flow,           // --flow: each call's ladder
};

enum class ReportFormat { text, json, csv };
enum class FlowFormat { text, mermaid, svg };

struct ReportSettings {
    ReportFormat format = ReportFormat::text;
    RenderOptions render;
    ResponseFilter filter;       // the responses (and call verdicts) to report
    CallFilter calls;            // the calls to report on; every call when empty
    bool quiet = false;          // -q: write nothing; the first match ends the run
    bool no_filename = false;    // no file name before each result line
    bool line_buffered = false;  // flush the stream after each result
    bool join = false;           // the inputs are one stream: calls and requests span them
    int max_count = -1;          // -m: the matches taken from each input; -1 for every one
    bool kpi = false;            // summary: the KPIs of the calls (docs/kpi.md)
    // summary: a log's findings counted too (a capture's always are; with kpi as well)
    bool findings = false;
    std::optional<Interval> by;  // summary: one row per interval
    bool count_calls = false;    // calls: the number of verdicts, not the verdicts
    FlowFormat flow = FlowFormat::text;
    int flow_width = 80;  // the columns a text ladder may use
};

class ScanReport : public ScanSink {
public:
    ScanReport(ReportKind kind, const KnowledgeBase& kb, ReportSettings settings,
               std::ostream& out);

    // A message of a call the call filter selects goes to selected_response() or
    // selected_request(); the others are dropped.
    bool response(const ScannedResponse& r) final;
    bool request(const ScannedRequest& r) final;

    // What the scanners must read of a log, and of a capture, for this report.
    ScanOptions scan_options() const;
    ScanOptions capture_options() const;

    // A new input, under the name its results show ("(standard input)" for stdin).
    virtual void start(std::string source);
    // After each input: `several` when the run reads more than one, `read` false when the input
    // could not be opened or was skipped.
    virtual void end_input(bool several, bool read);
    // After the last input: what the report owes at the end (totals, summaries, ladders).
    virtual void finish(bool several);
    // Every --interval of a live source: what the report would say if the input ended now.
    virtual void progress() {}
    // A file that a directory scan skipped (binary), counted by the summary.
    virtual void skipped() {}

    // Whether the report wants no more of the current input: the run is over (-q found a match),
    // -m is reached, or -l and -L already know the answer for it.
    virtual bool input_done() const;
    // Whether the run is over: -q found a match.
    bool stop() const { return m_settings.quiet && m_found; }
    // Whether a result was found, for the exit status.
    bool anything_found() const { return m_found; }
    // "--call-id a84 matches more than one call: ...", once for each prefix that did.
    const std::vector<std::string>& warnings() const { return m_select.warnings(); }

    // Parallel scans. A report for a later part of this input's split scan (the summary and
    // count of one large file read on several cores), and what such a part counted, after what
    // this report did.
    std::unique_ptr<ScanReport> for_part() const;
    virtual void absorb_part(const ScanReport& part);
    // What the report of a later input, scanned apart, counted; its output is already written.
    virtual void absorb(const ScanReport& later);
    // A report of one input of a parallel scan asks for the CSV header through `hook`, which has
    // it written once for all inputs, instead of writing it itself.
    void on_csv_header(std::function<void()> hook) { m_csv_header_hook = std::move(hook); }

    ReportKind kind() const { return m_kind; }

protected:
    // A response or request of a call selected; returns whether to go on with the input.
    virtual bool selected_response(const ScannedResponse& r) = 0;
    virtual bool selected_request(const ScannedRequest&) { return true; }
    // Whether the filter keeps the response, whose explanation is `x`. With `rules`, the rules
    // read its headers (into findings()) first when the filter is by category, which they may
    // narrow, and after the filter otherwise; `ids_only` when only their ids are counted.
    bool keeps(const ScannedResponse& r, const Explanation& x, bool rules, bool ids_only);
    // A response the filter keeps, as keeps() says, is a match (found, counted for -m); its
    // explanation, to report it, unless the run is quiet. Null when there is nothing to report.
    const Explanation* match(const ScannedResponse& r, bool rules, bool ids_only);
    // The rule findings of the response that keeps() read, or the rules' findings of `r`.
    const std::vector<RuleFinding>& findings() const { return m_findings; }
    std::vector<RuleFinding> findings_of(const ScannedResponse& r, const Explanation& x,
                                         bool ids_only);
    const MessageInfo* request_of(const ScannedResponse& r);
    // A request kept for the findings that compare a response with its request.
    void remember(const ScannedRequest& r);

    std::ostream& out() { return m_out; }
    void found() { m_found = true; }
    void line_done();  // after each result: a flush when line-buffered
    void ensure_csv_header();
    // One result (a response's line, a call's verdict) in the report's format, by the renderer
    // of that format; then line_done().
    template <typename Result>
    void write(const Result& result, void (*json)(std::ostream&, const Result&, Lang),
               void (*csv)(std::ostream&, const Result&),
               void (*text)(std::ostream&, const Result&, const RenderOptions&));
    std::string_view shown_source() const;  // empty when file names are not shown

    const KnowledgeBase& m_kb;
    ReportSettings m_settings;
    ExplanationCache m_cache;
    CallSelector m_select;
    std::string m_source;
    std::uint64_t m_file_matches = 0;  // responses kept of the current input
    // What a count prints at the end, the later inputs' absorbed: the responses of the inputs
    // ended (-c), or the call verdicts (--calls -c).
    std::uint64_t m_tally = 0;

private:
    // What the scanners must read for this kind of report, before a call filter adds its own.
    ScanOptions reads() const;

    ReportKind m_kind;
    std::ostream& m_out;
    RequestMemory m_requests;
    std::vector<RuleFinding> m_findings;
    bool m_found = false;
    bool m_csv_header = false;
    std::function<void()> m_csv_header_hook;
};

// The report of `kind`, writing to `out`.
std::unique_ptr<ScanReport> make_report(ReportKind kind, const KnowledgeBase& kb,
                                        ReportSettings settings, std::ostream& out);

// The CSV header a report of `kind` writes before its first row (a verdict's columns for calls,
// a response's for the rest).
void render_report_csv_header(std::ostream& out, ReportKind kind);

}  // namespace sipwhy
