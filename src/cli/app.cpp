#include "app.hpp"

#include "environment.hpp"
#include "output.hpp"

#include <sipwhy/exit_status.hpp>
#include <sipwhy/query.hpp>
#include <sipwhy/text.hpp>
#include <sipwhy/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sipwhy::cli {
namespace {

constexpr std::string_view k_usage = R"(sipwhy: why did this SIP call or registration fail?

Usage:
  sipwhy [OPTIONS] CODE [PHRASE] ...      explain status codes, reason phrases, status lines
  sipwhy [OPTIONS] explain QUERY...       the same, explicitly; "explain -" reads queries from stdin

A first operand that is a status code (486), a class pattern (4xx, 48x), a status line
(SIP/2.0 ...) or a header (Reason: ..., Warning: ...) makes the command "explain".
)";

constexpr std::string_view k_examples = R"(Examples:
  sipwhy 486
  sipwhy "403 Wrong Guess"
  sipwhy "SIP/2.0 480 No money left"
  sipwhy 401 407 486
  sipwhy 48x
  sipwhy --json 503 | jq -r .next_step
  echo 488 | sipwhy explain -

Exit status: 0 every query resolved to a knowledge-base entry; 1 some query resolved only to its
class or to nothing (what is known is still printed); 2 usage or input error.
Environment: NO_COLOR, SIPWHY_KB (colon-separated knowledge-base files), LC_ALL/LC_MESSAGES/LANG.)";

class HelpFormatter : public CLI::Formatter {
public:
    std::string make_usage(const CLI::App*, std::string) const override {
        return std::string(k_usage);
    }
    std::string make_positionals(const CLI::App*) const override { return {}; }
    std::string make_description(const CLI::App*) const override { return {}; }
};

// Which command the operands ask for (docs: "Queries and files").
enum class Command { explain };

Command pick_command(std::vector<std::string>& args) {
    if (!args.empty() && args.front() == "explain") {
        args.erase(args.begin());
        return Command::explain;
    }
    if (args.empty()) {
        throw UsageError{"nothing to explain: give a status code such as 486 (see sipwhy --help)"};
    }
    if (!starts_query(args.front())) {
        throw UsageError{fmt::format(
            "\"{}\" is not a status code, class pattern, status line or header; to explain a "
            "bare reason phrase, use: sipwhy explain \"{}\"",
            sanitize_utf8(args.front()), sanitize_utf8(args.front()))};
    }
    return Command::explain;
}

std::string read_file_or_throw(const std::string& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError{fmt::format("cannot read {} \"{}\": {}", what, path, std::strerror(errno))};
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        throw UsageError{fmt::format("cannot read {} \"{}\": {}", what, path, std::strerror(errno))};
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
    r.width = std::clamp(terminal_width().value_or(80), 60, 120);
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
    app.add_option("--color", o.color, "When to use colour: auto (a terminal and no NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->option_text("WHEN")
        ->group("Output");
    app.add_option("--lang", o.lang, "Language of the explanations: en or ru (default from LC_ALL, LC_MESSAGES, LANG)")
        ->check(CLI::IsMember({"en", "ru"}))
        ->option_text("LANG")
        ->group("Output");
    app.add_option("--kb", o.kb_files,
                   "Load a knowledge-base file over the built-in one (repeatable; after SIPWHY_KB)")
        ->option_text("FILE")
        ->allow_extra_args(false)
        ->group("Knowledge base");
    app.add_option("args", o.args)->allow_extra_args(true);
}

}  // namespace

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
            throw UsageError{fmt::format("{} (see sipwhy --help)", e.what())};
        }
        if (options.json && options.brief) {
            throw UsageError{"--json and --brief cannot be combined"};
        }
        std::vector<std::string> args = options.args;
        const Command command = pick_command(args);
        const KnowledgeBase kb = load_knowledge_base(options);
        const Context ctx{options, kb, render_options(options)};
        int status = to_int(ExitStatus::ok);
        switch (command) {
            case Command::explain:
                status = run_explain(ctx, args);
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
