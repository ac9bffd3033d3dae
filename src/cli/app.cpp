#include "app.hpp"

#include "environment.hpp"
#include "output.hpp"

#include <sipwhy/exit_status.hpp>
#include <sipwhy/explain.hpp>
#include <sipwhy/query.hpp>
#include <sipwhy/status_line.hpp>
#include <sipwhy/text.hpp>
#include <sipwhy/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace sipwhy::cli {
namespace {

constexpr std::string_view k_usage = R"(sipwhy: why did this SIP call or registration fail?

Usage:
  sipwhy [OPTIONS] CODE [PHRASE] ...      explain status codes, reason phrases, status lines
  sipwhy [OPTIONS] explain QUERY...       the same, explicitly; "explain -" reads queries from stdin
  sipwhy [OPTIONS] list [4xx|48x|486]...  the codes the knowledge base knows, as a table
  sipwhy [OPTIONS] search WORDS...        codes and phrases by keyword, best first
  sipwhy [OPTIONS] q850 CAUSE...          a Q.850 cause and the SIP codes mapped to and from it
  sipwhy [OPTIONS] cause NAME...          a FreeSWITCH, Asterisk, SIP.js or JsSIP cause by name
  sipwhy [OPTIONS] FILE|DIR|- ...         find and explain every SIP response in logs and
                                          packet captures (pcap, pcapng; gzip or not)
  sipwhy [OPTIONS] scan [FILE|DIR|-]...   the same, explicitly; no operand reads stdin
  ... | sipwhy [OPTIONS]                  a log or a capture on stdin

A first operand that is a status code (486), a class pattern (4xx, 48x), a status line
(SIP/2.0 ...) or a header (Reason: ..., Warning: ...) makes the command "explain", unless it is no
valid query and names a file; any other operand is a file or directory to scan, unless no file has
that name and it is a known reason phrase or a log line with a response.
)";

constexpr std::string_view k_examples = R"(Examples:
  sipwhy 486
  sipwhy "403 Wrong Guess"
  sipwhy "SIP/2.0 480 No money left"
  sipwhy 401 407 486
  sipwhy 48x
  sipwhy --json 503 | jq -r .next_step
  echo 488 | sipwhy explain -
  sipwhy 'Reason: Q.850;cause=16;text="Normal Clearing"'
  sipwhy list 4xx --category media
  sipwhy search codec
  sipwhy q850 17
  sipwhy cause NO_ANSWER
  sipwhy /var/log/asterisk/full
  sipwhy --summary pbx.log.1.gz
  sipwhy --calls --failures freeswitch.log
  tail -f /var/log/kamailio.log | sipwhy --line-buffered --failures
  sipwhy --calls trunk.pcap
  tcpdump -i any -U -w - udp port 5060 | sipwhy --line-buffered --failures

Exit status: explain: 0 every query resolved to a knowledge-base entry; 1 some query resolved
only to its class or to nothing (what is known is still printed). list, search, q850, cause: 0
something was found; 1 not. Scanning: 0 a matching response was found; 1 none was.
All: 2 usage or input error.
Environment: NO_COLOR, SIPWHY_KB (colon-separated knowledge-base files), LC_ALL/LC_MESSAGES/LANG.)";

class HelpFormatter : public CLI::Formatter {
public:
    std::string make_usage(const CLI::App*, std::string) const override {
        return std::string(k_usage);
    }
    std::string make_positionals(const CLI::App*) const override { return {}; }
    std::string make_description(const CLI::App*) const override { return {}; }
};

// Which command the operands ask for: a command name first; else a query first makes it
// explain, anything else (a file, a directory, "-", or nothing with stdin not a terminal) scan.
enum class Command { explain, scan, list, search, q850, cause };

constexpr std::array<std::pair<std::string_view, Command>, 6> k_commands = {{
    {"explain", Command::explain},
    {"scan", Command::scan},
    {"list", Command::list},
    {"search", Command::search},
    {"q850", Command::q850},
    {"cause", Command::cause},
}};

// The command picked, and for a command not named, the note for errors about the first operand.
struct Picked {
    Command command = Command::scan;
    bool named = false;
    std::string hint;
};

bool path_exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

// Whether `text` explains as a query: a phrase the knowledge base knows (or nearly), or a line
// that holds a response.
bool explains_as_query(const KnowledgeBase& kb, std::string_view text) {
    const auto q = parse_query(text);
    if (!q) {
        return false;
    }
    const auto results = explain(kb, *q);
    return std::any_of(results.begin(), results.end(),
                       [](const Explanation& x) { return x.match != Match::none; });
}

// A first operand that is a query makes the command explain, unless it is not a valid one and a
// file has that name (a log named 20240101); any other operand is a file to scan, unless no such
// file exists and it explains as a phrase or a log line.
Picked pick_command(std::vector<std::string>& args, const KnowledgeBase& kb) {
    for (const auto& [name, command] : k_commands) {
        if (!args.empty() && args.front() == name) {
            args.erase(args.begin());
            return {command, true, {}};
        }
    }
    if (args.empty()) {
        if (stdin_is_terminal()) {
            throw UsageError{
                "nothing to do: give a status code such as 486, or log files, or pipe a log into "
                "sipwhy (see sipwhy --help)"};
        }
        return {Command::scan, false, {}};
    }
    const std::string& first = args.front();
    if (first == "-") {
        return {Command::scan, false, {}};
    }
    const std::string shown = sanitize_utf8(first);
    const std::string as_file = fmt::format(
        "read as a file; sipwhy explain \"{}\" reads it as a query", shown);
    const std::string as_query =
        fmt::format("read as a query; sipwhy scan \"{}\" reads it as a file", shown);
    const bool exists = path_exists(first);
    // Only a name that could be either gets a note: digits that are no status code (a log named
    // after its date), and a name with no directory in it that names no file.
    const bool digits = first.size() > 3 && std::all_of(first.begin(), first.end(), [](char c) {
                            return c >= '0' && c <= '9';
                        });
    if (starts_query(first)) {
        if (exists && !parse_query(first)) {
            return {Command::scan, false, {}};
        }
        return {Command::explain, false, digits ? as_query : std::string{}};
    }
    if (!exists && explains_as_query(kb, group_query_args(args).front())) {
        return {Command::explain, false, {}};
    }
    const bool bare_name = !exists && first.find('/') == std::string::npos;
    return {Command::scan, false, bare_name ? as_file : std::string{}};
}

// The options that belong to one command only, and whether each was given.
struct Owned {
    std::string_view name;
    bool given;
};

void check_options(const Options& o, const Picked& picked, const std::vector<std::string>& args) {
    const Command command = picked.command;
    const std::vector<Owned> scan_only = {{"--summary", o.summary},
                                          {"--calls", o.calls},
                                          {"--csv", o.csv},
                                          {"--count", o.count},
                                          {"--failures", o.failures},
                                          {"--class", !o.classes.empty()},
                                          {"--category", !o.categories.empty()},
                                          {"--next-step", !o.next_steps.empty()},
                                          {"--code", !o.codes.empty()},
                                          {"--line-buffered", o.line_buffered},
                                          {"--max-count", o.max_count >= 0},
                                          {"--files-with-matches", o.files_with_matches},
                                          {"--files-without-match", o.files_without_match},
                                          {"--no-filename", o.no_filename},
                                          {"--with-filename", o.with_filename},
                                          {"--line-number", o.line_number},
                                          {"--include", !o.include.empty()},
                                          {"--exclude", !o.exclude.empty()},
                                          {"--debug", o.debug}};
    const std::vector<Owned> explain_only = {{"--brief", o.brief}, {"--full", o.full}};
    std::vector<Owned> lookup_refused = {{"--full", o.full},
                                         {"--summary", o.summary},
                                         {"--calls", o.calls},
                                         {"--csv", o.csv},
                                         {"--count", o.count},
                                         {"--failures", o.failures},
                                         {"--class", !o.classes.empty()},
                                         {"--code", !o.codes.empty()},
                                         {"--line-buffered", o.line_buffered},
                                         {"--files-with-matches", o.files_with_matches},
                                         {"--files-without-match", o.files_without_match},
                                         {"--no-filename", o.no_filename},
                                         {"--with-filename", o.with_filename},
                                         {"--line-number", o.line_number},
                                         {"--include", !o.include.empty()},
                                         {"--exclude", !o.exclude.empty()},
                                         {"--debug", o.debug}};
    if (command != Command::search) {  // search takes --max-count
        lookup_refused.push_back({"--max-count", o.max_count >= 0});
    }
    if (command != Command::list) {  // list takes --category and --next-step
        lookup_refused.push_back({"--category", !o.categories.empty()});
        lookup_refused.push_back({"--next-step", !o.next_steps.empty()});
    }
    const std::string_view command_name = [&] {
        for (const auto& [name, c] : k_commands) {
            if (c == command) {
                return name;
            }
        }
        return std::string_view{};
    }();
    for (const auto& [name, given] : command == Command::explain ? scan_only
                                     : command == Command::scan  ? explain_only
                                                                 : lookup_refused) {
        if (!given) {
            continue;
        }
        if (command == Command::explain) {
            throw UsageError{
                fmt::format("{} is for scanning logs, not for explaining codes", name)};
        }
        if (command == Command::scan && !picked.named && !args.empty()) {
            throw UsageError{fmt::format(
                "{} is for explaining codes, and \"{}\" was read as a file to scan (sipwhy "
                "explain \"{}\" reads it as a query)",
                name, sanitize_utf8(args.front()), sanitize_utf8(args.front()))};
        }
        if (command == Command::scan) {
            throw UsageError{
                fmt::format("{} is for explaining codes, not for scanning logs", name)};
        }
        throw UsageError{fmt::format("{} does not apply to {}", name, command_name)};
    }
    if (o.json && o.brief) {
        throw UsageError{"--json and --brief cannot be combined"};
    }
    if (o.summary && o.calls) {
        throw UsageError{"--summary and --calls cannot be combined"};
    }
    if (o.count && o.summary) {
        throw UsageError{"--count cannot be combined with --summary"};
    }
    if (o.files_with_matches && o.files_without_match) {
        throw UsageError{"--files-with-matches and --files-without-match cannot be combined"};
    }
    if ((o.files_with_matches || o.files_without_match) &&
        (o.summary || o.calls || o.count || o.json)) {
        throw UsageError{fmt::format(
            "{} cannot be combined with --summary, --calls, --count or --json",
            o.files_with_matches ? "--files-with-matches" : "--files-without-match")};
    }
    if (o.with_filename && o.no_filename) {
        throw UsageError{"--with-filename and --no-filename cannot be combined"};
    }
    if (o.max_count >= 0 && o.calls) {
        throw UsageError{"--max-count cannot be combined with --calls"};
    }
    if (o.csv && o.count) {
        throw UsageError{"--csv cannot be combined with --count"};
    }
    if (o.csv && o.json) {
        throw UsageError{"--csv and --json cannot be combined"};
    }
}

// The ids given to an option such as --category; an unknown one is a usage error.
template <class E>
std::vector<E> parse_ids(const std::vector<std::string>& values, std::string_view option,
                         std::string_view what) {
    std::vector<E> out;
    for (const auto& v : values) {
        const auto id = parse_enum<E>(trim(v));
        if (!id) {
            throw UsageError{fmt::format("{}: unknown {} \"{}\"{}", option, what, sanitize_utf8(v),
                                         did_you_mean(trim(v), id_list<E>()))};
        }
        out.push_back(*id);
    }
    return out;
}

ResponseFilter make_filter(const Options& o) {
    ResponseFilter f;
    f.failures_only = o.failures;
    for (const auto& c : o.classes) {
        const std::string_view s = trim(c);
        const bool ok =
            (s.size() == 1 || (s.size() == 3 && (s.substr(1) == "xx" || s.substr(1) == "XX"))) &&
            s[0] >= '1' && s[0] <= '6';
        if (!ok) {
            throw UsageError{fmt::format("--class: \"{}\" is not a response class (1xx to 6xx)",
                                         sanitize_utf8(s))};
        }
        f.classes.push_back(s[0] - '0');
    }
    f.categories = parse_ids<Category>(o.categories, "--category", "category");
    f.next_steps = parse_ids<NextStep>(o.next_steps, "--next-step", "next step");
    for (const auto& c : o.codes) {
        // A class pattern stands for every code it covers: 48x is 480-489, 4xx 400-499.
        if (const auto prefix = pattern_prefix(trim(c)); !prefix.empty() && prefix[0] >= '1' &&
                                                         prefix[0] <= '6') {
            const int first = std::stoi(std::string(prefix)) * (prefix.size() == 1 ? 100 : 10);
            const int span = prefix.size() == 1 ? 100 : 10;
            for (int code = first; code < first + span; ++code) {
                f.codes.push_back(code);
            }
            continue;
        }
        const auto code = parse_status_code(trim(c));
        if (!code) {
            throw UsageError{
                fmt::format("--code: \"{}\": {}", code.error().source, code.error().message)};
        }
        f.codes.push_back(*code);
    }
    return f;
}

std::string read_file_or_throw(const std::string& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError{
            fmt::format("cannot read {} \"{}\": {}", what, path, std::strerror(errno))};
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        throw UsageError{
            fmt::format("cannot read {} \"{}\": {}", what, path, std::strerror(errno))};
    }
    return ss.str();
}

// The built-in knowledge base with SIPWHY_KB files, then --kb files, loaded over it.
KnowledgeBase load_knowledge_base(const Options& options) {
    KnowledgeBase kb = KnowledgeBase::builtin();
    std::vector<std::string> files = kb_files_from_environment();
    files.insert(files.end(), options.kb_files.begin(), options.kb_files.end());
    bool failed = false;
    for (const auto& path : files) {
        const std::string text = read_file_or_throw(path, "knowledge-base file");
        for (const auto& d : kb.load(path, text)) {
            print_error(d.to_string());
            failed = true;
        }
    }
    if (failed) {
        throw UsageError{};
    }
    return kb;
}

RenderOptions render_options(const Options& options) {
    RenderOptions r;
    if (options.color == "always") {
        r.color = true;
    } else if (options.color == "never") {
        r.color = false;
    } else {
        r.color = auto_color();
    }
    r.lang = options.lang.empty() ? language_from_environment() : *parse_enum<Lang>(options.lang);
    const std::optional<int> columns = terminal_width();
    r.width = std::clamp(columns.value_or(80), 60, 120);
    r.table_width = columns.value_or(0);
    r.full = options.full;
    return r;
}

void declare_options(CLI::App& app, Options& o) {
    app.add_flag("--json", o.json, "Print JSON Lines: one object per result (docs/json.md)")
        ->group("Output");
    app.add_flag("--brief", o.brief, "Print one line per result")->group("Output");
    app.add_flag("-q,--quiet", o.quiet, "Print nothing; only the exit status tells")
        ->group("Output");
    app.add_flag("--full", o.full, "Show every likely cause and check, not only the first few")
        ->group("Output");
    app.add_option("--color,--colour", o.color,
                   "When to use colour: auto (a terminal and no NO_COLOR; --color alone), always, "
                   "never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->option_text("WHEN")
        ->group("Output");
    app.add_option(
           "--lang", o.lang,
           "Language of the explanations: en or ru (default from LC_ALL, LC_MESSAGES, LANG)")
        ->check(CLI::IsMember({"en", "ru"}))
        ->option_text("LANG")
        ->group("Output");
    app.add_option("--kb", o.kb_files,
                   "Load a knowledge-base file over the built-in one (repeatable; after SIPWHY_KB)")
        ->option_text("FILE")
        ->allow_extra_args(false)
        ->group("Knowledge base");
    app.add_flag("--summary", o.summary,
                 "Count the responses by code and phrase, class and category")
        ->group("Scanning logs and captures");
    app.add_flag("--calls", o.calls, "One verdict per Call-ID: how each call or registration ended")
        ->group("Scanning logs and captures");
    app.add_flag("--csv", o.csv, "CSV for --summary and --calls")
        ->group("Scanning logs and captures");
    app.add_flag("-c,--count", o.count, "Print only the number of matching responses")
        ->group("Scanning logs and captures");
    app.add_flag("--failures", o.failures, "Only failures: codes 300 and above")
        ->group("Scanning logs and captures");
    app.add_option("--class", o.classes, "Only these classes, e.g. 4xx,5xx")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->option_text("LIST")
        ->group("Scanning logs and captures");
    app.add_option("--category", o.categories,
                   "Only these categories, e.g. busy,media (also for list)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->option_text("LIST")
        ->group("Scanning logs and captures");
    app.add_option("--next-step", o.next_steps, "Only these next steps, e.g. try_next_route")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->option_text("LIST")
        ->group("Scanning logs and captures");
    app.add_option("--code", o.codes, "Only these codes, e.g. 486,603")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->option_text("LIST")
        ->group("Scanning logs and captures");
    app.add_flag("--line-buffered", o.line_buffered,
                 "Write each result as soon as it is found (for tail -f)")
        ->group("Scanning logs and captures");
    app.add_option("-m,--max-count", o.max_count,
                   "At most N matching responses per file (and N search results)")
        ->check(CLI::NonNegativeNumber)
        ->option_text("N")
        ->group("Scanning logs and captures");
    app.add_flag("-l,--files-with-matches", o.files_with_matches,
                 "Print only the names of files with a matching response")
        ->group("Scanning logs and captures");
    app.add_flag("-L,--files-without-match", o.files_without_match,
                 "Print only the names of files without one")
        ->group("Scanning logs and captures");
    app.add_flag("-I,--no-filename", o.no_filename, "Do not print file names before responses")
        ->group("Scanning logs and captures");
    app.add_flag("-H,--with-filename", o.with_filename,
                 "Print file names before responses (the default)")
        ->group("Scanning logs and captures");
    app.add_flag("-n,--line-number", o.line_number,
                 "Print line numbers (the default; accepted as grep's)")
        ->group("Scanning logs and captures");
    app.add_option("--include", o.include,
                   "In directories, read only files whose name matches GLOB (repeatable)")
        ->allow_extra_args(false)
        ->option_text("GLOB")
        ->group("Scanning logs and captures");
    app.add_option("--exclude", o.exclude,
                   "In directories, skip files whose name matches GLOB (repeatable)")
        ->allow_extra_args(false)
        ->option_text("GLOB")
        ->group("Scanning logs and captures");
    app.add_flag("--debug", o.debug, "Say on stderr which files a directory scan skips and why")
        ->group("Scanning logs and captures");
    app.add_option("args", o.args)->allow_extra_args(true);
}

constexpr std::array<std::string_view, 3> k_color_values = {"auto", "always", "never"};

// The arguments as CLI11 is to read them: "--colour" is "--color", and "--color" without one of
// its values after it means "--color=auto", as grep's --color does.
std::vector<std::string> normalized_args(int argc, char** argv) {
    std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--") {
            break;
        }
        if (args[i].starts_with("--colour")) {
            args[i].replace(0, 8, "--color");
        }
        const bool value_follows =
            i + 1 < args.size() &&
            std::find(k_color_values.begin(), k_color_values.end(), args[i + 1]) !=
                k_color_values.end();
        if (args[i] == "--color" && !value_follows) {
            args[i] = "--color=auto";
        }
    }
    return args;
}

// "unknown option --summery (did you mean "--summary"?)" for the first option CLI11 did not know.
std::optional<std::string> unknown_option(const CLI::App& app, const std::vector<std::string>& args) {
    std::vector<std::string> names;
    for (const CLI::Option* opt : app.get_options()) {
        for (const auto& n : opt->get_lnames()) {
            names.push_back("--" + n);
        }
        for (const auto& n : opt->get_snames()) {
            names.push_back("-" + n);
        }
    }
    for (const auto& arg : args) {
        if (arg == "--") {
            break;
        }
        if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
            continue;
        }
        const std::string name = arg.substr(0, arg.find('='));
        const bool cluster = name[1] != '-';  // -qc: each letter must be an option
        bool known = std::find(names.begin(), names.end(), name) != names.end();
        if (cluster && !known) {
            known = std::all_of(name.begin() + 1, name.end(), [&](char c) {
                return std::find(names.begin(), names.end(), std::string("-") + c) != names.end();
            });
        }
        if (!known) {
            std::vector<std::string_view> views;
            for (const auto& n : names) {
                if (n.starts_with("--")) {
                    views.push_back(n);
                }
            }
            return fmt::format("unknown option {}{}", sanitize_utf8(name),
                               cluster ? std::string{} : did_you_mean(name, views));
        }
    }
    return std::nullopt;
}

}  // namespace

void separate_results(const Context& ctx, bool& printed_any) {
    if (printed_any && ctx.format == Format::text) {
        out() << '\n';
    }
    printed_any = true;
}

void print_error(std::string_view message) {
    err() << "sipwhy: error: " << message << '\n' << std::flush;
}

int run(int argc, char** argv) {
    Options options;
    CLI::App app;
    app.name("sipwhy");
    app.formatter(std::make_shared<HelpFormatter>());
    app.footer(std::string(k_examples));
    app.get_formatter()->column_width(26);
    app.set_version_flag("-V,--version", std::string(sipwhy_version()),
                         "Print the version of sipwhy and of its knowledge base");
    declare_options(app, options);

    try {
        const std::vector<std::string> given = normalized_args(argc, argv);
        try {
            std::vector<std::string> reversed(given.rbegin(), given.rend());
            app.parse(reversed);
        } catch (const CLI::CallForHelp&) {
            out() << app.help() << std::flush;
            return to_int(ExitStatus::ok);
        } catch (const CLI::CallForVersion&) {
            out() << "sipwhy " << sipwhy_version() << "\nknowledge base "
                  << KnowledgeBase::builtin().version() << '\n'
                  << std::flush;
            return to_int(ExitStatus::ok);
        } catch (const CLI::ParseError& e) {
            if (const auto unknown = unknown_option(app, given)) {
                throw UsageError{fmt::format("{} (see sipwhy --help)", *unknown)};
            }
            throw UsageError{fmt::format("{} (see sipwhy --help)", e.what())};
        }
        std::vector<std::string> args = options.args;
        const KnowledgeBase kb = load_knowledge_base(options);
        Picked picked = pick_command(args, kb);
        check_options(options, picked, args);
        ResponseFilter filter = make_filter(options);
        const Format format = options.json    ? Format::json
                              : options.brief ? Format::brief
                                              : Format::text;
        const Context ctx{options,           kb, render_options(options), format, std::move(filter),
                          std::move(picked.hint)};
        int status = to_int(ExitStatus::ok);
        switch (picked.command) {
            case Command::explain:
                status = run_explain(ctx, args);
                break;
            case Command::scan:
                status = run_scan(ctx, args);
                break;
            case Command::list:
                status = run_list(ctx, args);
                break;
            case Command::search:
                status = run_search(ctx, args);
                break;
            case Command::q850:
                status = run_q850(ctx, args);
                break;
            case Command::cause:
                status = run_cause(ctx, args);
                break;
        }
        out() << std::flush;
        return status;
    } catch (const BrokenPipe&) {
        return to_int(ExitStatus::ok);
    } catch (const UsageError& e) {
        if (!e.message.empty()) {
            print_error(e.message);
        }
        return to_int(ExitStatus::error);
    }
}

}  // namespace sipwhy::cli
