// sipwhy explain: status codes, phrases, status lines and class patterns.
#include "app.hpp"
#include "help_text.hpp"
#include "input.hpp"
#include "interrupt.hpp"
#include "output.hpp"

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/analysis/header_explain.hpp>
#include <sipwhy/exit_status.hpp>
#include <sipwhy/render/render.hpp>
#include <sipwhy/render/responses.hpp>
#include <sipwhy/report/scan_report.hpp>
#include <sipwhy/sip/query.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace sipwhy::cli {
namespace {

constexpr std::size_t k_max_query = 4096;
// A pasted message may be larger than a query: a response with its SDP, after its request.
constexpr std::size_t k_max_message = 64 * 1024;

class Explainer {
public:
    explicit Explainer(const Context& ctx) : m_ctx(ctx) {}

    void query(std::string_view text) {
        m_hint = m_queries++ == 0 ? std::string_view(m_ctx.first_operand_hint) : std::string_view{};
        if (looks_like_message(text)) {
            if (text.size() > k_max_message) {
                fail(trf("message of {} bytes is too long (the limit is {})",
                         "сообщение длиной {} байт слишком длинное (предел {})", text.size(),
                         k_max_message));
                return;
            }
            if (message(text)) {
                return;
            }
        }
        if (text.size() > k_max_query) {
            too_long(text.size());
            return;
        }
        const auto q = parse_query(text);
        if (!q) {
            const auto& d = q.error();
            const std::string message = localized_query_message(d.message, message_lang());
            fail(d.source.empty() ? message
                                  : fmt::format("\"{}\": {}", sanitize_utf8(d.source), message));
            return;
        }
        if (q->kind == Query::Kind::reason || q->kind == Query::Kind::warning) {
            header(*q);
            return;
        }
        const auto results = explain(m_ctx.kb, *q);
        if (tally(results, [](const Explanation& x) { return x.resolved(); })) {
            print(*q, results);
        }
    }

    void too_long(std::uint64_t bytes) {
        fail(trf("query of {} bytes is too long (the limit is {})",
                 "запрос длиной {} байт слишком длинный (предел {})", bytes, k_max_query));
    }

    int status() const {
        if (m_failed) {
            return to_int(ExitStatus::error);
        }
        return to_int(m_unresolved ? ExitStatus::not_found : ExitStatus::ok);
    }

private:
    // Notes the results that did not resolve, for the exit status; true when they are to be
    // printed (-q prints nothing).
    template <class Results, class Resolved>
    bool tally(const Results& results, Resolved resolved) {
        for (const auto& x : results) {
            m_unresolved = m_unresolved || !resolved(x);
        }
        return !m_ctx.options.quiet;
    }

    void fail(std::string_view message) {
        out() << std::flush;
        print_error(m_hint.empty() ? std::string(message)
                                   : fmt::format("{} ({})", message, m_hint));
        m_failed = true;
    }

    // A whole message: its status explained, led by what the rules read in its headers (and its
    // request's, when it came first), and its Reason values decoded. False when it holds no
    // response.
    bool message(std::string_view text) {
        const auto m = read_pasted_message(text);
        if (!m) {
            return false;
        }
        Explanation x = explain_status(m_ctx.kb, m->code, m->reason);
        x.query = trim(fmt::format("SIP/2.0 {} {}", m->code, m->reason));
        x.sender_platform = platform_of_sender(
            !m->response.server.empty() ? m->response.server : m->response.user_agent);
        m_unresolved = m_unresolved || !x.resolved();
        const auto findings =
            response_findings(m_ctx.kb, m->code, x.category, m->response,
                              m->request ? &*m->request : nullptr, std::nullopt, m->reason);
        x.category = narrowed_category(x.category, findings);
        if (m_ctx.options.quiet) {
            return true;
        }
        std::ostream& o = out();
        const RenderOptions& r = m_ctx.render;
        if (m_ctx.format == Format::json) {
            render_json(o, x, r.lang, rule_findings_json(findings, r.lang, "message"));
            return true;
        }
        if (m_ctx.format == Format::brief) {
            render_brief(o, x, r);
            render_rule_findings_text(o, findings, r);
            return true;
        }
        separate_results(m_ctx, m_printed_any);
        if (!findings.empty()) {
            o << tr("From the message:", "Из сообщения:") << '\n';
            render_rule_findings_text(o, findings, r);
            o << '\n';
        }
        render_text(o, x, r);
        for (const auto& raw : m->response.reasons) {
            if (const auto values = parse_reason(raw)) {
                o << '\n';
                render_reason(o, "Reason: " + raw, explain_reason(m_ctx.kb, *values), Format::text,
                              r);
            }
        }
        return true;
    }

    // A Reason or Warning header: every value decoded and explained.
    void header(const Query& q) {
        const auto decode = [&](auto parse, auto explain_values, auto render) {
            const auto values = parse(q.value);
            if (!values) {
                fail(fmt::format("\"{}\": {}", values.error().source,
                                 localized_query_message(values.error().message, message_lang())));
                return;
            }
            const auto explained = explain_values(m_ctx.kb, *values);
            if (!tally(explained, [](const auto& x) { return x.known(); })) {
                return;
            }
            separate_results(m_ctx, m_printed_any);
            render(out(), q.text, explained, m_ctx.format, m_ctx.render);
        };
        if (q.kind == Query::Kind::reason) {
            decode(parse_reason, explain_reason, render_reason);
        } else {
            decode(parse_warning, explain_warning, render_warning);
        }
    }

    void print(const Query& q, const std::vector<Explanation>& results) {
        std::ostream& o = out();
        const RenderOptions& r = m_ctx.render;
        if (m_ctx.format == Format::json) {
            for (const auto& x : results) {
                render_json(o, x, r.lang);
            }
            return;
        }
        if (m_ctx.format == Format::brief) {
            for (const auto& x : results) {
                render_brief(o, x, r);
            }
            return;
        }
        separate_results(m_ctx, m_printed_any);
        if (q.kind == Query::Kind::pattern && results.front().entry != nullptr) {
            render_table(o, results, r);
            return;
        }
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (i > 0) {
                o << '\n';
            }
            render_text(o, results[i], r);
        }
    }

    const Context& m_ctx;
    std::size_t m_queries = 0;
    std::string_view m_hint;  // for errors about the first query, when the command was not named
    bool m_failed = false;
    bool m_unresolved = false;
    bool m_printed_any = false;
};

// Answers the queries on standard input, one per line, each as it comes: what is printed is
// flushed before each wait for more input, so `yes 486 | sipwhy explain - | head -1` answers at
// once. Blank lines are skipped; a line longer than a query may be is reported, not held.
void explain_stdin(Explainer& explainer) {
    std::string line;
    std::uint64_t line_bytes = 0;  // of the line so far, kept or not
    // A status or request line waits for the next line: a header line after it makes the rest
    // of the input one pasted message, anything else leaves it a query of its own.
    std::string pending;
    std::string message;
    bool in_message = false;
    const auto end_line = [&] {
        if (in_message) {
            if (message.size() <= k_max_message) {
                message += line;
                message += '\n';
            }
        } else if (line_bytes > k_max_query) {
            if (!pending.empty()) {
                explainer.query(pending);
                pending.clear();
            }
            explainer.too_long(line_bytes);
        } else if (!pending.empty()) {
            std::string_view name;
            std::string_view value;
            std::string_view l = line;
            if (!l.empty() && l.back() == '\r') {
                l.remove_suffix(1);
            }
            if (split_header(l, name, value)) {
                in_message = true;
                message = pending + "\n" + line + "\n";
            } else {
                explainer.query(pending);
                if (!trim(line).empty()) {
                    explainer.query(line);
                }
            }
            pending.clear();
        } else if (!trim(line).empty()) {
            const auto start = StartLine::parse(trim(line));
            if (start.kind == StartLine::Kind::response || start.kind == StartLine::Kind::request) {
                pending = line;
            } else {
                explainer.query(line);
            }
        }
        line.clear();
        line_bytes = 0;
    };
    std::array<char, 1 << 16> buffer;
    while (true) {
        out() << std::flush;
        const ssize_t n = interrupted() ? 0 : ::read(STDIN_FILENO, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw UsageError{fmt::format("{}: {}", k_stdin_name, system_error_text(errno))};
        }
        if (n == 0) {
            break;
        }
        std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
        while (!chunk.empty()) {
            const std::size_t nl = chunk.find('\n');
            const std::string_view piece = chunk.substr(0, nl);
            line_bytes += piece.size();
            if (line_bytes <= k_max_query) {
                line.append(piece);
            }
            if (nl == std::string_view::npos) {
                break;
            }
            end_line();
            chunk.remove_prefix(nl + 1);
        }
        // A start line with nothing after it yet: `yes 486 | sipwhy explain -` answers each
        // line at once, so a status line waits only while more input is in this chunk.
        if (!pending.empty() && line_bytes == 0 && !in_message) {
            explainer.query(pending);
            pending.clear();
        }
    }
    if (line_bytes > 0) {
        end_line();
    }
    if (!pending.empty()) {
        explainer.query(pending);
    }
    if (in_message) {
        explainer.query(message);
    }
}

}  // namespace

int run_explain(const Context& ctx, std::span<const std::string> operands) {
    if (operands.empty()) {
        throw UsageError{tr("explain needs a query, or - to read queries from stdin",
                            "explain нужен запрос или -, чтобы читать запросы из stdin")};
    }
    Explainer explainer(ctx);
    if (operands.size() == 1 && operands.front() == "-") {
        explain_stdin(explainer);
        if (interrupted()) {
            out() << std::flush;
            return interrupted_status();
        }
    } else {
        for (const auto& text : group_query_args(operands)) {
            explainer.query(text);
        }
    }
    return explainer.status();
}

}  // namespace sipwhy::cli
