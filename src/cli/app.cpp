#include "app.hpp"

#include "environment.hpp"
#include "help_text.hpp"
#include "input.hpp"
#include "output.hpp"

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/exit_status.hpp>
#include <sipwhy/sip/query.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>
#include <sipwhy/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>

namespace sipwhy::cli {
namespace {

Lang g_lang = Lang::en;  // of messages and --help, set first thing in run()

class HelpFormatter : public CLI::Formatter {
public:
    explicit HelpFormatter(Lang lang) : m_lang(lang) {}
    std::string make_usage(const CLI::App*, std::string) const override {
        return help::usage.in(m_lang);
    }
    std::string make_positionals(const CLI::App*) const override { return {}; }
    std::string make_description(const CLI::App*) const override { return {}; }

private:
    Lang m_lang;
};

// Which command the operands ask for: a command name first; else a query first makes it
// explain, anything else (a file, a directory, "-", or nothing with stdin not a terminal) scan.
enum class Command { explain, scan, list, search, q850, cause, export_table, merge };

// A command's name on the command line and what runs it (app.hpp).
struct CommandEntry {
    std::string_view name;
    Command command;
    int (*run)(const Context&, std::span<const std::string>);
};

constexpr std::array<CommandEntry, 8> k_commands = {{
    {"explain", Command::explain, run_explain},
    {"scan", Command::scan, run_scan},
    {"list", Command::list, run_list},
    {"search", Command::search, run_search},
    {"q850", Command::q850, run_q850},
    {"cause", Command::cause, run_cause},
    {"export", Command::export_table, run_export},
    {"merge", Command::merge, run_merge},
}};

// Every command has its entry.
const CommandEntry& entry_of(Command command) {
    return *std::find_if(k_commands.begin(), k_commands.end(),
                         [&](const CommandEntry& e) { return e.command == command; });
}

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
    for (const CommandEntry& entry : k_commands) {
        if (!args.empty() && args.front() == entry.name) {
            args.erase(args.begin());
            return {entry.command, true, {}};
        }
    }
    if (args.empty()) {
        refuse_terminal_stdin(
            "nothing to do: give a status code such as 486, or log files, or pipe a log "
            "into sipwhy (see sipwhy --help)",
            "нечего делать: укажите код ответа, например 486, или файлы логов, или подайте "
            "лог на вход sipwhy (см. sipwhy --help)");
        return {Command::scan, false, {}};
    }
    const std::string& first = args.front();
    if (first == "-") {
        return {Command::scan, false, {}};
    }
    const std::string shown = sanitize_utf8(first);
    const std::string as_file =
        trf("read as a file; sipwhy explain \"{}\" reads it as a query",
            "прочитано как файл; sipwhy explain \"{}\" прочитает это как запрос", shown);
    const std::string as_query =
        trf("read as a query; sipwhy scan \"{}\" reads it as a file",
            "прочитано как запрос; sipwhy scan \"{}\" прочитает это как файл", shown);
    const bool exists = path_exists(first);
    // Only a name that could be either gets a note: digits that are no status code (a log named
    // after its date), and a name with no directory in it that names no file.
    const bool digits = first.size() > 3 && std::all_of(first.begin(), first.end(), [](char c) {
                            return c >= '0' && c <= '9';
                        });
    if (looks_like_message(first)) {
        return {Command::explain, false, {}};  // a message pasted whole: "$(cat response.txt)"
    }
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
                                          {"--kpi", o.kpi},
                                          {"--findings", o.findings},
                                          {"--by", !o.by.empty()},
                                          {"--calls", o.calls},
                                          {"--csv", o.csv},
                                          {"--count", o.count},
                                          {"--failures", o.failures},
                                          {"--class", !o.classes.empty()},
                                          {"--category", !o.categories.empty()},
                                          {"--next-step", !o.next_steps.empty()},
                                          {"--code", !o.codes.empty()},
                                          {"--line-buffered", o.line_buffered},
                                          {"--jobs", o.jobs > 0},
                                          {"--max-count", o.max_count >= 0},
                                          {"--files-with-matches", o.files_with_matches},
                                          {"--files-without-match", o.files_without_match},
                                          {"--no-filename", o.no_filename},
                                          {"--with-filename", o.with_filename},
                                          {"--line-number", o.line_number},
                                          {"--include", !o.include.empty()},
                                          {"--exclude", !o.exclude.empty()},
                                          {"--debug", o.debug},
                                          {"--listen-hep", !o.listen_hep.empty()},
                                          {"--interface", !o.interfaces.empty()},
                                          {"--bpf", !o.bpf.empty()},
                                          {"--interval", o.interval > 0},
                                          {"--flow", o.flow},
                                          {"--mermaid", o.mermaid},
                                          {"--svg", o.svg},
                                          {"--join", o.join},
                                          {"--call-id", !o.call_ids.empty()},
                                          {"--since", !o.since.empty()},
                                          {"--until", !o.until.empty()},
                                          {"--from", !o.from.empty()},
                                          {"--to", !o.to.empty()},
                                          {"--host", !o.hosts.empty()},
                                          {"--method", !o.methods.empty()}};
    const std::vector<Owned> explain_only = {{"--brief", o.brief}, {"--full", o.full}};
    // Lookups refuse what scans take, but for the options some of them take too (below).
    std::vector<Owned> lookup_refused = {{"--full", o.full}};
    for (const Owned& option : scan_only) {
        if (option.name != "--csv" && option.name != "--max-count" && option.name != "--category" &&
            option.name != "--next-step") {
            lookup_refused.push_back(option);
        }
    }
    if (command != Command::export_table && command != Command::merge) {  // tables take --csv
        lookup_refused.push_back({"--csv", o.csv});
    }
    if (command != Command::search) {  // search takes --max-count
        lookup_refused.push_back({"--max-count", o.max_count >= 0});
    }
    if (command != Command::list) {  // list takes --category and --next-step
        lookup_refused.push_back({"--category", !o.categories.empty()});
        lookup_refused.push_back({"--next-step", !o.next_steps.empty()});
    }
    const std::string_view command_name = entry_of(command).name;
    for (const auto& [name, given] : command == Command::explain ? scan_only
                                     : command == Command::scan  ? explain_only
                                                                 : lookup_refused) {
        if (!given) {
            continue;
        }
        if (command == Command::explain) {
            throw UsageError{trf("{} is for scanning logs, not for explaining codes",
                                 "{} - для просмотра логов, а не для объяснения кодов", name)};
        }
        if (command == Command::scan && !picked.named && !args.empty()) {
            throw UsageError{
                trf("{0} is for explaining codes, and \"{1}\" was read as a file to scan "
                    "(sipwhy explain \"{1}\" reads it as a query)",
                    "{0} - для объяснения кодов, а \"{1}\" прочитано как файл для просмотра "
                    "(sipwhy explain \"{1}\" прочитает это как запрос)",
                    name, sanitize_utf8(args.front()))};
        }
        if (command == Command::scan) {
            throw UsageError{trf("{} is for explaining codes, not for scanning logs",
                                 "{} - для объяснения кодов, а не для просмотра логов", name)};
        }
        throw UsageError{trf("{} does not apply to {}", "{} неприменим к {}", name, command_name)};
    }
    const auto pair = [](std::string_view a, std::string_view b) {
        return UsageError{trf("{} and {} cannot be combined", "{} и {} нельзя совмещать", a, b)};
    };
    if (o.json && o.brief) {
        throw pair("--json", "--brief");
    }
    if (o.summary && o.calls) {
        throw pair("--summary", "--calls");
    }
    if (!o.by.empty() && !parse_interval(o.by)) {
        throw UsageError{trf("--by: \"{}\" is not an interval (minute, hour or day)",
                             "--by: \"{}\" - не интервал (minute, hour или day)", excerpt(o.by))};
    }
    if (o.kpi || o.findings || !o.by.empty()) {
        for (const auto& [name, given] : std::vector<Owned>{{"--calls", o.calls},
                                                            {"--flow", o.flow},
                                                            {"--count", o.count},
                                                            {"--csv", o.csv}}) {
            // --by has its CSV; the findings are not in the summary's
            if (given && !(name == "--csv" && !o.by.empty() && !o.findings)) {
                throw pair(o.kpi ? "--kpi" : o.findings ? "--findings" : "--by", name);
            }
        }
    }
    if ((o.mermaid || o.svg) && !o.flow) {
        throw UsageError{trf("{} draws a --flow: give --flow too",
                             "{} рисует --flow: укажите и --flow",
                             o.mermaid ? "--mermaid" : "--svg")};
    }
    if (o.mermaid && o.svg) {
        throw pair("--mermaid", "--svg");
    }
    if (o.flow) {
        for (const auto& [name, given] :
             std::vector<Owned>{{"--summary", o.summary},
                                {"--calls", o.calls},
                                {"--count", o.count},
                                {"--csv", o.csv},
                                {"--json", o.json},
                                {"--max-count", o.max_count >= 0},
                                {"--files-with-matches", o.files_with_matches},
                                {"--files-without-match", o.files_without_match}}) {
            if (given) {
                throw pair("--flow", name);
            }
        }
    }
    if (o.count && o.summary) {
        throw UsageError{trf("{} cannot be combined with {}", "{} нельзя совмещать с {}", "--count",
                             "--summary")};
    }
    if (o.files_with_matches && o.files_without_match) {
        throw pair("--files-with-matches", "--files-without-match");
    }
    if ((o.files_with_matches || o.files_without_match) &&
        (o.summary || o.calls || o.count || o.json)) {
        throw UsageError{
            trf("{} cannot be combined with --summary, --calls, --count or --json",
                "{} нельзя совмещать с --summary, --calls, --count и --json",
                o.files_with_matches ? "--files-with-matches" : "--files-without-match")};
    }
    if (o.with_filename && o.no_filename) {
        throw pair("--with-filename", "--no-filename");
    }
    if (o.max_count >= 0 && o.calls) {
        throw UsageError{trf("{} cannot be combined with {}", "{} нельзя совмещать с {}",
                             "--max-count", "--calls")};
    }
    if (o.csv && o.count) {
        throw UsageError{
            trf("{} cannot be combined with {}", "{} нельзя совмещать с {}", "--csv", "--count")};
    }
    if (o.csv && o.json) {
        throw pair("--csv", "--json");
    }
    const bool live = !o.listen_hep.empty() || !o.interfaces.empty();
    if (!o.listen_hep.empty() && !o.interfaces.empty()) {
        throw pair("--listen-hep", "--interface");
    }
    if (!o.bpf.empty() && o.interfaces.empty()) {
        throw UsageError{tr("--bpf filters live capture: give --interface too",
                            "--bpf фильтрует захват с интерфейса: укажите и --interface")};
    }
    if (o.interval > 0 && !(live && o.summary)) {
        throw UsageError{
            tr("--interval prints the summary of a live source: give --summary and "
               "--listen-hep or --interface",
               "--interval печатает сводку живого источника: укажите --summary и "
               "--listen-hep или --interface")};
    }
    if (live && !args.empty()) {
        throw UsageError{trf("{} reads a live source, not files (\"{}\")",
                             "{} читает живой источник, а не файлы (\"{}\")",
                             o.listen_hep.empty() ? "--interface" : "--listen-hep",
                             sanitize_utf8(args.front()))};
    }
    if (live && (o.files_with_matches || o.files_without_match)) {
        throw UsageError{trf(
            "{} cannot be combined with a live source", "{} нельзя совмещать с живым источником",
            o.files_with_matches ? "--files-with-matches" : "--files-without-match")};
    }
}

// The ids given to an option such as --category; an unknown one is a usage error.
template <class E>
std::vector<E> parse_ids(const std::vector<std::string>& values, std::string_view option,
                         std::string_view what, std::string_view what_ru) {
    std::vector<E> out;
    for (const auto& v : values) {
        const auto id = parse_enum<E>(trim(v));
        if (!id) {
            const std::string_view best = closest_match(trim(v), id_list<E>());
            throw UsageError{fmt::format("{}: {} \"{}\"", option,
                                         g_lang == Lang::ru ? std::string(what_ru)
                                                            : fmt::format("unknown {}", what),
                                         excerpt(v)) +
                             (best.empty()
                                  ? std::string{}
                                  : trf(" (did you mean \"{}\"?)", " (может быть, «{}»?)", best))};
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
            throw UsageError{trf("--class: \"{}\" is not a response class (1xx to 6xx)",
                                 "--class: \"{}\" - не класс ответов (от 1xx до 6xx)", excerpt(s))};
        }
        f.classes.push_back(s[0] - '0');
    }
    f.categories =
        parse_ids<Category>(o.categories, "--category", "category", "неизвестная категория");
    f.next_steps =
        parse_ids<NextStep>(o.next_steps, "--next-step", "next step", "неизвестный следующий шаг");
    for (const auto& c : o.codes) {
        // A class pattern stands for every code it covers: 48x is 480-489, 4xx 400-499.
        if (const auto prefix = pattern_prefix(trim(c));
            !prefix.empty() && prefix[0] >= '1' && prefix[0] <= '6') {
            const int first = std::stoi(std::string(prefix)) * (prefix.size() == 1 ? 100 : 10);
            const int span = prefix.size() == 1 ? 100 : 10;
            for (int code = first; code < first + span; ++code) {
                f.codes.push_back(code);
            }
            continue;
        }
        const auto code = parse_status_code(trim(c));
        if (!code) {
            throw UsageError{fmt::format("--code: \"{}\": {}", code.error().source,
                                         localized_query_message(code.error().message, g_lang))};
        }
        f.codes.push_back(*code);
    }
    return f;
}

CallFilter make_call_filter(const Options& o) {
    CallFilter f;
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (::localtime_r(&now, &local) != nullptr) {
        f.local_utc_offset = local.tm_gmtoff;
    }
    const auto bound = [&](const std::string& text, std::string_view option) {
        std::optional<TimeBound> b;
        if (!text.empty()) {
            b = parse_time_bound(text, static_cast<std::int64_t>(now));
            if (!b) {
                throw UsageError{trf("{}: \"{}\" is not a time (2026-11-20T10:00:00, 10:00, -15m)",
                                     "{}: \"{}\" - не время (2026-11-20T10:00:00, 10:00, -15m)",
                                     option, excerpt(text))};
            }
        }
        return b;
    };
    f.since = bound(o.since, "--since");
    f.until = bound(o.until, "--until");
    const auto values = [](const std::vector<std::string>& given, std::string_view option) {
        std::vector<std::string> out;
        for (const auto& v : given) {
            if (trim(v).empty()) {
                throw UsageError{trf("{}: an empty value", "{}: пустое значение", option)};
            }
            out.emplace_back(trim(v));
        }
        return out;
    };
    f.call_ids = values(o.call_ids, "--call-id");
    f.from = values(o.from, "--from");
    f.to = values(o.to, "--to");
    f.hosts = values(o.hosts, "--host");
    f.methods = values(o.methods, "--method");
    return f;
}

// Options whose value is empty ("--class=", "--code ,"): CLI11 would take the next argument as
// the value instead, so they are refused before it sees them.
void refuse_empty_values(int argc, char** argv) {
    static constexpr std::array<std::string_view, 10> k_valued = {
        "--class", "--category", "--next-step",  "--code",      "--kb",
        "--color", "--lang",     "--listen-hep", "--interface", "--bpf"};
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
    const std::string what = tr("knowledge-base file", "файл базы знаний");
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw UsageError{trf("cannot read {} \"{}\": is a directory",
                             "не удаётся прочитать {} «{}»: это каталог", what, shown_path(path))};
    }
    std::ifstream in(path, std::ios::binary);
    const auto fail = [&] {
        return UsageError{trf("cannot read {} \"{}\": {}", "не удаётся прочитать {} «{}»: {}", what,
                              shown_path(path), system_error_text(errno))};
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
            throw UsageError{trf("{} \"{}\" is larger than the limit of {} MiB",
                                 "{} «{}» больше предела в {} МиБ", what, shown_path(path),
                                 limit >> 20)};
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
                print_error(d.to_string(g_lang));
                failed = true;
            }
        } catch (const std::bad_alloc&) {
            throw UsageError{trf("knowledge-base file \"{}\": out of memory",
                                 "файл базы знаний «{}»: не хватает памяти", shown_path(path))};
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

void declare_options(CLI::App& app, Options& o, Lang lang) {
    const std::string output = help::group_output.in(lang);
    const std::string scanning = help::group_scan.in(lang);
    const std::string live = help::group_live.in(lang);
    const auto flag = [&](const std::string& names, bool& into, const HelpText& text,
                          const std::string& group) {
        app.add_flag(names, into, text.in(lang))->group(group);
    };
    // --help shows the value as `value` (WHEN, N, LIST), not as CLI11's name of its type.
    const auto valued = [&](const std::string& names, auto& into, const HelpText& text,
                            const std::string& value, const std::string& group) {
        return app.add_option(names, into, text.in(lang))->option_text(value)->group(group);
    };
    // One value each time the option is given: the operand after the value stays an operand.
    const auto repeated = [&](const std::string& names, std::vector<std::string>& into,
                              const HelpText& text, const std::string& value,
                              const std::string& group) {
        return valued(names, into, text, value, group)->allow_extra_args(false);
    };
    // A list filter of the scan: "--class 4xx,5xx" or the option repeated.
    const auto list = [&](const std::string& names, std::vector<std::string>& into,
                          const HelpText& text) {
        repeated(names, into, text, "LIST", scanning)->delimiter(',');
    };
    flag("--json", o.json, help::json, output);
    flag("--brief", o.brief, help::brief, output);
    flag("-q,--quiet", o.quiet, help::quiet, output);
    flag("--full", o.full, help::full, output);
    valued("--color,--colour", o.color, help::color, "WHEN", output)
        ->check(CLI::IsMember({"auto", "always", "never"}));
    valued("--lang", o.lang, help::lang, "LANG", output)->check(CLI::IsMember({"en", "ru"}));
    repeated("--kb", o.kb_files, help::kb, "FILE", help::group_kb.in(lang));
    flag("--summary", o.summary, help::summary, scanning);
    flag("--kpi", o.kpi, help::kpi, scanning);
    flag("--findings", o.findings, help::findings, scanning);
    valued("--by", o.by, help::by, "INTERVAL", scanning);
    flag("--calls", o.calls, help::calls, scanning);
    flag("--csv", o.csv, help::csv, scanning);
    flag("-c,--count", o.count, help::count, scanning);
    flag("--failures", o.failures, help::failures, scanning);
    list("--class", o.classes, help::classes);
    list("--category", o.categories, help::categories);
    list("--next-step", o.next_steps, help::next_steps);
    list("--code", o.codes, help::codes);
    flag("--line-buffered", o.line_buffered, help::line_buffered, scanning);
    valued("-j,--jobs", o.jobs, help::jobs, "N", scanning)->check(CLI::PositiveNumber);
    valued("-m,--max-count", o.max_count, help::max_count, "N", scanning)
        ->check(CLI::NonNegativeNumber);
    flag("-l,--files-with-matches", o.files_with_matches, help::files_with, scanning);
    flag("-L,--files-without-match", o.files_without_match, help::files_without, scanning);
    flag("-I,--no-filename", o.no_filename, help::no_filename, scanning);
    flag("-H,--with-filename", o.with_filename, help::with_filename, scanning);
    flag("-n,--line-number", o.line_number, help::line_number, scanning);
    repeated("--include", o.include, help::include, "GLOB", scanning);
    repeated("--exclude", o.exclude, help::exclude, "GLOB", scanning);
    flag("--flow", o.flow, help::flow, scanning);
    flag("--mermaid", o.mermaid, help::mermaid, scanning);
    flag("--svg", o.svg, help::svg, scanning);
    flag("--join", o.join, help::join, scanning);
    repeated("--call-id", o.call_ids, help::call_id, "ID", scanning);
    valued("--since", o.since, help::since, "TIME", scanning);
    valued("--until", o.until, help::until, "TIME", scanning);
    repeated("--from", o.from, help::from, "NUMBER", scanning);
    repeated("--to", o.to, help::to, "NUMBER", scanning);
    repeated("--host", o.hosts, help::host, "ADDR", scanning);
    list("--method", o.methods, help::method);
    flag("--debug", o.debug, help::debug, scanning);
    valued("--listen-hep", o.listen_hep, help::listen_hep, "[ADDR:]PORT", live);
    repeated("-i,--interface", o.interfaces, help::interface, "IFACE", live);
    valued("--bpf", o.bpf, help::bpf, "EXPR", live);
    valued("--interval", o.interval, help::interval, "SECONDS", live)->check(CLI::PositiveNumber);
    app.add_option("args", o.args)->allow_extra_args(true);
}

constexpr std::array<std::string_view, 3> k_color_values = {"auto", "always", "never"};

// The language of messages and --help: --lang's value when it is given and valid, else the
// environment's. Read before the options are parsed, so that their help is in it.
Lang language_of(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view value;
        if (args[i] == "--lang" && i + 1 < args.size()) {
            value = args[i + 1];
        } else if (args[i].starts_with("--lang=")) {
            value = std::string_view(args[i]).substr(7);
        } else {
            continue;
        }
        if (const auto lang = parse_enum<Lang>(value)) {
            return *lang;
        }
    }
    return language_from_environment();
}

// CLI11 puts two blank lines between option groups; one is enough.
std::string without_doubled_blank_lines(std::string text) {
    for (auto pos = text.find("\n\n\n"); pos != std::string::npos; pos = text.find("\n\n\n")) {
        text.erase(pos, 1);
    }
    while (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    return text;
}

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
            i + 1 < args.size() && std::find(k_color_values.begin(), k_color_values.end(),
                                             args[i + 1]) != k_color_values.end();
        if (args[i] == "--color" && !value_follows) {
            args[i] = "--color=auto";
        }
    }
    return args;
}

// "unknown option --summery (did you mean "--summary"?)" for the first option CLI11 did not know.
std::optional<std::string> unknown_option(const CLI::App& app,
                                          const std::vector<std::string>& args) {
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
            const std::string_view best = cluster ? std::string_view{} : closest_match(name, views);
            return trf("unknown option {}", "неизвестный параметр {}", sanitize_utf8(name)) +
                   (best.empty() ? std::string{}
                                 : trf(" (did you mean \"{}\"?)", " (может быть, «{}»?)", best));
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

Lang message_lang() {
    return g_lang;
}

std::string tr(std::string_view en, std::string_view ru) {
    return std::string(g_lang == Lang::ru ? ru : en);
}

std::string system_error_text(int error) {
    if (g_lang == Lang::ru) {
        struct Text {
            int error;
            std::string_view ru;
        };
        static constexpr Text k_texts[] = {
            {ENOENT, "нет такого файла или каталога"},
            {EACCES, "доступ запрещён"},
            {EPERM, "операция не разрешена"},
            {EISDIR, "это каталог"},
            {ENOTDIR, "это не каталог"},
            {EIO, "ошибка ввода-вывода"},
            {ENOSPC, "на устройстве нет места"},
            {EMFILE, "слишком много открытых файлов"},
            {ENFILE, "слишком много открытых файлов в системе"},
            {ENOMEM, "не хватает памяти"},
            {ELOOP, "слишком много уровней символьных ссылок"},
            {ENAMETOOLONG, "слишком длинное имя файла"},
            {EROFS, "файловая система только для чтения"},
            {EBADF, "неверный дескриптор файла"},
            {EINVAL, "недопустимый аргумент"},
        };
        for (const Text& t : k_texts) {
            if (t.error == error) {
                return std::string(t.ru);
            }
        }
    }
    return std::strerror(error);
}

void print_error(std::string_view message) {
    // Messages quote operands, file names and input as they are: a name with an escape sequence
    // or a newline must neither drive the terminal nor forge a second line.
    err() << (g_lang == Lang::ru ? "sipwhy: ошибка: " : "sipwhy: error: ") << sanitize_utf8(message)
          << '\n'
          << std::flush;
}

namespace {

// A command line of operands alone ("sipwhy 486", "sipwhy /var/log/sip") sets no option, so
// CLI11 would only collect them: the options keep their defaults, and declaring them (half of a
// lookup's start-up, docs/performance.md) is skipped.
bool operands_only(const std::vector<std::string>& given) {
    return std::none_of(given.begin(), given.end(),
                        [](const std::string& arg) { return arg.starts_with('-'); });
}

// Reads the command line into `options` through CLI11; an exit status when it asked for the help
// or the version, which are printed.
std::optional<int> parse_options(int argc, char** argv, const std::vector<std::string>& given,
                                 Options& options) {
    CLI::App app;
    app.name("sipwhy");
    app.formatter(std::make_shared<HelpFormatter>(g_lang));
    app.footer(help::examples_heading.in(g_lang) + std::string(help::example_commands) +
               help::examples_rest.in(g_lang) + SIPWHY_DOCDIR);
    app.get_formatter()->column_width(28);
    app.set_help_flag("-h,--help", help::help.in(g_lang))->group(help::group_options.in(g_lang));
    app.set_version_flag("-V,--version", std::string(sipwhy_version()), help::version.in(g_lang))
        ->group(help::group_options.in(g_lang));
    declare_options(app, options, g_lang);
    refuse_empty_values(argc, argv);
    try {
        std::vector<std::string> reversed(given.rbegin(), given.rend());
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        out() << without_doubled_blank_lines(app.help()) << '\n' << std::flush;
        return to_int(ExitStatus::ok);
    } catch (const CLI::CallForVersion&) {
        out() << "sipwhy " << sipwhy_version() << "\nknowledge base "
              << KnowledgeBase::builtin().version() << '\n'
              << std::flush;
        return to_int(ExitStatus::ok);
    } catch (const CLI::ParseError& e) {
        const std::string see = tr("(see sipwhy --help)", "(см. sipwhy --help)");
        if (const auto unknown = unknown_option(app, given)) {
            throw UsageError{fmt::format("{} {}", cut_long_words(*unknown), see)};
        }
        throw UsageError{fmt::format("{} {}", cut_long_words(e.what()), see)};
    }
    return std::nullopt;
}

// The command that the options and operands name, run.
int run_command(const Options& options) {
    std::vector<std::string> args = options.args;
    const KnowledgeBase kb = load_knowledge_base(options);
    const bool live = !options.listen_hep.empty() || !options.interfaces.empty();
    Picked picked = live && args.empty() ? Picked{} : pick_command(args, kb);
    check_options(options, picked, args);
    ResponseFilter filter = make_filter(options);
    CallFilter calls = make_call_filter(options);
    const Format format = options.json    ? Format::json
                          : options.brief ? Format::brief
                                          : Format::text;
    const Context ctx{options,
                      kb,
                      render_options(options),
                      format,
                      std::move(filter),
                      std::move(calls),
                      std::move(picked.hint)};
    const int status = entry_of(picked.command).run(ctx, args);
    out() << std::flush;
    return status;
}

int run_unguarded(int argc, char** argv) {
    const std::vector<std::string> given = normalized_args(argc, argv);
    g_lang = language_of(given);
    Options options;
    try {
        if (!operands_only(given)) {
            if (const auto status = parse_options(argc, argv, given, options)) {
                return *status;
            }
        } else {
            options.args = given;
        }
        return run_command(options);
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
        print_error(trf("cannot write to standard output: {}",
                        "не удаётся писать в стандартный вывод: {}", system_error_text(e.error)));
        return to_int(ExitStatus::error);
    } catch (const std::bad_alloc&) {
        // Where the input is known, the command said which it was (a UsageError); this is the rest.
        print_error(tr("out of memory", "не хватает памяти"));
        return to_int(ExitStatus::error);
    }
}

}  // namespace sipwhy::cli
