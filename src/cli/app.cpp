#include "app.hpp"

#include "environment.hpp"
#include "input.hpp"
#include "output.hpp"

#include <sipwhy/exit_status.hpp>
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
(SIP/2.0 ...) or a header (Reason: ..., Warning: ...) makes the command "explain"; any other
operand is a file or directory to scan.
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
All: 2 usage or input error; 130 (SIGINT) or 143 (SIGTERM) interrupted, after printing the results
found so far.
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

Command pick_command(std::vector<std::string>& args) {
    for (const auto& [name, command] : k_commands) {
        if (!args.empty() && args.front() == name) {
            args.erase(args.begin());
            return command;
        }
    }
    if (args.empty()) {
        if (stdin_is_terminal()) {
            throw UsageError{
                "nothing to do: give a status code such as 486, or log files, or pipe a log into "
                "sipwhy (see sipwhy --help)"};
        }
        return Command::scan;
    }
    return starts_query(args.front()) ? Command::explain : Command::scan;
}

// The options that belong to one command only, and whether each was given.
struct Owned {
    std::string_view name;
    bool given;
};

void check_options(const Options& o, Command command) {
    const std::vector<Owned> scan_only = {{"--summary", o.summary},
                                          {"--calls", o.calls},
                                          {"--csv", o.csv},
                                          {"--count", o.count},
                                          {"--failures", o.failures},
                                          {"--class", !o.classes.empty()},
                                          {"--category", !o.categories.empty()},
                                          {"--next-step", !o.next_steps.empty()},
                                          {"--code", !o.codes.empty()},
                                          {"--line-buffered", o.line_buffered}};
    const std::vector<Owned> explain_only = {{"--brief", o.brief}, {"--full", o.full}};
    std::vector<Owned> lookup_refused = {{"--full", o.full},
                                         {"--summary", o.summary},
                                         {"--calls", o.calls},
                                         {"--csv", o.csv},
                                         {"--count", o.count},
                                         {"--failures", o.failures},
                                         {"--class", !o.classes.empty()},
                                         {"--code", !o.codes.empty()},
                                         {"--line-buffered", o.line_buffered}};
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
    if (o.count && (o.summary || o.calls)) {
        throw UsageError{"--count cannot be combined with --summary or --calls"};
    }
    if (o.csv && !o.summary && !o.calls) {
        throw UsageError{"--csv needs --summary or --calls"};
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
            throw UsageError{fmt::format("{}: unknown {} \"{}\"{}", option, what, excerpt(v),
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
            throw UsageError{
                fmt::format("--class: \"{}\" is not a response class (1xx to 6xx)", excerpt(s))};
        }
        f.classes.push_back(s[0] - '0');
    }
    f.categories = parse_ids<Category>(o.categories, "--category", "category");
    f.next_steps = parse_ids<NextStep>(o.next_steps, "--next-step", "next step");
    for (const auto& c : o.codes) {
        const auto code = parse_status_code(trim(c));
        if (!code) {
            throw UsageError{
                fmt::format("--code: \"{}\": {}", code.error().source, code.error().message)};
        }
        f.codes.push_back(*code);
    }
    return f;
}

// Options whose value is empty ("--class=", "--code ,"): CLI11 would take the next argument as
// the value instead, so they are refused before it sees them.
void refuse_empty_values(int argc, char** argv) {
    static constexpr std::array<std::string_view, 7> k_valued = {
        "--class", "--category", "--next-step", "--code", "--kb", "--color", "--lang"};
    const auto empty = [](std::string_view v) { return v.find_first_not_of(", ") == v.npos; };
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") {
            return;
        }
        for (const std::string_view name : k_valued) {
            const bool joined = arg.size() > name.size() && arg.starts_with(name) &&
                                arg[name.size()] == '=' && empty(arg.substr(name.size() + 1));
            const bool separate = arg == name && i + 1 < argc && empty(argv[i + 1]);
            if (joined || separate) {
                throw UsageError{fmt::format("{}: the value is empty (see sipwhy --help)", name)};
            }
        }
    }
}

// CLI11's message with each word longer than 80 bytes cut (it quotes arguments whole, and an
// argument may be 128 KiB).
std::string cut_long_words(std::string_view message) {
    std::string out;
    while (!message.empty()) {
        const auto space = message.find(' ');
        out += excerpt(message.substr(0, space));
        if (space == std::string_view::npos) {
            break;
        }
        out += ' ';
        message.remove_prefix(space + 1);
    }
    return out;
}

// A knowledge-base file, read whole up to the limit (a --kb /dev/zero must not fill memory).
std::string read_kb_file(const std::string& path) {
    constexpr std::string_view what = "knowledge-base file";
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw UsageError{
            fmt::format("cannot read {} \"{}\": is a directory", what, shown_path(path))};
    }
    std::ifstream in(path, std::ios::binary);
    const auto fail = [&] {
        return UsageError{
            fmt::format("cannot read {} \"{}\": {}", what, shown_path(path), std::strerror(errno))};
    };
    if (!in) {
        throw fail();
    }
    constexpr std::size_t limit = KnowledgeBase::k_max_file_size;
    std::string text;
    std::array<char, 1 << 16> buffer;
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
        text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > limit) {
            throw UsageError{fmt::format("{} \"{}\" is larger than the limit of {} MiB", what,
                                         shown_path(path), limit >> 20)};
        }
    }
    if (in.bad()) {
        throw fail();
    }
    return text;
}

// The built-in knowledge base with SIPWHY_KB files, then --kb files, loaded over it.
KnowledgeBase load_knowledge_base(const Options& options) {
    KnowledgeBase kb = KnowledgeBase::builtin();
    std::vector<std::string> files = kb_files_from_environment();
    files.insert(files.end(), options.kb_files.begin(), options.kb_files.end());
    bool failed = false;
    for (const auto& path : files) {
        try {
            const std::string text = read_kb_file(path);
            for (const auto& d : kb.load(path, text)) {
                print_error(d.to_string());
                failed = true;
            }
        } catch (const std::bad_alloc&) {
            throw UsageError{
                fmt::format("knowledge-base file \"{}\": out of memory", shown_path(path))};
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
    app.add_option("--color", o.color,
                   "When to use colour: auto (a terminal and no NO_COLOR), always, never")
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
    app.add_option("args", o.args)->allow_extra_args(true);
}

}  // namespace

void separate_results(const Context& ctx, bool& printed_any) {
    if (printed_any && ctx.format == Format::text) {
        out() << '\n';
    }
    printed_any = true;
}

void print_error(std::string_view message) {
    // Messages quote operands, file names and input as they are: a name with an escape sequence
    // or a newline must neither drive the terminal nor forge a second line.
    err() << "sipwhy: error: " << sanitize_utf8(message) << '\n' << std::flush;
}

namespace {

int run_unguarded(int argc, char** argv) {
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
        refuse_empty_values(argc, argv);
        try {
            app.parse(argc, argv);
        } catch (const CLI::CallForHelp&) {
            out() << app.help() << std::flush;
            return to_int(ExitStatus::ok);
        } catch (const CLI::CallForVersion&) {
            out() << "sipwhy " << sipwhy_version() << "\nknowledge base "
                  << KnowledgeBase::builtin().version() << '\n'
                  << std::flush;
            return to_int(ExitStatus::ok);
        } catch (const CLI::ParseError& e) {
            throw UsageError{fmt::format("{} (see sipwhy --help)", cut_long_words(e.what()))};
        }
        std::vector<std::string> args = options.args;
        const Command command = pick_command(args);
        check_options(options, command);
        ResponseFilter filter = make_filter(options);
        const KnowledgeBase kb = load_knowledge_base(options);
        const Format format = options.json    ? Format::json
                              : options.brief ? Format::brief
                                              : Format::text;
        const Context ctx{options, kb, render_options(options), format, std::move(filter)};
        int status = to_int(ExitStatus::ok);
        switch (command) {
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
    } catch (const UsageError& e) {
        if (!e.message.empty()) {
            print_error(e.message);
        }
        out() << std::flush;  // what was printed before the error
        return to_int(ExitStatus::error);
    }
}

}  // namespace

int run(int argc, char** argv) {
    try {
        return run_unguarded(argc, argv);
    } catch (const BrokenPipe&) {
        return to_int(ExitStatus::ok);
    } catch (const OutputError& e) {
        print_error(fmt::format("cannot write to standard output: {}", std::strerror(e.error)));
        return to_int(ExitStatus::error);
    } catch (const std::bad_alloc&) {
        // Where the input is known, the command said which it was (a UsageError); this is the rest.
        print_error("out of memory");
        return to_int(ExitStatus::error);
    }
}

}  // namespace sipwhy::cli
