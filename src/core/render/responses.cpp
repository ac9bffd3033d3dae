// The outputs of one response found by a scan (responses.hpp): a text line with its findings, a
// JSON object, a CSV row; and of a malformed status line.
#include "render/json_line.hpp"
#include "render/render_util.hpp"

#include <sipwhy/render/responses.hpp>
#include <sipwhy/sip/headers.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>

namespace sipwhy {

using namespace detail;
using Json = nlohmann::ordered_json;

namespace {

template <typename N>
void append_number(std::string& out, N n) {
    const fmt::format_int digits(n);
    out.append(digits.data(), digits.size());
}

void append_rule_findings(std::string& out, const std::vector<RuleFinding>& findings,
                          const RenderOptions& opt) {
    for (const auto& x : findings) {
        out += "  ";
        append_styled(out, "!", Style::red, opt.color);
        out += ' ';
        append_sanitized(out, x.text(opt.lang));
        out += " [";
        out += x.rfc;
        out += "]\n";
    }
}

}  // namespace

// Built in one buffer and written at once: a scan writes one per response, and stream insertions
// and strings of their own for each piece cost a fifth of the default mode's time.
void render_finding_text(std::ostream& out, const Finding& f, const RenderOptions& opt) {
    const ScannedResponse& r = f.response;
    const Explanation& x = f.explanation;
    thread_local std::string line;
    line.clear();
    if (!f.source.empty()) {
        append_sanitized(line, f.source);
        line += ':';
    }
    if (const PacketInfo* p = r.packet) {
        fmt::format_to(std::back_inserter(line), "{}: {} {} {} -> {} ", p->frame,
                       format_utc(p->seconds, p->nanoseconds), to_string(p->transport),
                       p->src.to_string(), p->dst.to_string());
    } else {
        append_number(line, r.line);
        line += ": ";
        if (r.time != nullptr) {
            append_time(line, *r.time);
            line += ' ';
        }
    }
    const std::size_t head = line.size();
    append_number(line, r.code);
    if (!r.reason.empty()) {
        line += ' ';
        append_sanitized(line, r.reason);
    }
    style_tail(line, head, Style::bold, opt.color);
    line += " - ";
    const Category category =
        f.findings != nullptr ? narrowed_category(x.category, *f.findings) : x.category;
    append_styled(line, to_string(category), category_style(category), opt.color);
    if (category != x.category) {
        // The findings named the cause; the code alone says less.
        line +=
            fmt::format(fmt::runtime(label::narrowed.in(opt.lang)), r.code, to_string(x.category));
    }
    if (r.message != nullptr && (!r.message->cseq_method.empty() || !r.message->call_id.empty())) {
        line += " (";
        append_sanitized(line, r.message->cseq_method);
        if (!r.message->call_id.empty()) {
            line += r.message->cseq_method.empty() ? "call " : ", call ";
            append_sanitized(line, r.message->call_id);
        }
        line += ')';
    }
    line += '\n';
    if (f.findings != nullptr) {
        append_rule_findings(line, *f.findings, opt);
    }
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
}

void render_rule_findings_text(std::ostream& out, const std::vector<RuleFinding>& findings,
                               const RenderOptions& opt) {
    thread_local std::string lines;
    lines.clear();
    append_rule_findings(lines, findings, opt);
    out.write(lines.data(), static_cast<std::streamsize>(lines.size()));
}

Json rule_findings_json(const std::vector<RuleFinding>& findings, Lang lang,
                        std::string_view where) {
    Json out = Json::array();
    for (const auto& x : findings) {
        Json evidence = Json::array();
        for (const auto& e : x.evidence) {
            evidence.push_back({{"where", !e.where.empty() ? e.where
                                          : e.request      ? std::string("request")
                                                           : std::string(where)},
                                {"header", sanitize_utf8(e.header)},
                                {"value", sanitize_utf8(e.value)}});
        }
        out.push_back({{"id", std::string(x.id)},
                       {"text", sanitize_utf8(x.text(lang))},
                       {"evidence", std::move(evidence)},
                       {"rfc", std::string(x.rfc)},
                       {"category", std::string(to_string(x.category))}});
    }
    return out;
}

void render_finding_csv_header(std::ostream& out) {
    out << "source,line,frame,time,transport,src,dst,code,reason,category,next_step,method,"
           "call_id\n";
}

void render_finding_csv(std::ostream& out, const Finding& f) {
    const ScannedResponse& r = f.response;
    const PacketInfo* p = r.packet;
    const MessageInfo* m = r.message;
    out << csv_field(sanitize_utf8(f.source)) << ',';
    if (p != nullptr) {
        out << ',' << p->frame << ',' << format_utc(p->seconds, p->nanoseconds) << ','
            << to_string(p->transport) << ',' << p->src.to_string() << ',' << p->dst.to_string();
    } else {
        out << r.line << ",," << (r.time != nullptr ? to_string(*r.time) : std::string{}) << ",,,";
    }
    out << ',' << r.code << ',' << csv_field(sanitize_utf8(r.reason)) << ','
        << to_string(f.explanation.category) << ',' << to_string(f.explanation.next_step) << ','
        << (m != nullptr ? csv_field(sanitize_utf8(m->cseq_method)) : std::string{}) << ','
        << (m != nullptr ? csv_field(sanitize_utf8(m->call_id)) : std::string{}) << '\n';
}

void render_malformed_text(std::ostream& out, std::string_view source, const MalformedStatus& m,
                           Lang lang) {
    if (!source.empty()) {
        out << sanitize_utf8(source) << ':';
    }
    const bool ru = lang == Lang::ru;
    out << (m.packet != nullptr ? m.packet->frame : m.line)
        << (ru ? ": искажённая строка статуса \"" : ": malformed status line \"")
        << sanitize_utf8(m.text) << "\" (" << (ru ? start_line_problem_ru(m.problem) : m.problem)
        << ")\n";
}

void render_malformed_json(std::ostream& out, std::string_view source, const MalformedStatus& m) {
    Json j;
    j["source"] = sanitize_utf8(source);
    if (m.packet != nullptr) {
        j["line"] = nullptr;
        j["frame"] = m.packet->frame;
    } else {
        j["line"] = m.line;
    }
    j["malformed"] = true;
    j["text"] = sanitize_utf8(m.text);
    j["problem"] = std::string(m.problem);
    write_json_line(out, j);
}

namespace {

void write_rule_findings(JsonWriter& w, const std::vector<RuleFinding>& findings, Lang lang,
                         std::string_view where) {
    w.begin_array();
    for (const auto& x : findings) {
        w.begin_object().key("id").value(x.id).key("text").clean(x.text(lang));
        w.key("evidence").begin_array();
        for (const auto& e : x.evidence) {
            w.begin_object()
                .key("where")
                .value(!e.where.empty() ? std::string_view(e.where)
                       : e.request      ? std::string_view("request")
                                        : where)
                .key("header")
                .clean(e.header)
                .key("value")
                .clean(e.value)
                .end_object();
        }
        w.end_array();
        w.key("rfc").value(x.rfc).key("category").value(to_string(x.category)).end_object();
    }
    w.end_array();
}

}  // namespace

void render_finding_json(std::ostream& out, const Finding& f, Lang lang) {
    const ScannedResponse& r = f.response;
    const Explanation& x = f.explanation;
    const MessageInfo* m = r.message;
    const PacketInfo* p = r.packet;
    thread_local std::string buffer;
    buffer.clear();
    JsonWriter w(buffer);
    const auto text = [&](std::string_view key, const std::string* s) {
        w.key(key);
        if (s == nullptr || s->empty()) {
            w.null();
        } else {
            w.clean(*s);
        }
    };
    w.begin_object().key("source").clean(f.source);
    w.key("line");
    p == nullptr ? w.value(r.line) : w.null();
    w.key("frame");
    p != nullptr ? w.value(p->frame) : w.null();
    w.key("time");
    if (p != nullptr) {
        w.value(format_utc(p->seconds, p->nanoseconds));
    } else if (r.time != nullptr) {
        w.value(to_string(*r.time));
    } else {
        w.null();
    }
    w.key("src");
    p != nullptr ? w.value(p->src.to_string()) : w.null();
    w.key("dst");
    p != nullptr ? w.value(p->dst.to_string()) : w.null();
    w.key("transport");
    p != nullptr ? w.value(to_string(p->transport)) : w.null();
    w.key("code").value(r.code).key("reason").clean(r.reason);
    const Category category =
        f.findings != nullptr ? narrowed_category(x.category, *f.findings) : x.category;
    w.key("category").value(to_string(category)).key("code_category").value(to_string(x.category));
    w.key("next_step").value(to_string(x.next_step));
    text("call_id", m != nullptr ? &m->call_id : nullptr);
    text("method", m != nullptr ? &m->cseq_method : nullptr);
    w.key("cseq");
    m != nullptr && !m->cseq_method.empty() ? w.value(m->cseq_number) : w.null();
    text("from", m != nullptr ? &m->from_user : nullptr);
    text("to", m != nullptr ? &m->to_user : nullptr);
    w.key("canonical_reason");
    x.entry != nullptr ? w.value(x.entry->reason) : w.null();
    w.key("match").value(to_string(x.match));
    w.key("meaning");
    const std::string_view meaning = first_sentence(meaning_of(x).in(lang));
    meaning.empty() ? w.null() : w.clean(meaning);
    w.key("reasons").begin_array();
    if (m != nullptr) {
        for (const auto& raw : m->reasons) {
            const auto parsed = parse_reason(raw);
            if (!parsed) {
                w.begin_object().key("raw").clean(raw).end_object();
                continue;
            }
            for (const auto& v : *parsed) {
                w.begin_object().key("protocol").clean(v.protocol).key("cause");
                v.cause ? w.value(*v.cause) : w.null();
                w.key("text");
                v.text.empty() ? w.null() : w.clean(v.text);
                w.end_object();
            }
        }
    }
    w.end_array().key("warnings").begin_array();
    if (m != nullptr) {
        for (const auto& raw : m->warnings) {
            w.clean(raw);
        }
    }
    w.end_array();
    text("retry_after", m != nullptr ? &m->retry_after : nullptr);
    text("server", m != nullptr ? &m->server : nullptr);
    text("user_agent", m != nullptr ? &m->user_agent : nullptr);
    w.key("framing").value(to_string(r.framing)).key("findings");
    if (f.findings != nullptr) {
        write_rule_findings(
            w, *f.findings, lang,
            p != nullptr ? fmt::format("frame {}", p->frame) : fmt::format("line {}", r.line));
    } else {
        w.begin_array().end_array();
    }
    w.end_object();
    buffer.push_back('\n');
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

}  // namespace sipwhy
