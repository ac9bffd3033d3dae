// The reports of sipwhy scan (reports.hpp): one class per mode over a base that selects calls,
// explains responses once, runs the rules and knows when an input is done.
#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/analysis/flow.hpp>
#include <sipwhy/analysis/kpi.hpp>
#include <sipwhy/render/calls.hpp>
#include <sipwhy/render/flow.hpp>
#include <sipwhy/render/intervals.hpp>
#include <sipwhy/render/kpi.hpp>
#include <sipwhy/render/responses.hpp>
#include <sipwhy/render/summary.hpp>
#include <sipwhy/report/reports.hpp>
#include <sipwhy/text.hpp>

namespace sipwhy {

ScanReport::ScanReport(ReportKind kind, const KnowledgeBase& kb, ReportSettings settings,
                       std::ostream& out)
    : m_kb(kb),
      m_settings(std::move(settings)),
      m_cache(kb),
      m_select(m_settings.calls),
      m_kind(kind),
      m_out(out) {}

// What each report reads, from the defaults of ScanOptions: every line's number and time, the
// messages' headers and the framings' addresses, but neither the requests nor their window.
ScanOptions ScanReport::reads() const {
    ScanOptions o;
    switch (m_kind) {
        case ReportKind::lines:
            o.headers = !m_settings.quiet;
            // For the findings that compare a response with its request (CSV lines carry no
            // findings), a log's requests are kept unread, and only the few that a failure
            // answers are parsed.
            o.request_window = o.headers && m_settings.format != ReportFormat::csv;
            o.request_times = false;
            o.peers = false;
            break;
        case ReportKind::count:
        case ReportKind::files_with:
        case ReportKind::files_without:
        case ReportKind::summary:
            // As fast as a byte search: no line numbers, times or headers. The summary counts the
            // findings of captures, whose headers are always read; of a log with --findings, which
            // only failures and a REGISTER's 2xx have: their headers are read, and the requests
            // they answer.
            o.line_numbers = false;
            o.times = m_kind == ReportKind::summary && m_settings.by.has_value();
            o.headers = m_kind == ReportKind::summary && m_settings.findings;
            o.headers_for_findings = true;
            o.request_window = o.headers;
            o.peers = false;
            if (m_kind == ReportKind::summary && m_settings.kpi) {
                // The KPIs read calls: their headers, requests and times.
                o.headers = true;
                o.headers_for_findings = false;
                o.request_window = false;
                o.requests = true;
                o.peers = true;
                o.times = true;
            }
            break;
        case ReportKind::calls:
        case ReportKind::flow:
            o.requests = true;
            break;
    }
    if (!m_settings.filter.categories.empty()) {
        // The category filter judges the category as the findings narrow it: the headers, and
        // the requests that a failure answers.
        o.headers = true;
        o.request_window = !o.requests;
    }
    return o;
}

ScanOptions ScanReport::scan_options() const {
    ScanOptions o = reads();
    if (!m_settings.calls.empty()) {
        // A call is selected by its first message, request or response, and its headers.
        o.headers = true;
        o.headers_for_findings = false;
        o.requests = true;
        o.request_window = false;
        o.request_times = true;
        o.peers = true;
        o.times = o.times || m_settings.calls.has_times();
    }
    return o;
}

ScanOptions ScanReport::capture_options() const {
    // A capture's requests are read for the findings too (its messages are parsed whole anyway).
    ScanOptions o = scan_options();
    o.requests = o.requests || ((o.headers || m_kind == ReportKind::summary) &&
                                m_settings.format != ReportFormat::csv);
    return o;
}

void ScanReport::start(std::string source) {
    m_source = std::move(source);
    m_select.start_input();
    if (!m_settings.join) {
        // As calls are, requests are per input: a response answers one of its own input.
        m_requests.clear();
    }
    m_file_matches = 0;
}

void ScanReport::end_input(bool, bool) {}

void ScanReport::finish(bool) {}

bool ScanReport::response(const ScannedResponse& r) {
    return m_select.selects(r) ? selected_response(r) : !input_done();
}

bool ScanReport::request(const ScannedRequest& r) {
    return m_select.selects(r) ? selected_request(r) : !input_done();
}

bool ScanReport::input_done() const {
    const int max = m_settings.max_count;
    return stop() || (max >= 0 && m_file_matches >= static_cast<std::uint64_t>(max));
}

std::unique_ptr<ScanReport> ScanReport::for_part() const {
    auto part = make_report(m_kind, m_kb, m_settings, m_out);
    part->start(m_source);
    return part;
}

void ScanReport::absorb_part(const ScanReport& part) {
    m_found = m_found || part.m_found;
    m_file_matches += part.m_file_matches;
}

void ScanReport::absorb(const ScanReport& later) {
    m_found = m_found || later.m_found;
    m_csv_header = m_csv_header || later.m_csv_header;
    m_tally += later.m_tally;
}

bool ScanReport::keeps(const ScannedResponse& r, const Explanation& x, bool rules, bool ids_only) {
    // The category filter judges the category as the findings narrow it, in every mode and format
    // (reads() has the headers read for it): a count says as many as the lines show.
    const bool by_category = !m_settings.filter.categories.empty();
    m_findings.clear();
    if (by_category && r.message != nullptr) {
        m_findings = findings_of(r, x, ids_only || !rules);
    }
    if (!m_settings.filter.accepts(r.code, narrowed_category(x.category, m_findings),
                                   x.next_step)) {
        return false;
    }
    if (!rules) {
        m_findings.clear();  // they only judged the category: this output shows none
    } else if (!by_category && r.message != nullptr) {
        m_findings = findings_of(r, x, ids_only);
    }
    return true;
}

const Explanation* ScanReport::match(const ScannedResponse& r, bool rules, bool ids_only) {
    const Explanation& x = m_cache.get(r.code, r.reason);
    if (!keeps(r, x, rules, ids_only)) {
        return nullptr;
    }
    ++m_file_matches;
    found();
    return m_settings.quiet ? nullptr : &x;
}

std::vector<RuleFinding> ScanReport::findings_of(const ScannedResponse& r, const Explanation& x,
                                                 bool ids_only) {
    if (ids_only) {
        // Counted by id: their texts would be thrown away.
        return response_finding_ids(m_kb, r.code, x.category, *r.message, request_of(r), r.reason);
    }
    return response_findings(m_kb, r.code, x.category, *r.message, request_of(r),
                             m_settings.render.lang, r.reason);
}

// The request a response answers, when the scan saw it and a rule may read it: only failures and
// a REGISTER's 2xx have findings.
const MessageInfo* ScanReport::request_of(const ScannedResponse& r) {
    if (r.code < 300 && r.message->cseq_method != "REGISTER") {
        return nullptr;
    }
    if (r.requests != nullptr) {
        return r.requests->find(*r.message);  // a log's, kept by its scanner
    }
    return m_requests.find(*r.message);
}

void ScanReport::remember(const ScannedRequest& r) {
    if (r.message != nullptr) {
        m_requests.add(*r.message);
    }
}

void ScanReport::line_done() {
    if (m_settings.line_buffered) {
        m_out << std::flush;
    }
}

void ScanReport::ensure_csv_header() {
    if (!m_csv_header && m_csv_header_hook) {
        m_csv_header_hook();
        m_csv_header = true;
    }
    if (!m_csv_header) {
        render_report_csv_header(m_out, m_kind);
        m_csv_header = true;
    }
}

template <typename Result>
void ScanReport::write(const Result& result, void (*json)(std::ostream&, const Result&, Lang),
                       void (*csv)(std::ostream&, const Result&),
                       void (*text)(std::ostream&, const Result&, const RenderOptions&)) {
    switch (m_settings.format) {
        case ReportFormat::json:
            json(m_out, result, m_settings.render.lang);
            break;
        case ReportFormat::csv:
            ensure_csv_header();
            csv(m_out, result);
            break;
        case ReportFormat::text:
            text(m_out, result, m_settings.render);
            break;
    }
    line_done();
}

std::string_view ScanReport::shown_source() const {
    return m_settings.no_filename ? std::string_view{} : std::string_view{m_source};
}

void render_report_csv_header(std::ostream& out, ReportKind kind) {
    if (kind == ReportKind::calls) {
        render_call_csv_header(out);
    } else {
        render_finding_csv_header(out);
    }
}

namespace {

// One line per response, explained: text, JSON Lines or CSV.
class LineReport final : public ScanReport {
public:
    using ScanReport::ScanReport;

    bool selected_response(const ScannedResponse& r) override {
        if (input_done()) {
            return false;
        }
        // CSV lines carry no findings.
        if (const Explanation* x = match(r, m_settings.format != ReportFormat::csv, false)) {
            write(Finding{shown_source(), r, *x, &findings()}, render_finding_json,
                  render_finding_csv, render_finding_text);
        }
        return !input_done();
    }

    bool selected_request(const ScannedRequest& r) override {
        remember(r);
        return true;
    }

    bool malformed(const MalformedStatus& m) override {
        // Of no call, and not a response a filter could keep.
        if (!m_select.empty() || !m_settings.filter.empty() || m_settings.quiet) {
            return true;
        }
        if (m_settings.format == ReportFormat::json) {
            render_malformed_json(out(), m_source, m);
        } else if (m_settings.format == ReportFormat::text) {
            render_malformed_text(out(), shown_source(), m, m_settings.render.lang);
        }
        line_done();
        return true;
    }
};

// -c, -l and -L: responses counted per input, and the inputs with and without one.
class CountReport final : public ScanReport {
public:
    using ScanReport::ScanReport;

    bool selected_response(const ScannedResponse& r) override {
        if (input_done()) {
            return false;
        }
        if (!keeps(r, m_cache.get(r.code, r.reason), false, false)) {
            return true;
        }
        ++m_file_matches;
        if (kind() != ReportKind::files_without) {
            found();
        }
        return !input_done();
    }

    bool input_done() const override {
        return ScanReport::input_done() || (kind() != ReportKind::count && m_file_matches > 0);
    }

    void end_input(bool several, bool read) override {
        const bool with = m_file_matches > 0;
        if (read && !m_settings.quiet &&
            ((kind() == ReportKind::count && several) ||
             (kind() == ReportKind::files_with && with) ||
             (kind() == ReportKind::files_without && !with))) {
            out() << sanitize_utf8(m_source);
            if (kind() == ReportKind::count) {
                out() << ':' << m_file_matches;
            }
            out() << '\n';
            line_done();
        }
        if (read && kind() == ReportKind::files_without && !with) {
            found();
        }
        m_tally += m_file_matches;
    }

    void finish(bool several) override {
        if (kind() == ReportKind::count && !several && !m_settings.quiet) {
            out() << m_tally << '\n';
        }
    }
};

// --summary: responses by code and phrase, class, category and finding; with --kpi the calls'
// KPIs, with --by one row per interval.
class SummaryReport final : public ScanReport {
public:
    SummaryReport(ReportKind kind, const KnowledgeBase& kb, ReportSettings settings,
                  std::ostream& out)
        : ScanReport(kind, kb, std::move(settings), out),
          m_intervals(m_settings.by ? std::optional<IntervalSummary>(*m_settings.by)
                                    : std::nullopt),
          m_calls(kb, [this](const CallVerdict& v) { verdict(v); }) {}

    bool selected_response(const ScannedResponse& r) override {
        if (m_settings.kpi) {
            m_calls.response(m_source, r);
        }
        if (input_done()) {
            return false;
        }
        const Explanation* x = match(r, m_settings.format != ReportFormat::csv, true);
        if (x == nullptr) {
            return !input_done();
        }
        const Category category = narrowed_category(x->category, findings());
        m_summary.add(r.code, r.reason, *x, category);
        m_summary.add_findings(findings());
        if (m_intervals) {
            m_intervals->add_response(r.time, r.packet, r.code, category);
        }
        return !input_done();
    }

    bool selected_request(const ScannedRequest& r) override {
        if (m_settings.kpi) {
            m_calls.request(m_source, r);
        }
        remember(r);  // for the findings that compare a response with it
        return true;
    }

    bool malformed(const MalformedStatus&) override {
        if (m_select.empty()) {
            m_summary.add_malformed();  // of no call
        }
        return true;
    }

    void skipped() override { m_summary.add_skipped(); }

    void end_input(bool, bool) override {
        if (m_settings.kpi && !m_settings.join) {
            m_calls.finish();  // calls are per input: two traces that reuse a Call-ID are two
        }
    }

    void finish(bool) override {
        if (m_settings.kpi) {
            m_calls.finish();
        }
        if (m_settings.quiet) {
            return;
        }
        const KpiReport kpi = m_kpi.report();
        const KpiReport* with_kpi = m_settings.kpi ? &kpi : nullptr;
        const IntervalSummary* intervals = m_intervals ? &*m_intervals : nullptr;
        switch (m_settings.format) {
            case ReportFormat::json:
                render_summary_json(out(), m_summary, m_settings.render.lang, with_kpi, intervals);
                break;
            case ReportFormat::csv:
                if (intervals != nullptr) {
                    render_intervals_csv(out(), *intervals, m_settings.kpi);
                } else {
                    render_summary_csv(out(), m_summary, m_settings.render.lang);
                }
                break;
            case ReportFormat::text:
                render_summary_text(out(), m_summary, m_settings.render);
                if (with_kpi != nullptr) {
                    render_kpi_text(out(), kpi, m_settings.render.lang);
                }
                if (intervals != nullptr) {
                    render_intervals_text(out(), *intervals, m_settings.kpi);
                }
                break;
        }
    }

    void progress() override {
        if (!m_settings.quiet) {
            finish(false);
            out() << std::flush;
        }
    }

    void absorb_part(const ScanReport& given) override {
        ScanReport::absorb_part(given);
        const auto& part = static_cast<const SummaryReport&>(given);
        m_summary.merge(part.m_summary);
        if (m_intervals && part.m_intervals) {
            m_intervals->merge(*part.m_intervals);
        }
    }

    void absorb(const ScanReport& later) override {
        ScanReport::absorb(later);
        m_summary.merge(static_cast<const SummaryReport&>(later).m_summary);
    }

private:
    void verdict(const CallVerdict& v) {
        m_kpi.add(v);
        if (m_intervals) {
            m_intervals->add_call(v);
        }
    }

    ScanSummary m_summary;
    std::optional<IntervalSummary> m_intervals;
    KpiCollector m_kpi;
    CallTracker m_calls;  // with --kpi
};

// --calls: one verdict per call, as each call ends.
class CallReport final : public ScanReport {
public:
    CallReport(ReportKind kind, const KnowledgeBase& kb, ReportSettings settings, std::ostream& out)
        : ScanReport(kind, kb, std::move(settings), out),
          m_calls(kb, [this](const CallVerdict& v) { verdict(v); }),
          m_call_findings(kb) {}

    bool selected_response(const ScannedResponse& r) override {
        m_call_findings.response(r);  // first: the verdict may be given on this response
        m_calls.response(m_source, r);
        return !stop();
    }

    bool selected_request(const ScannedRequest& r) override {
        m_call_findings.request(r);
        m_calls.request(m_source, r);
        return !stop();
    }

    void end_input(bool, bool) override {
        if (!m_settings.join) {
            m_calls.finish();  // calls are per input: two traces that reuse a Call-ID are two
        }
    }

    void finish(bool) override {
        if (m_settings.format == ReportFormat::csv && !m_settings.count_calls &&
            !m_settings.quiet) {
            ensure_csv_header();
        }
        m_calls.finish();
        if (m_settings.count_calls && !m_settings.quiet) {
            out() << m_tally << '\n';
        }
    }

private:
    void verdict(const CallVerdict& given) {
        CallVerdict v = given;
        v.findings = m_call_findings.take(v.call_id);
        const ResponseFilter& filter = m_settings.filter;
        if (v.code == 0
                ? !filter.accepts_unanswered()
                : !filter.accepts(v.code, v.explanation->category, v.explanation->next_step)) {
            return;
        }
        found();
        if (m_settings.quiet) {
            return;
        }
        if (m_settings.count_calls) {
            ++m_tally;
            return;
        }
        write(v, render_call_json, render_call_csv, render_call_text);
    }

    CallTracker m_calls;
    CallFindings m_call_findings;
};

// --flow: the ladder of every call selected, drawn at the end.
class FlowReport final : public ScanReport {
public:
    FlowReport(ReportKind kind, const KnowledgeBase& kb, ReportSettings settings, std::ostream& out)
        : ScanReport(kind, kb, std::move(settings), out), m_call_findings(kb) {}

    bool selected_response(const ScannedResponse& r) override {
        // Each response's own findings beside it.
        const Explanation& x = m_cache.get(r.code, r.reason);
        m_response_findings.clear();
        if (r.message != nullptr) {
            m_response_findings = findings_of(r, x, false);
        }
        m_flow.response(m_source, r, &m_response_findings, m_settings.render.lang);
        m_call_findings.response(r);
        return true;
    }

    bool selected_request(const ScannedRequest& r) override {
        m_flow.request(m_source, r);
        m_call_findings.request(r);
        remember(r);  // for the findings that compare the two
        return true;
    }

    void finish(bool) override { draw(m_flow.take()); }

private:
    // The ladders of these calls, each after a blank line but the first (one SVG document for
    // all).
    void draw(std::vector<FlowCall> calls) {
        if (calls.empty()) {
            return;
        }
        for (FlowCall& call : calls) {
            attach_call_findings(call, m_call_findings.take(call.call_id), m_settings.render.lang);
        }
        found();
        if (m_settings.quiet) {
            return;
        }
        if (m_settings.flow == FlowFormat::svg) {
            render_flow_svg(out(), calls);
            return;
        }
        for (const FlowCall& call : calls) {
            if (m_drawn++ > 0) {
                out() << '\n';
            }
            if (m_settings.flow == FlowFormat::mermaid) {
                render_flow_mermaid(out(), call);
            } else {
                render_flow_text(out(), call, {m_settings.flow_width, m_settings.render.color});
            }
            line_done();
        }
    }

    FlowRecorder m_flow;
    CallFindings m_call_findings;
    std::vector<RuleFinding> m_response_findings;  // the current response's
    int m_drawn = 0;
};

}  // namespace

std::unique_ptr<ScanReport> make_report(ReportKind kind, const KnowledgeBase& kb,
                                        ReportSettings settings, std::ostream& out) {
    switch (kind) {
        case ReportKind::lines:
            return std::make_unique<LineReport>(kind, kb, std::move(settings), out);
        case ReportKind::count:
        case ReportKind::files_with:
        case ReportKind::files_without:
            return std::make_unique<CountReport>(kind, kb, std::move(settings), out);
        case ReportKind::summary:
            return std::make_unique<SummaryReport>(kind, kb, std::move(settings), out);
        case ReportKind::calls:
            return std::make_unique<CallReport>(kind, kb, std::move(settings), out);
        case ReportKind::flow:
            return std::make_unique<FlowReport>(kind, kb, std::move(settings), out);
    }
    return nullptr;
}

}  // namespace sipwhy
