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

#include <sipwhy/analysis/intervals.hpp>
#include <sipwhy/capture/capture.hpp>
#include <sipwhy/exit_status.hpp>
#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/report/reports.hpp>

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

// The terminal's width; COLUMNS, as less and ls read it, when the output is not one; else 80.
int flow_width(const Context& ctx) {
    if (ctx.render.table_width > 0) {
        return ctx.render.table_width;
    }
    const std::string_view columns = env("COLUMNS");
    int n = 0;
    const auto [end, ec] = std::from_chars(columns.data(), columns.data() + columns.size(), n);
    return ec == std::errc{} && end == columns.data() + columns.size() && n >= 40 && n <= 1000 ? n
                                                                                               : 80;
}

ReportKind kind_of(const Options& o) {
    if (o.summary || o.kpi || o.findings || !o.by.empty()) {
        return ReportKind::summary;
    }
    if (o.calls) {
        return ReportKind::calls;
    }
    if (o.flow) {
        return ReportKind::flow;
    }
    if (o.files_with_matches) {
        return ReportKind::files_with;
    }
    if (o.files_without_match) {
        return ReportKind::files_without;
    }
    if (o.count) {
        return ReportKind::count;
    }
    return ReportKind::lines;
}

ReportSettings settings_of(const Context& ctx) {
    const Options& o = ctx.options;
    ReportSettings s;
    s.format = o.json ? ReportFormat::json : o.csv ? ReportFormat::csv : ReportFormat::text;
    s.render = ctx.render;
    s.filter = ctx.filter;
    s.calls = ctx.calls;
    s.quiet = o.quiet;
    s.no_filename = o.no_filename;
    s.line_buffered = o.line_buffered;
    s.join = o.join;
    s.max_count = o.max_count;
    s.kpi = o.kpi;
    s.findings = o.findings;
    s.by = o.by.empty() ? std::nullopt : parse_interval(o.by);
    s.count_calls = o.count;
    s.flow = o.svg ? FlowFormat::svg : o.mermaid ? FlowFormat::mermaid : FlowFormat::text;
    s.flow_width = flow_width(ctx);
    return s;
}

// The report of this run's mode, writing to out() as it is on this thread.
std::unique_ptr<ScanReport> report_for(const Context& ctx, ReportKind kind) {
    return make_report(kind, ctx.kb, settings_of(ctx), out());
}

// Something odd about one frame of a capture, said with --debug.
void note(const Context& ctx, const std::string& path, std::uint64_t frame, std::string_view what) {
    if (ctx.options.debug) {
        out() << std::flush;
        err() << trf("sipwhy: {}: frame {}: {}", "sipwhy: {}: кадр {}: {}", shown_path(path), frame,
                     what)
              << '\n'
              << std::flush;
    }
}

// A file a directory scan skips, counted for the summary and said with --debug.
void skip(const Context& ctx, ScanReport& report, const std::string& path, std::string_view why) {
    report.skipped();
    if (ctx.options.debug) {
        out() << std::flush;
        err() << trf("sipwhy: skipped {}: {}", "sipwhy: пропущен {}: {}", path, why) << '\n'
              << std::flush;
    }
}

// What the call filter has to say: a --call-id prefix that matched more than one call.
void warn(const ScanReport& report) {
    for (const auto& w : report.warnings()) {
        out() << std::flush;
        err() << "sipwhy: " << w << '\n' << std::flush;
    }
}

// How many first bytes decide that a file of a directory scan is binary, as grep looks at its
// first buffer.
constexpr std::size_t k_binary_check = 4096;

// --listen-hep and --interface: until SIGINT or SIGTERM, then what the mode owes, and the exit
// status of a scan (a signal is how a live source ends, not an interruption of it).
int run_live(const Context& given, ReportKind kind) {
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
    const auto report = report_for(ctx, kind);
    CaptureScanner capture(*report, report->capture_options());
    LiveFeed feed{capture, [&] { return report->input_done(); }, [&] { report->progress(); },
                  o.interval, o.debug};
    std::string name = o.listen_hep.empty() ? std::string{} : "hep";
    for (const auto& i : o.interfaces) {
        name += (name.empty() ? "" : ",") + i;
    }
    report->start(name);
    LiveStats stats;
    try {
        stats = o.listen_hep.empty() ? capture_live(o.interfaces, o.bpf, feed)
                                     : listen_hep(o.listen_hep, feed);
    } catch (const std::bad_alloc&) {
        throw UsageError{trf("{}: out of memory", "{}: не хватает памяти", name)};
    }
    capture.finish();
    report->end_input(false, true);
    report->finish(false);
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
    return to_int(report->anything_found() ? ExitStatus::ok : ExitStatus::not_found);
}

// One input, read through the scanners into `printer`; what cannot be read goes to `report`. A
// large file is read on up to `split` threads when the scan's options allow it (split_scan.hpp).
void scan_input(const Input& input, bool several, const Context& ctx, ScanReport& printer,
                LogScanner& scanner, CaptureScanner& capture, std::vector<char>& chunk,
                const std::function<void(const InputError&)>& report, unsigned split = 1,
                const ScanOptions* split_options = nullptr) {
    const auto& [file, in_directory] = input;
    const Options& o = ctx.options;
    printer.start(display_name(file));
    if (!o.join) {
        scanner.forget_requests();  // as calls are, requests are per input
    }
    bool read = true;
    bool opened = false;
    try {
        ByteSource source(file);
        opened = true;
        if (const char* inflater = source.inflater(); inflater != nullptr && o.debug) {
            out() << std::flush;
            err() << trf("sipwhy: {}: gzip, inflated by {}", "sipwhy: {}: gzip, распаковывает {}",
                         shown_path(display_name(file)), inflater)
                  << '\n'
                  << std::flush;
        }
        scanner.set_time_reference({source.modified_local()});
        if (o.line_buffered || o.quiet) {
            // tail -f: what waits only for more input is reported once the input pauses.
            source.on_idle(k_idle_ms, [&] {
                scanner.idle();
                out() << std::flush;
                return printer.input_done();
            });
        }
        if (is_capture(source.peek(4))) {
            read_capture(source, [&](const CaptureFrame& f) {
                if (f.time_carried) {
                    note(ctx, file, f.number,
                         tr("its fraction of a second was a second or more, carried "
                            "into the seconds",
                            "доля секунды в его времени была секундой или больше, "
                            "перенесена в секунды"));
                }
                capture.frame(f);
                return !printer.input_done();
            });
        } else if (in_directory && looks_binary(source.peek(k_binary_check))) {
            skip(ctx, printer, file,
                 tr("binary: neither text nor a capture", "двоичный: не текст и не захват"));
            read = false;
        } else if (const unsigned parts = source.mappable() && split_options != nullptr
                                              ? split_parts(source.size(), split)
                                              : 1;
                   parts > 1) {
            scan_split(
                source, parts, scanner, printer, *split_options, {source.modified_local()},
                {[&printer] { return printer.for_part(); },
                 [](ScanSink& first, ScanSink& part) {
                     static_cast<ScanReport&>(first).absorb_part(static_cast<ScanReport&>(part));
                 }});
        } else if (source.mappable()) {
            while (!printer.input_done() && !scanner.stopped() && !interrupted()) {
                const std::string_view bytes = source.map_next();
                if (bytes.empty()) {
                    break;
                }
                scanner.feed(bytes);
            }
        } else {
            while (!printer.input_done() && !scanner.stopped() && !interrupted()) {
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
unsigned jobs_for(const Context& ctx, ReportKind kind, const std::vector<Input>& files) {
    const Options& o = ctx.options;
    if (files.size() < 2 || o.line_buffered || o.quiet || o.join || o.kpi || !o.by.empty() ||
        !ctx.calls.empty() || kind == ReportKind::flow) {
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
unsigned split_jobs_for(const Context& ctx, ReportKind kind, const ScanOptions& scan_options) {
    const Options& o = ctx.options;
    if ((kind != ReportKind::summary && kind != ReportKind::count) ||
        !LogScanner::splittable(scan_options) || o.quiet || o.line_buffered || o.max_count >= 0 ||
        o.kpi || !ctx.calls.empty()) {
        return 1;
    }
    return o.jobs > 0 ? static_cast<unsigned>(o.jobs)
                      : std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
}

// The CSV header a report writes before its first row, for a parallel scan to write once.
std::string csv_header_of(const Options& o, ReportKind kind) {
    if (!o.csv) {
        return {};
    }
    std::ostringstream header;
    render_report_csv_header(header, kind);
    return header.str();
}

// Scans `files` on `jobs` threads, one input each at a time, each with its own report and
// scanners; the outputs are written in input order (OrderedOutput), and what each report counted
// is then absorbed into `printer` in input order, so that the run prints what one thread would.
void scan_parallel(const Context& ctx, const std::vector<Input>& files, bool several, unsigned jobs,
                   ScanReport& printer, const std::function<void(const InputError&)>& report) {
    const ReportKind kind = printer.kind();
    const ScanOptions scan_options = printer.scan_options();
    const ScanOptions capture_options = printer.capture_options();
    // What the inputs waiting for their turn may hold: 16 MiB together, at least 1 MiB each.
    const std::size_t bound =
        std::max<std::size_t>(std::size_t{1} << 20, (std::size_t{16} << 20) / jobs);
    OrderedOutput output(files.size(), bound, csv_header_of(ctx.options, kind), out(), err());
    std::vector<std::unique_ptr<ScanReport>> printers(files.size());
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
                std::unique_ptr<ScanReport> file_printer;
                std::ostringstream errors;
                {
                    SlotStream slot(output, i);
                    const OutputRedirect redirect(slot, errors);
                    // Writes to the slot; after it, only what it counted is read.
                    file_printer = report_for(ctx, kind);
                    file_printer->on_csv_header([&output, i] { output.want_header(i); });
                    LogScanner scanner(*file_printer, scan_options);
                    CaptureScanner capture(*file_printer, capture_options);
                    scan_input(files[i], several, ctx, *file_printer, scanner, capture, chunk,
                               report);
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
    const ReportKind kind = kind_of(o);
    if (!o.listen_hep.empty() || !o.interfaces.empty()) {
        return run_live(ctx, kind);
    }
    const std::vector<std::string> inputs = operands_or_stdin(
        operands,
        "nothing to do: give log files or directories, or pipe a log into sipwhy scan "
        "(see sipwhy --help)",
        "нечего делать: укажите файлы или каталоги логов или подайте лог на вход "
        "sipwhy scan (см. sipwhy --help)");
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

    const auto printer = report_for(ctx, kind);
    if (const unsigned jobs = jobs_for(ctx, kind, files); jobs > 1) {
        scan_parallel(ctx, files, several, jobs, *printer, report);
    } else {
        const ScanOptions scan_options = printer->scan_options();
        LogScanner scanner(*printer, scan_options);
        CaptureScanner capture(*printer, printer->capture_options());
        std::vector<char> chunk(std::size_t{1} << 20);
        const unsigned split = split_jobs_for(ctx, kind, scan_options);
        for (const Input& input : files) {
            scan_input(input, several, ctx, *printer, scanner, capture, chunk, report, split,
                       &scan_options);
            if (printer->stop() || interrupted()) {
                break;
            }
        }
    }
    printer->finish(several);
    out() << std::flush;
    warn(*printer);
    if (interrupted()) {
        return interrupted_status();
    }
    if (o.quiet && printer->anything_found()) {
        return to_int(ExitStatus::ok);
    }
    if (failed) {
        return to_int(ExitStatus::error);
    }
    return to_int(printer->anything_found() ? ExitStatus::ok : ExitStatus::not_found);
}

}  // namespace sipwhy::cli
