// sipwhy scan: every SIP response in logs and packet captures (files, directories, stdin, gzip),
// explained one per line, summarised, or read per call.
#include "app.hpp"
#include "capture_input.hpp"
#include "environment.hpp"
#include "input.hpp"
#include "interrupt.hpp"
#include "live.hpp"
#include "ordered_output.hpp"
#include "output.hpp"
#include "split_scan.hpp"

#include <sipwhy/analysis/call_filter.hpp>
#include <sipwhy/render/calls.hpp>
#include <sipwhy/capture/capture.hpp>
#include <sipwhy/exit_status.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/render/flow.hpp>
#include <sipwhy/analysis/intervals.hpp>
#include <sipwhy/render/kpi.hpp>
#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/report/scan_report.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

namespace sipwhy::cli {
namespace {

constexpr int k_idle_ms = 200;  // a pause this long in a live input ends what waits for more

enum class Mode { lines, count, summary, calls, flow, files_with, files_without };

// Receives what the scanner finds in one input after another, and prints it.
// The CSV header of a mode: a verdict's columns for --calls, a response's for the rest.
void render_csv_header(std::ostream& out, Mode mode) {
    if (mode == Mode::calls) {
        render_call_csv_header(out);
    } else {
        render_finding_csv_header(out);
    }
}

class Printer : public ScanSink {
public:
    Printer(const Context& ctx, Mode mode)
        : m_ctx(ctx),
          m_mode(mode),
          m_cache(ctx.kb),
          m_select(ctx.calls),
          m_intervals(ctx.options.by.empty()
                          ? std::nullopt
                          : std::optional<IntervalSummary>(*parse_interval(ctx.options.by))),
          m_calls(ctx.kb, [this](const CallVerdict& v) { verdict(v); }),
          m_call_findings(ctx.kb) {}

    void start(std::string source) {
        m_source = std::move(source);
        m_select.start_input();
        if (!m_ctx.options.join) {
            // As calls are, requests are per input: a response answers one of its own input.
            m_requests.clear();
        }
        m_file_count = 0;
        m_file_matches = 0;
    }

    void response(const ScannedResponse& r) override {
        if (!m_select.selects(r)) {
            return;
        }
        if (m_mode == Mode::flow) {
            // Each response's own findings beside it.
            const Explanation& x = m_cache.get(r.code, r.reason);
            m_findings.clear();
            if (r.message != nullptr) {
                m_findings = findings_of(r, x);
            }
            m_flow.response(m_source, r, &m_findings, m_ctx.render.lang);
            m_call_findings.response(r);
            return;
        }
        if (m_mode == Mode::calls) {
            m_call_findings.response(r);  // first: the verdict may be given on this response
            m_calls.response(m_source, r);
            return;
        }
        if (m_ctx.options.kpi) {
            m_calls.response(m_source, r);
        }
        if (file_done()) {
            return;  // past --max-count, or a file already known to match
        }
        const Explanation& x = m_cache.get(r.code, r.reason);
        // The rules run on the responses kept; a category filter sees the category their
        // findings narrow it to, so they run first then.
        const bool reads = r.message != nullptr && !m_ctx.options.csv &&
                           (m_mode == Mode::lines || m_mode == Mode::summary);
        const bool by_category = !m_ctx.filter.categories.empty();
        m_findings.clear();
        if (reads && by_category) {
            m_findings = findings_of(r, x);
        }
        if (!m_ctx.filter.accepts(r.code, narrowed_category(x.category, m_findings), x.next_step)) {
            return;
        }
        if (reads && !by_category) {
            m_findings = findings_of(r, x);
        }
        ++m_file_matches;
        if (m_mode != Mode::files_without) {
            found();
        }
        if (m_ctx.options.quiet) {
            return;
        }
        switch (m_mode) {
            case Mode::lines: {
                const Finding f{m_ctx.options.no_filename ? std::string_view{} : m_source, r, x,
                                &m_findings};
                if (m_ctx.options.json) {
                    render_finding_json(out(), f, m_ctx.render.lang);
                } else if (m_ctx.options.csv) {
                    ensure_csv_header();
                    render_finding_csv(out(), f);
                } else {
                    render_finding_text(out(), f, m_ctx.render);
                }
                line_done();
                break;
            }
            case Mode::count:
                ++m_file_count;
                break;
            case Mode::summary: {
                const Category category = narrowed_category(x.category, m_findings);
                m_summary.add(r.code, r.reason, x, category);
                m_summary.add_findings(m_findings);
                if (m_intervals) {
                    m_intervals->add_response(r.time, r.packet, r.code, category);
                }
                break;
            }
            case Mode::calls:
            case Mode::flow:
            case Mode::files_with:
            case Mode::files_without:
                break;
        }
    }

    // Nothing more is wanted from this input: the run is over, --max-count is reached, or -l
    // already knows the answer for it.
    bool file_done() const {
        const int max = m_ctx.options.max_count;
        return stop() || (max >= 0 && m_file_matches >= static_cast<std::uint64_t>(max)) ||
               ((m_mode == Mode::files_with || m_mode == Mode::files_without) &&
                m_file_matches > 0);
    }

    // Something odd about one frame of a capture, said with --debug.
    void note(const std::string& path, std::uint64_t frame, std::string_view what) const {
        if (m_ctx.options.debug) {
            out() << std::flush;
            err() << trf("sipwhy: {}: frame {}: {}", "sipwhy: {}: кадр {}: {}", shown_path(path),
                         frame, what)
                  << '\n'
                  << std::flush;
        }
    }

    // A file a directory scan skips, counted for the summary.
    void skipped(const std::string& path, std::string_view why) {
        m_summary.add_skipped();
        if (m_ctx.options.debug) {
            out() << std::flush;
            err() << trf("sipwhy: skipped {}: {}", "sipwhy: пропущен {}: {}", path, why) << '\n'
                  << std::flush;
        }
    }

    void request(const ScannedRequest& r) override {
        if (!m_select.selects(r)) {
            return;
        }
        if (m_mode == Mode::flow) {
            m_flow.request(m_source, r);
            m_call_findings.request(r);
            if (r.message != nullptr) {
                m_requests.add(*r.message);  // for the findings that compare the two
            }
            return;
        }
        if (m_mode == Mode::calls) {
            m_call_findings.request(r);
        }
        if (m_mode == Mode::calls || m_ctx.options.kpi) {
            m_calls.request(m_source, r);
        } else if (r.message != nullptr) {
            m_requests.add(*r.message);
        }
    }

    std::vector<RuleFinding> findings_of(const ScannedResponse& r, const Explanation& x) {
        if (m_mode == Mode::summary) {
            // Counted by id: their texts would be thrown away.
            return response_finding_ids(m_ctx.kb, r.code, x.category, *r.message, request_of(r),
                                        r.reason);
        }
        return response_findings(m_ctx.kb, r.code, x.category, *r.message, request_of(r),
                                 m_ctx.render.lang, r.reason);
    }

    // The request a response answers, when the scan saw it and a rule may read it: only
    // failures and a REGISTER's 2xx have findings.
    const MessageInfo* request_of(const ScannedResponse& r) {
        if (r.code < 300 && r.message->cseq_method != "REGISTER") {
            return nullptr;
        }
        if (r.requests != nullptr) {
            return r.requests->find(*r.message);  // a log's, kept by its scanner
        }
        return m_requests.find(*r.message);
    }

    void malformed(const MalformedStatus& m) override {
        if (!m_select.empty()) {
            return;  // of no call
        }
        m_summary.add_malformed();
        if (m_mode != Mode::lines || !m_ctx.filter.empty() || m_ctx.options.quiet) {
            return;
        }
        if (m_ctx.options.json) {
            render_malformed_json(out(), m_source, m);
        } else if (!m_ctx.options.csv) {
            render_malformed_text(out(), m_ctx.options.no_filename ? std::string_view{} : m_source,
                                  m, m_ctx.render.lang);
        }
        line_done();
    }

    // After each input: the per-file count of -c with several inputs, the names of -l and -L.
    // `read` is false when the input could not be opened.
    void end_input(bool several, bool read) {
        if ((m_mode == Mode::calls || m_ctx.options.kpi) && !m_ctx.options.join) {
            // Calls are per input: two traces that reuse a Call-ID are two calls.
            m_calls.finish();
        }
        if (m_mode == Mode::count && !m_ctx.options.quiet && several && read) {
            out() << sanitize_utf8(m_source) << ':' << m_file_count << '\n';
        }
        if (read && !m_ctx.options.quiet &&
            ((m_mode == Mode::files_with && m_file_matches > 0) ||
             (m_mode == Mode::files_without && m_file_matches == 0))) {
            out() << sanitize_utf8(m_source) << '\n';
            line_done();
        }
        if (read && m_mode == Mode::files_without && m_file_matches == 0) {
            found();
        }
        m_total_count += m_file_count;
    }

    // After all inputs.
    void finish(bool several) {
        if (m_mode == Mode::calls) {
            if (m_ctx.options.csv && !m_ctx.options.count && !m_ctx.options.quiet) {
                ensure_csv_header();
            }
            m_calls.finish();
        }
        if (m_mode == Mode::flow) {
            draw(m_flow.take());
        }
        if (m_ctx.options.kpi) {
            m_calls.finish();
        }
        if (m_ctx.options.quiet) {
            return;
        }
        if (m_mode == Mode::count && !several) {
            out() << m_total_count << '\n';
        }
        if (m_mode == Mode::calls && m_ctx.options.count) {
            out() << m_call_count << '\n';
        }
        if (m_mode == Mode::summary) {
            const KpiReport kpi = m_kpi.report();
            const bool with_kpi = m_ctx.options.kpi;
            if (m_ctx.options.json) {
                m_summary.render_json(out(), m_ctx.render.lang, with_kpi ? &kpi : nullptr,
                                      m_intervals ? &*m_intervals : nullptr);
            } else if (m_ctx.options.csv && m_intervals) {
                m_intervals->render_csv(out(), with_kpi);
            } else if (m_ctx.options.csv) {
                m_summary.render_csv(out(), m_ctx.render.lang);
            } else {
                m_summary.render_text(out(), m_ctx.render);
                if (m_ctx.options.kpi) {
                    render_kpi_text(out(), kpi, m_ctx.render.lang);
                }
                if (m_intervals) {
                    m_intervals->render_text(out(), with_kpi);
                }
            }
        }
    }

    // Every --interval of a live source: the summary so far.
    void progress() {
        if (m_mode == Mode::summary && !m_ctx.options.quiet) {
            finish(false);
            out() << std::flush;
        }
    }

    // What the call filter has to say: a --call-id prefix that matched more than one call.
    void warn() const {
        for (const auto& w : m_select.warnings()) {
            out() << std::flush;
            err() << "sipwhy: " << w << '\n' << std::flush;
        }
    }

    bool anything_found() const { return m_found; }
    bool stop() const { return m_ctx.options.quiet && m_found; }

    // A parallel scan's printer of one input asks for the CSV header through `hook`, which has it
    // written once for all the inputs, instead of writing it itself.
    void on_csv_header(std::function<void()> hook) { m_csv_header_hook = std::move(hook); }

    // What `later`, the printer of a later input scanned apart, found and counted; its output is
    // already written.
    // A printer for a later part of a split scan of the same input (split_scan.hpp).
    std::unique_ptr<Printer> for_part() const {
        auto p = std::make_unique<Printer>(m_ctx, m_mode);
        p->start(m_source);
        return p;
    }

    // What a later part of this input's split scan counted, after what this one did.
    void absorb_part(const Printer& part) {
        m_found = m_found || part.m_found;
        m_summary.merge(part.m_summary);
        m_file_count += part.m_file_count;
        m_file_matches += part.m_file_matches;
        if (m_intervals && part.m_intervals) {
            m_intervals->merge(*part.m_intervals);
        }
    }

    void absorb(const Printer& later) {
        m_found = m_found || later.m_found;
        m_csv_header = m_csv_header || later.m_csv_header;
        m_summary.merge(later.m_summary);
        m_total_count += later.m_total_count;
        m_call_count += later.m_call_count;
    }

private:
    void found() { m_found = true; }

    void line_done() {
        if (m_ctx.options.line_buffered) {
            out() << std::flush;
        }
    }

    void ensure_csv_header() {
        if (!m_csv_header && m_csv_header_hook) {
            m_csv_header_hook();
            m_csv_header = true;
        }
        if (!m_csv_header) {
            render_csv_header(out(), m_mode);
            m_csv_header = true;
        }
    }

    // The ladders of these calls, each after a blank line but the first (one SVG document for all).
    void draw(std::vector<FlowCall> calls) {
        if (calls.empty()) {
            return;
        }
        for (FlowCall& call : calls) {
            attach_call_findings(call, m_call_findings.take(call.call_id), m_ctx.render.lang);
        }
        found();
        if (m_ctx.options.quiet) {
            return;
        }
        if (m_ctx.options.svg) {
            render_flow_svg(out(), calls);
            return;
        }
        for (const FlowCall& call : calls) {
            if (m_drawn++ > 0) {
                out() << '\n';
            }
            if (m_ctx.options.mermaid) {
                render_flow_mermaid(out(), call);
            } else {
                render_flow_text(out(), call, {flow_width(), m_ctx.render.color});
            }
            line_done();
        }
    }

    // The terminal's width; COLUMNS, as less and ls read it, when the output is not one; else 80.
    int flow_width() const {
        if (m_ctx.render.table_width > 0) {
            return m_ctx.render.table_width;
        }
        const std::string_view columns = env("COLUMNS");
        int n = 0;
        const auto [end, ec] = std::from_chars(columns.data(), columns.data() + columns.size(), n);
        return ec == std::errc{} && end == columns.data() + columns.size() && n >= 40 && n <= 1000
                   ? n
                   : 80;
    }

    void verdict(const CallVerdict& given) {
        CallVerdict v = given;
        v.findings = m_call_findings.take(v.call_id);
        if (m_mode == Mode::summary) {
            m_kpi.add(v);
            if (m_intervals) {
                m_intervals->add_call(v);
            }
            return;
        }
        const ResponseFilter& filter = m_ctx.filter;
        if (v.code == 0
                ? !filter.accepts_unanswered()
                : !filter.accepts(v.code, v.explanation->category, v.explanation->next_step)) {
            return;
        }
        found();
        if (m_ctx.options.quiet) {
            return;
        }
        if (m_ctx.options.count) {
            ++m_call_count;
            return;
        }
        if (m_ctx.options.json) {
            render_call_json(out(), v, m_ctx.render.lang);
        } else if (m_ctx.options.csv) {
            ensure_csv_header();
            render_call_csv(out(), v);
        } else {
            render_call_text(out(), v, m_ctx.render);
        }
        line_done();
    }

    const Context& m_ctx;
    Mode m_mode;
    ExplanationCache m_cache;
    CallSelector m_select;
    FlowRecorder m_flow;
    KpiCollector m_kpi;
    std::optional<IntervalSummary> m_intervals;  // --by
    int m_drawn = 0;
    ScanSummary m_summary;
    CallTracker m_calls;
    CallFindings m_call_findings;
    RequestMemory m_requests;             // for findings that compare a response with its request
    std::vector<RuleFinding> m_findings;  // the current response's
    std::string m_source;
    bool m_found = false;
    bool m_csv_header = false;
    std::function<void()> m_csv_header_hook;
    std::uint64_t m_file_count = 0;
    std::uint64_t m_file_matches = 0;
    std::uint64_t m_total_count = 0;
    std::uint64_t m_call_count = 0;
};

// How many first bytes decide that a file of a directory scan is binary, as grep looks at its
// first buffer.
constexpr std::size_t k_binary_check = 4096;

Mode mode_of(const Options& o) {
    if (o.summary || o.kpi || !o.by.empty()) {
        return Mode::summary;
    }
    if (o.calls) {
        return Mode::calls;
    }
    if (o.flow) {
        return Mode::flow;
    }
    if (o.files_with_matches) {
        return Mode::files_with;
    }
    if (o.files_without_match) {
        return Mode::files_without;
    }
    if (o.count) {
        return Mode::count;
    }
    return Mode::lines;
}

ScanOptions scan_options_of(Mode mode, const Context& ctx) {
    const Options& o = ctx.options;
    ScanOptions scan_options;
    scan_options.line_numbers = mode == Mode::lines || mode == Mode::calls;
    scan_options.times = scan_options.line_numbers;
    // The summary of a log reads no headers, to stay as fast as a byte search: it counts the
    // findings of captures, whose headers are always read.
    scan_options.headers = (mode == Mode::lines && !o.quiet) || mode == Mode::calls;
    // Requests are reported for the call verdicts. For the findings that compare a response
    // with its request (CSV lines carry no findings) they are kept unread, and only the few
    // that a failure answers are parsed.
    scan_options.requests = mode == Mode::calls;
    scan_options.request_window = mode == Mode::lines && scan_options.headers && !o.csv;
    scan_options.request_times = mode != Mode::lines;
    // The addresses of framing lines are for calls, --flow and --host alone.
    scan_options.peers = mode == Mode::calls;
    if (!o.by.empty()) {
        scan_options.times = true;  // each response's interval
    }
    if (o.kpi) {
        // The KPIs read calls: their headers, requests and times.
        scan_options.headers = true;
        scan_options.requests = true;
        scan_options.request_window = false;
        scan_options.request_times = true;
        scan_options.peers = true;
        scan_options.times = true;
    }
    if (mode == Mode::flow) {
        scan_options.line_numbers = true;
        scan_options.times = true;
    }
    if (!ctx.calls.empty() || mode == Mode::flow) {
        // A call is selected by its first message, request or response, and its headers.
        scan_options.headers = true;
        scan_options.requests = true;
        scan_options.request_window = false;
        scan_options.request_times = true;
        scan_options.peers = true;
        scan_options.times = scan_options.times || ctx.calls.has_times();
    }
    return scan_options;
}

// --listen-hep and --interface: until SIGINT or SIGTERM, then what the mode owes, and the exit
// status of a scan (a signal is how a live source ends, not an interruption of it).
int run_live(const Context& given, Mode mode) {
    // A live source has no end to wait for: each result is written as it is found.
    Options o = given.options;
    o.line_buffered = true;
    const Context ctx{o,
                      given.kb,
                      given.render,
                      given.format,
                      given.filter,
                      given.calls,
                      given.first_operand_hint};
    Printer printer(ctx, mode);
    CaptureScanner capture(printer, scan_options_of(mode, ctx));
    LiveFeed feed{capture, [&] { return printer.file_done(); }, [&] { printer.progress(); },
                  o.interval, o.debug};
    std::string name = o.listen_hep.empty() ? std::string{} : "hep";
    for (const auto& i : o.interfaces) {
        name += (name.empty() ? "" : ",") + i;
    }
    printer.start(name);
    LiveStats stats;
    try {
        stats = o.listen_hep.empty() ? capture_live(o.interfaces, o.bpf, feed)
                                     : listen_hep(o.listen_hep, feed);
    } catch (const std::bad_alloc&) {
        throw UsageError{trf("{}: out of memory", "{}: не хватает памяти", name)};
    }
    capture.finish();
    printer.end_input(false, true);
    printer.finish(false);
    out() << std::flush;
    if (!o.quiet) {
        err() << (o.listen_hep.empty()
                      ? trf("sipwhy: {} packets captured, {} dropped by the kernel",
                            "sipwhy: захвачено пакетов: {}, отброшено ядром: {}", stats.packets,
                            stats.dropped)
                      : trf("sipwhy: {} HEP packets received, {} malformed (skipped)",
                            "sipwhy: принято пакетов HEP: {}, повреждённых (пропущены): {}",
                            stats.packets, stats.malformed))
              << '\n'
              << std::flush;
    }
    return to_int(printer.anything_found() ? ExitStatus::ok : ExitStatus::not_found);
}

// One input, read through `printer` and the scanners; what cannot be read goes to `report`. A
// large file is read on up to `split` threads when the scan's options allow it (split_scan.hpp).
void scan_input(const Input& input, bool several, const Options& o, Printer& printer,
                LogScanner& scanner, CaptureScanner& capture, std::vector<char>& chunk,
                const std::function<void(const InputError&)>& report, unsigned split = 1,
                const ScanOptions* split_options = nullptr) {
    const auto& [file, in_directory] = input;
    printer.start(display_name(file));
    if (!o.join) {
        scanner.forget_requests();  // as calls are, requests are per input
    }
    bool read = true;
    bool opened = false;
    try {
        ByteSource source(file);
        opened = true;
        scanner.set_time_reference({source.modified_local()});
        if (o.line_buffered || o.quiet) {
            // tail -f: what waits only for more input is reported once the input pauses.
            source.on_idle(k_idle_ms, [&] {
                scanner.idle();
                out() << std::flush;
                return printer.file_done();
            });
        }
        if (is_capture(source.peek(4))) {
            read_capture(source, [&](const CaptureFrame& f) {
                if (f.time_carried) {
                    printer.note(file, f.number,
                                 tr("its fraction of a second was a second or more, carried "
                                    "into the seconds",
                                    "доля секунды в его времени была секундой или больше, "
                                    "перенесена в секунды"));
                }
                capture.frame(f);
                return !printer.file_done();
            });
        } else if (in_directory && looks_binary(source.peek(k_binary_check))) {
            printer.skipped(
                file, tr("binary: neither text nor a capture", "двоичный: не текст и не захват"));
            read = false;
        } else if (const unsigned parts = source.mappable() && split_options != nullptr
                                              ? split_parts(source.size(), split)
                                              : 1;
                   parts > 1) {
            scan_split(source, parts, scanner, printer, *split_options, {source.modified_local()},
                       {[&printer] { return printer.for_part(); },
                        [](ScanSink& first, ScanSink& part) {
                            static_cast<Printer&>(first).absorb_part(static_cast<Printer&>(part));
                        }});
        } else if (source.mappable()) {
            while (!printer.file_done() && !interrupted()) {
                const std::string_view bytes = source.map_next();
                if (bytes.empty()) {
                    break;
                }
                scanner.feed(bytes);
            }
        } else {
            while (!printer.file_done() && !interrupted()) {
                const std::size_t n = source.read(chunk.data(), chunk.size());
                if (n == 0) {
                    break;
                }
                scanner.feed({chunk.data(), n});
            }
        }
    } catch (const InputError& e) {
        report(e);
        read = opened;
    } catch (const std::bad_alloc&) {
        // The scanners' state is not to be trusted after this: the run ends here.
        throw UsageError{
            trf("{}: out of memory", "{}: не хватает памяти", shown_path(display_name(file)))};
    }
    scanner.finish();
    capture.finish();
    printer.end_input(several, read);
}

// How many inputs to scan at once: -j, or one per core; one when the inputs are one stream
// (standard input, --join), when the output is not per input (--flow, --kpi, --by, call
// filters, whose selections span the inputs) or must come at once (--line-buffered, -q).
unsigned jobs_for(const Context& ctx, Mode mode, const std::vector<Input>& files) {
    const Options& o = ctx.options;
    if (files.size() < 2 || o.line_buffered || o.quiet || o.join || o.kpi || !o.by.empty() ||
        !ctx.calls.empty() || mode == Mode::flow) {
        return 1;
    }
    if (std::any_of(files.begin(), files.end(), [](const Input& i) { return i.path == "-"; })) {
        return 1;
    }
    // By default one per core, up to 8: each worker holds an input's window and state, and
    // memory stays bounded (docs/performance.md).
    const unsigned wanted = o.jobs > 0 ? static_cast<unsigned>(o.jobs)
                                       : std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
    return static_cast<unsigned>(std::min<std::size_t>(wanted, files.size()));
}

// How many threads one large input's summary or count may be read on (split_scan.hpp): -j, or
// one per core; one when the scan carries more than the split can (lines, times, headers,
// requests), or would stop early (-q, -m), or must report as it goes (--line-buffered).
unsigned split_jobs_for(const Context& ctx, Mode mode, const ScanOptions& scan_options) {
    const Options& o = ctx.options;
    if ((mode != Mode::summary && mode != Mode::count) || !LogScanner::splittable(scan_options) ||
        o.quiet || o.line_buffered || o.max_count >= 0 || o.kpi || !ctx.calls.empty()) {
        return 1;
    }
    return o.jobs > 0 ? static_cast<unsigned>(o.jobs)
                      : std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
}

// The CSV header a mode writes before its first row, for a parallel scan to write once.
std::string csv_header_of(const Options& o, Mode mode) {
    if (!o.csv) {
        return {};
    }
    std::ostringstream header;
    render_csv_header(header, mode);
    return header.str();
}

// Scans `files` on `jobs` threads, one input each at a time, each with its own printer and
// scanners; the outputs are written in input order (OrderedOutput), and what each printer counted
// is then absorbed into `printer` in input order, so that the run prints what one thread would.
void scan_parallel(const Context& ctx, Mode mode, const std::vector<Input>& files, bool several,
                   unsigned jobs, Printer& printer, const ScanOptions& scan_options,
                   const ScanOptions& capture_options,
                   const std::function<void(const InputError&)>& report) {
    // What the inputs waiting for their turn may hold: 16 MiB together, at least 1 MiB each.
    const std::size_t bound =
        std::max<std::size_t>(std::size_t{1} << 20, (std::size_t{16} << 20) / jobs);
    OrderedOutput output(files.size(), bound, csv_header_of(ctx.options, mode), out(), err());
    std::vector<std::unique_ptr<Printer>> printers(files.size());
    std::atomic<std::size_t> next{0};
    std::mutex fatal_mutex;
    std::exception_ptr fatal;
    const auto work = [&] {
        std::vector<char> chunk(std::size_t{1} << 20);
        while (!interrupted()) {
            const std::size_t i = next++;
            if (i >= files.size()) {
                break;
            }
            try {
                auto file_printer = std::make_unique<Printer>(ctx, mode);
                file_printer->on_csv_header([&output, i] { output.want_header(i); });
                std::ostringstream errors;
                {
                    SlotStream slot(output, i);
                    const OutputRedirect redirect(slot, errors);
                    LogScanner scanner(*file_printer, scan_options);
                    CaptureScanner capture(*file_printer, capture_options);
                    scan_input(files[i], several, ctx.options, *file_printer, scanner, capture,
                               chunk, report);
                    slot.flush();
                }
                printers[i] = std::move(file_printer);
                output.done(i, errors.str());
            } catch (const OutputStopped&) {
                break;
            } catch (...) {
                {
                    const std::lock_guard lock(fatal_mutex);
                    if (!fatal) {
                        fatal = std::current_exception();
                    }
                }
                output.stop();
                break;
            }
        }
    };
    std::vector<std::thread> workers;
    for (unsigned j = 1; j < jobs; ++j) {
        workers.emplace_back(work);
    }
    work();
    for (auto& w : workers) {
        w.join();
    }
    if (fatal) {
        std::rethrow_exception(fatal);
    }
    for (const auto& p : printers) {
        if (p) {
            printer.absorb(*p);
        }
    }
}

}  // namespace

int run_scan(const Context& ctx, std::span<const std::string> operands) {
    const Options& o = ctx.options;
    const Mode mode = mode_of(o);
    if (!o.listen_hep.empty() || !o.interfaces.empty()) {
        return run_live(ctx, mode);
    }
    std::vector<std::string> inputs(operands.begin(), operands.end());
    if (inputs.empty()) {
        if (stdin_is_terminal()) {
            throw UsageError{
                tr("nothing to do: give log files or directories, or pipe a log into sipwhy scan "
                   "(see sipwhy --help)",
                   "нечего делать: укажите файлы или каталоги логов или подайте лог на вход "
                   "sipwhy scan (см. sipwhy --help)")};
        }
        inputs.push_back("-");
    }
    std::atomic<bool> failed{false};  // set by the workers of a parallel scan too
    const auto report = [&](const InputError& e) {
        out() << std::flush;
        const bool about_first = !ctx.first_operand_hint.empty() && !operands.empty() &&
                                 e.message.starts_with(operands.front() + ": ");
        print_error(about_first ? fmt::format("{} ({})", e.message, ctx.first_operand_hint)
                                : e.message);
        failed = true;
    };
    const std::vector<Input> files = expand_inputs(inputs, {o.include, o.exclude}, report);
    const bool several = files.size() > 1 || inputs.size() > 1;

    Printer printer(ctx, mode);
    const ScanOptions scan_options = scan_options_of(mode, ctx);
    // A capture's requests are read for the findings too (its messages are parsed whole anyway).
    ScanOptions capture_options = scan_options;
    capture_options.requests =
        scan_options.requests || ((scan_options.headers || mode == Mode::summary) && !o.csv);
    if (const unsigned jobs = jobs_for(ctx, mode, files); jobs > 1) {
        scan_parallel(ctx, mode, files, several, jobs, printer, scan_options, capture_options,
                      report);
    } else {
        LogScanner scanner(printer, scan_options);
        CaptureScanner capture(printer, capture_options);
        std::vector<char> chunk(std::size_t{1} << 20);
        const unsigned split = split_jobs_for(ctx, mode, scan_options);
        for (const Input& input : files) {
            scan_input(input, several, o, printer, scanner, capture, chunk, report, split,
                       &scan_options);
            if (printer.stop() || interrupted()) {
                break;
            }
        }
    }
    printer.finish(several);
    out() << std::flush;
    printer.warn();
    if (interrupted()) {
        return interrupted_status();
    }
    if (o.quiet && printer.anything_found()) {
        return to_int(ExitStatus::ok);
    }
    if (failed) {
        return to_int(ExitStatus::error);
    }
    return to_int(printer.anything_found() ? ExitStatus::ok : ExitStatus::not_found);
}

}  // namespace sipwhy::cli
