// The command line: options, the rule that picks a command, and the commands. CLI11 lives under
// src/cli only; every command turns its options into plain values and calls the core.
#pragma once

#include <sipwhy/analysis/call_filter.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/render/render.hpp>
#include <sipwhy/report/scan_report.hpp>

#include <fmt/format.h>

#include <span>
#include <string>
#include <vector>

namespace sipwhy::cli {

// Every option of every command (one flat set; see app.cpp for which command takes which).
struct Options {
    bool json = false;
    bool brief = false;
    bool quiet = false;
    bool full = false;
    std::string color = "auto";
    std::string lang;
    std::vector<std::string> kb_files;
    std::vector<std::string> args;  // positionals: the command, then its operands

    // Scanning logs.
    bool summary = false;
    std::string by;         // --summary --by minute|hour|day
    bool kpi = false;       // --summary with RFC 6076 KPIs (reads the calls, so slower)
    bool findings = false;  // --summary counting a log's findings (reads its failures' headers)
    bool calls = false;
    bool csv = false;
    bool count = false;
    bool failures = false;
    bool line_buffered = false;
    int jobs = 0;                // -j: inputs scanned at once; 0 is one per core
    bool with_filename = false;  // -H: names are shown already; accepted as grep's and rg's
    bool no_filename = false;    // -I
    bool line_number = false;    // -n: lines are numbered already
    int max_count = -1;          // -m: per file when scanning, results of search; -1 for all
    bool files_with_matches = false;
    bool files_without_match = false;
    bool debug = false;
    std::vector<std::string> include;  // globs for the files of directory scans
    std::vector<std::string> exclude;
    std::vector<std::string> classes;
    std::vector<std::string> categories;
    std::vector<std::string> next_steps;
    std::vector<std::string> codes;

    // Live sources (docs/live.md).
    std::string listen_hep;               // [ADDR:]PORT
    std::vector<std::string> interfaces;  // -i
    std::string bpf;
    int interval = 0;  // seconds between summaries; 0 for none
    // Following calls.
    bool flow = false;
    bool mermaid = false;  // --flow as a Mermaid sequenceDiagram
    bool svg = false;      // --flow as an SVG document
    bool join = false;     // the inputs are one stream: a Call-ID spans files
    std::vector<std::string> call_ids;
    std::string since;
    std::string until;
    std::vector<std::string> from;
    std::vector<std::string> to;
    std::vector<std::string> hosts;
    std::vector<std::string> methods;
};

// What every command is handed once the options are read.
struct Context {
    const Options& options;
    const KnowledgeBase& kb;
    RenderOptions render;
    Format format;  // json, brief or text, from the options
    ResponseFilter filter;
    CallFilter calls;  // --call-id, --since, --until, --from, --to, --host, --method
    // When the command was not named: how the first operand was read and how to force the other
    // reading, for errors about it ("read as a file; sipwhy explain ... reads it as a query").
    std::string first_operand_hint;
};

// Before a result of text output: a blank line when another result came before it.
void separate_results(const Context& ctx, bool& printed_any);

// A fatal error: printed as "sipwhy: error: MESSAGE", exit status 2. An empty message prints
// nothing (the details were printed already).
struct UsageError {
    std::string message;
};

// Runs sipwhy; returns the exit status.
int run(int argc, char** argv);

// The commands. Each returns an exit status (exit_status.hpp).
int run_explain(const Context& ctx, std::span<const std::string> operands);
int run_scan(const Context& ctx, std::span<const std::string> operands);
int run_list(const Context& ctx, std::span<const std::string> operands);
int run_search(const Context& ctx, std::span<const std::string> operands);
int run_q850(const Context& ctx, std::span<const std::string> operands);
int run_cause(const Context& ctx, std::span<const std::string> operands);
int run_export(const Context& ctx, std::span<const std::string> operands);
int run_merge(const Context& ctx, std::span<const std::string> operands);

// "sipwhy: error: MESSAGE" on stderr ("sipwhy: ошибка: ..." in Russian).
void print_error(std::string_view message);

// The language of messages, from --lang or the environment; and `en` or `ru` in it.
Lang message_lang();
std::string tr(std::string_view en, std::string_view ru);

// What the system says of an errno value (strerror), in the language of messages: the common
// ones have a Russian text of their own; any other is the C library's.
std::string system_error_text(int error);

// fmt::format of the message in the language of messages.
template <class... Args>
std::string trf(std::string_view en, std::string_view ru, const Args&... args) {
    return fmt::format(fmt::runtime(tr(en, ru)), args...);
}

}  // namespace sipwhy::cli
