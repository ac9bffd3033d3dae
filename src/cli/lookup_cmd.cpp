// sipwhy list, search, q850 and cause: discovery over the knowledge base.
#include "app.hpp"
#include "output.hpp"

#include <sipwhy/exit_status.hpp>
#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/render/lookup.hpp>
#include <sipwhy/sip/query.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace sipwhy::cli {
namespace {

// "4xx" -> "4", "48x" -> "48", "486" -> "486"; an error for anything else.
std::string list_prefix(std::string_view pattern) {
    const std::string_view p = trim(pattern);
    const std::string_view prefix = parse_status_code(p) ? p : pattern_prefix(p);
    if (prefix.empty() || prefix[0] < '1' || prefix[0] > '6') {
        throw UsageError{
            trf("list: \"{}\" is not a code or class pattern (expected e.g. 4xx, 48x or 486)",
                "list: \"{}\" - не код и не шаблон класса (ожидается, например, 4xx, 48x или 486)",
                excerpt(p))};
    }
    return std::string(prefix);
}

}  // namespace

int run_list(const Context& ctx, std::span<const std::string> operands) {
    // Each code prefix with the pattern as given, which JSON's query repeats ("list 4xx").
    std::vector<std::pair<std::string, std::string>> prefixes;
    for (const auto& op : operands) {
        prefixes.emplace_back(list_prefix(op), sanitize_utf8(trim(op)));
    }
    if (prefixes.empty()) {
        prefixes.emplace_back();
    }
    std::vector<Explanation> rows;
    for (const auto& [prefix, pattern] : prefixes) {
        for (const CodeEntry* e : list_codes(ctx.kb, prefix, ctx.filter.categories)) {
            if (!ctx.filter.accepts(e->code, e->category, e->next_step)) {
                continue;  // --next-step (list refuses the other filters)
            }
            Explanation x = explain_status(ctx.kb, e->code, "");
            x.query = pattern.empty() ? std::string("list") : fmt::format("list {}", pattern);
            rows.push_back(std::move(x));
        }
    }
    if (!ctx.options.quiet) {
        switch (ctx.format) {
            case Format::json:
                for (const auto& x : rows) {
                    render_json(out(), x, ctx.render.lang);
                }
                break;
            case Format::brief:
                for (const auto& x : rows) {
                    render_brief(out(), x, ctx.render);
                }
                break;
            case Format::text:
                if (!rows.empty()) {
                    render_table(out(), rows, ctx.render);
                }
                break;
        }
    }
    return to_int(rows.empty() ? ExitStatus::not_found : ExitStatus::ok);
}

int run_search(const Context& ctx, std::span<const std::string> operands) {
    std::string query;
    for (const auto& op : operands) {
        query += query.empty() ? "" : " ";
        query += op;
    }
    if (normalize_phrase(query).empty()) {
        throw UsageError{tr("search needs words to look for, e.g. sipwhy search codec",
                            "search нужны слова для поиска, например sipwhy search codec")};
    }
    auto hits = search(ctx.kb, query);
    if (ctx.options.max_count >= 0 &&
        hits.size() > static_cast<std::size_t>(ctx.options.max_count)) {
        hits.resize(static_cast<std::size_t>(ctx.options.max_count));
    }
    if (!ctx.options.quiet) {
        render_search(out(), hits, ctx.format, ctx.render);
    }
    return to_int(hits.empty() ? ExitStatus::not_found : ExitStatus::ok);
}

int run_q850(const Context& ctx, std::span<const std::string> operands) {
    if (operands.empty()) {
        throw UsageError{tr("q850 needs a cause value, e.g. sipwhy q850 17",
                            "q850 нужно значение причины, например sipwhy q850 17")};
    }
    bool unknown = false;
    bool failed = false;
    bool printed_any = false;
    for (const auto& op : operands) {
        const std::string_view v = trim(op);
        int cause = -1;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), cause);
        if (v.empty() || ec != std::errc{} || end != v.data() + v.size() || cause < 0 ||
            cause > 127) {
            out() << std::flush;
            print_error(trf("\"{}\": not a Q.850 cause value (0-127)",
                            "\"{}\": не значение причины Q.850 (0-127)",
                            excerpt(v, 40)));
            failed = true;
            continue;
        }
        const Q850Cause* q = ctx.kb.q850(cause);
        if (q == nullptr) {
            unknown = true;
            out() << std::flush;
            print_error(trf("{}: no Q.850 cause has this value",
                            "{}: у Q.850 нет причины с таким значением", cause));
            continue;
        }
        if (ctx.options.quiet) {
            continue;
        }
        separate_results(ctx, printed_any);
        render_q850(out(), q850_report(ctx.kb, *q), ctx.format, ctx.render);
    }
    if (failed) {
        return to_int(ExitStatus::error);
    }
    return to_int(unknown ? ExitStatus::not_found : ExitStatus::ok);
}

int run_cause(const Context& ctx, std::span<const std::string> operands) {
    if (operands.empty()) {
        // Every cause of every platform: what the shell completions offer.
        std::vector<CauseReport> all;
        for (const auto& c : ctx.kb.data().platform_causes) {
            all.push_back(cause_report(ctx.kb, c));
        }
        if (!ctx.options.quiet) {
            render_cause(out(), "", all, ctx.format, ctx.render);
        }
        return to_int(all.empty() ? ExitStatus::not_found : ExitStatus::ok);
    }
    bool unknown = false;
    bool printed_any = false;
    for (const auto& op : operands) {
        const auto causes = find_causes(ctx.kb, trim(op));
        if (causes.empty()) {
            unknown = true;
            const auto best = closest_cause_name(ctx.kb, trim(op));
            out() << std::flush;
            print_error(trf("\"{}\": no platform has a cause of this name",
                            "\"{}\": ни у одной платформы нет причины с таким именем",
                            excerpt(trim(op))) +
                        (best.empty()
                             ? std::string{}
                             : trf(" (did you mean \"{}\"?)", " (может быть, «{}»?)", best)));
            continue;
        }
        if (ctx.options.quiet) {
            continue;
        }
        separate_results(ctx, printed_any);
        std::vector<CauseReport> reports;
        for (const PlatformCause* c : causes) {
            reports.push_back(cause_report(ctx.kb, *c));
        }
        render_cause(out(), op, reports, ctx.format, ctx.render);
    }
    return to_int(unknown ? ExitStatus::not_found : ExitStatus::ok);
}

}  // namespace sipwhy::cli
