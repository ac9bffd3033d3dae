#include "render/json_line.hpp"
#include "render/render_util.hpp"

#include <sipwhy/log_time.hpp>
#include <sipwhy/render/calls.hpp>
#include <sipwhy/render/responses.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sipwhy {
namespace {

using namespace detail;
using Json = nlohmann::ordered_json;

// "250 ms", "2.0 s", "1 min 5.0 s", "2 h 5 min", "3 d 4 h"; in Russian "250 мс", "2.0 с",
// "1 мин 5.0 с", "2 ч 5 мин", "3 д 4 ч".
std::string duration_text(std::int64_t ms, Lang lang) {
    const bool ru = lang == Lang::ru;
    constexpr std::int64_t k_minute = 60000;
    constexpr std::int64_t k_hour = 60 * k_minute;
    constexpr std::int64_t k_day = 24 * k_hour;
    if (ms < 1000) {
        return fmt::format("{} {}", ms, ru ? "мс" : "ms");
    }
    if (ms < k_minute) {
        return fmt::format("{:.1f} {}", static_cast<double>(ms) / 1000, ru ? "с" : "s");
    }
    if (ms < k_hour) {
        return fmt::format("{} {} {:.1f} {}", ms / k_minute, ru ? "мин" : "min",
                           static_cast<double>(ms % k_minute) / 1000, ru ? "с" : "s");
    }
    if (ms < k_day) {
        return fmt::format("{} {} {} {}", ms / k_hour, ru ? "ч" : "h", ms % k_hour / k_minute,
                           ru ? "мин" : "min");
    }
    return fmt::format("{} {} {} {}", ms / k_day, ru ? "д" : "d", ms % k_day / k_hour,
                       ru ? "ч" : "h");
}

// "pdd 2.0 s, answered after 10.0 s, 8.0 s ringing, 60.0 s talk, BYE answered in 200 ms".
std::string timing_text(const CallVerdict& v, Lang lang) {
    const CallTiming& t = v.timing;
    const bool ru = lang == Lang::ru;
    const auto d = [lang](std::int64_t ms) { return duration_text(ms, lang); };
    std::vector<std::string> parts;
    if (t.pdd_ms) {
        parts.push_back((ru ? "PDD " : "pdd ") + d(*t.pdd_ms));
    }
    if (t.setup_ms) {
        const bool answered = v.verdict == Verdict::answered;
        parts.push_back(ru ? fmt::format("{} через {}", answered ? "ответ" : "окончательный ответ",
                                         d(*t.setup_ms))
                           : fmt::format("{} after {}", answered ? "answered" : "final answer",
                                         d(*t.setup_ms)));
    }
    if (t.ring_ms) {
        parts.push_back(ru ? "звонок " + d(*t.ring_ms) : d(*t.ring_ms) + " ringing");
    }
    if (t.duration_ms) {
        parts.push_back(ru ? "разговор " + d(*t.duration_ms) : d(*t.duration_ms) + " talk");
    }
    if (t.disconnect_ms) {
        parts.push_back((ru ? "ответ на BYE через " : "BYE answered in ") + d(*t.disconnect_ms));
    }
    if (t.register_ms) {
        parts.push_back((ru ? "регистрация за " : "registered in ") + d(*t.register_ms));
    }
    std::string text;
    for (const auto& p : parts) {
        text += (text.empty() ? "" : ", ") + p;
    }
    return text;
}

// The verdict as the text output names it; JSON and CSV carry the id.
std::string_view verdict_text(Verdict v, Lang lang) {
    if (lang != Lang::ru) {
        return to_string(v);
    }
    switch (v) {
        case Verdict::answered:
            return "отвечен";
        case Verdict::busy:
            return "занято";
        case Verdict::declined:
            return "отклонён";
        case Verdict::canceled:
            return "отменён";
        case Verdict::failed:
            return "не удался";
        case Verdict::auth_failed:
            return "аутентификация не пройдена";
        case Verdict::no_final_response:
            return "нет окончательного ответа";
        case Verdict::registered:
            return "зарегистрирован";
        case Verdict::registration_failed:
            return "регистрация не удалась";
        case Verdict::ok:
            return "выполнен";
        case Verdict::request_failed:
            return "запрос не выполнен";
    }
    return {};
}

// ", after 2 challenges"; in Russian the noun agrees with the number.
std::string challenges_text(int n, Lang lang) {
    if (lang == Lang::ru) {
        const bool one = n % 10 == 1 && n % 100 != 11;
        return fmt::format(", после {} запрос{} аутентификации", n, one ? "а" : "ов");
    }
    return fmt::format(", after {} challenge{}", n, n == 1 ? "" : "s");
}

Json ms_json(const std::optional<std::int64_t>& ms) {
    return ms ? Json(*ms) : Json(nullptr);
}

// Where the call was first seen: a capture's frame time (UTC), or a log's first timestamp as the
// log wrote it; empty when the log has none.
std::string verdict_time(const CallVerdict& v) {
    if (v.frame != 0) {
        return format_utc(v.seconds, v.nanoseconds);
    }
    return v.log_time ? to_string(*v.log_time) : std::string{};
}

std::string ms_csv(const std::optional<std::int64_t>& ms) {
    return ms ? std::to_string(*ms) : std::string{};
}

}  // namespace

void render_call_text(std::ostream& out, const CallVerdict& v, const RenderOptions& opt) {
    const Lang lang = opt.lang;
    const std::string_view call = lang == Lang::ru ? "вызов" : "call";
    const std::string time = verdict_time(v);
    std::string head =
        fmt::format("{}:{}: {}{}{} {}: ", sanitize_utf8(v.source), v.frame != 0 ? v.frame : v.line,
                    time, time.empty() ? "" : " ", call, sanitize_utf8(v.call_id));
    const Category category =
        v.explanation ? narrowed_category(v.explanation->category, v.findings)
                      : (v.verdict == Verdict::canceled ? Category::canceled : Category::unknown);
    out << head << styled(verdict_text(v.verdict, lang), category_style(category), opt.color);
    if (v.code != 0) {
        out << " - " << v.code;
        if (!v.reason.empty()) {
            out << ' ' << sanitize_utf8(v.reason);
        }
    }
    std::string who = sanitize_utf8(v.method);
    if (!v.from.empty() || !v.to.empty()) {
        who += fmt::format(" {} -> {}", sanitize_utf8(v.from), sanitize_utf8(v.to));
    }
    if (v.challenges > 0) {
        who += challenges_text(v.challenges, lang);
    }
    out << " (" << who << ")\n";
    for (const auto& r : v.reason_header) {
        std::string line =
            fmt::format("  {}: {}", label::reason_header.in(lang), sanitize_utf8(r.value.protocol));
        if (r.value.cause) {
            line += fmt::format(" {} {}", lang == Lang::ru ? "причина" : "cause", *r.value.cause);
        }
        if (r.q850 != nullptr) {
            line += fmt::format(" ({})", r.q850->name_in(lang));
        }
        if (!r.value.text.empty()) {
            line += fmt::format(" \"{}\"", sanitize_utf8(r.value.text));
        }
        out << line << '\n';
    }
    if (!v.contradiction.empty()) {
        out << "  " << styled("!", Style::red, opt.color) << ' ' << v.contradiction.text(lang)
            << '\n';
    }
    if (!v.caller_address.empty()) {
        out << "  " << (lang == Lang::ru ? "адреса" : "endpoints") << ": " << v.caller_address
            << " -> " << v.callee_address << '\n';
    }
    if (!v.timing.empty()) {
        out << "  " << (lang == Lang::ru ? "время" : "timing") << ": " << timing_text(v, lang)
            << '\n';
    }
    if (!v.findings.empty()) {
        render_rule_findings_text(out, v.findings, opt);
    }
    if (v.no_ack) {
        out << "  " << styled("!", Style::red, opt.color) << ' '
            << fmt::format(fmt::runtime(label::no_ack.in(lang)),
                           fmt::format("{} {}", v.code, sanitize_utf8(v.reason)),
                           v.retransmissions + 1)
            << '\n';
    }
}

void render_call_json(std::ostream& out, const CallVerdict& v, Lang lang) {
    Json j;
    j["call_id"] = sanitize_utf8(v.call_id);
    j["source"] = sanitize_utf8(v.source);
    j["line"] = v.frame == 0 ? Json(v.line) : Json(nullptr);
    j["frame"] = v.frame != 0 ? Json(v.frame) : Json(nullptr);
    const std::string time = verdict_time(v);
    j["time"] = !time.empty() ? Json(time) : Json(nullptr);
    j["method"] = v.method.empty() ? Json(nullptr) : Json(sanitize_utf8(v.method));
    j["verdict"] = std::string(to_string(v.verdict));
    j["code"] = v.code != 0 ? Json(v.code) : Json(nullptr);
    j["reason"] = v.code != 0 ? Json(sanitize_utf8(v.reason)) : Json(nullptr);
    j["category"] =
        v.explanation
            ? Json(std::string(to_string(narrowed_category(v.explanation->category, v.findings))))
            : Json(nullptr);
    j["code_category"] =
        v.explanation ? Json(std::string(to_string(v.explanation->category))) : Json(nullptr);
    j["next_step"] =
        v.explanation ? Json(std::string(to_string(v.explanation->next_step))) : Json(nullptr);
    j["meaning"] = Json(nullptr);
    if (v.explanation) {
        const auto& x = *v.explanation;
        const LocalText t = x.variant != nullptr ? x.variant->meaning
                            : x.entry != nullptr ? x.entry->summary
                                                 : LocalText{};
        if (!t.empty()) {
            j["meaning"] = std::string(first_sentence(t.in(lang)));
        }
    }
    j["from"] = v.from.empty() ? Json(nullptr) : Json(sanitize_utf8(v.from));
    j["to"] = v.to.empty() ? Json(nullptr) : Json(sanitize_utf8(v.to));
    j["challenges"] = v.challenges;
    Json reasons = Json::array();
    for (const auto& r : v.reason_header) {
        reasons.push_back(
            {{"protocol", sanitize_utf8(r.value.protocol)},
             {"cause", r.value.cause ? Json(*r.value.cause) : Json(nullptr)},
             {"text", r.value.text.empty() ? Json(nullptr) : Json(sanitize_utf8(r.value.text))},
             {"name", r.q850 != nullptr ? Json(std::string(r.q850->name)) : Json(nullptr)}});
    }
    j["reasons"] = std::move(reasons);
    j["contradiction"] = v.contradiction.empty() ? Json(nullptr) : Json(v.contradiction.text(lang));
    j["no_ack"] = v.no_ack;
    j["retransmissions"] = v.retransmissions;
    j["responses"] = v.responses;
    j["caller_address"] = v.caller_address.empty() ? Json(nullptr) : Json(v.caller_address);
    j["callee_address"] = v.callee_address.empty() ? Json(nullptr) : Json(v.callee_address);
    j["timing"] = {{"pdd_ms", ms_json(v.timing.pdd_ms)},
                   {"setup_ms", ms_json(v.timing.setup_ms)},
                   {"ring_ms", ms_json(v.timing.ring_ms)},
                   {"duration_ms", ms_json(v.timing.duration_ms)},
                   {"disconnect_ms", ms_json(v.timing.disconnect_ms)},
                   {"register_ms", ms_json(v.timing.register_ms)}};
    j["findings"] = rule_findings_json(v.findings, lang, "call");
    write_json_line(out, j);
}

void render_call_csv_header(std::ostream& out) {
    out << "call_id,source,line,method,verdict,code,reason,category,from,to,challenges,"
           "reason_protocol,reason_cause,contradiction,no_ack,frame,time,caller_address,"
           "callee_address,pdd_ms,setup_ms,ring_ms,duration_ms,disconnect_ms,register_ms\n";
}

void render_call_csv(std::ostream& out, const CallVerdict& v) {
    const ReasonValue* r = v.reason_header.empty() ? nullptr : &v.reason_header.front().value;
    out << csv_field(sanitize_utf8(v.call_id)) << ',' << csv_field(sanitize_utf8(v.source)) << ','
        << (v.frame == 0 ? std::to_string(v.line) : std::string{}) << ','
        << csv_field(sanitize_utf8(v.method)) << ',' << to_string(v.verdict) << ','
        << (v.code != 0 ? std::to_string(v.code) : std::string{}) << ','
        << csv_field(sanitize_utf8(v.reason)) << ','
        << (v.explanation ? to_string(v.explanation->category) : std::string_view{}) << ','
        << csv_field(sanitize_utf8(v.from)) << ',' << csv_field(sanitize_utf8(v.to)) << ','
        << v.challenges << ','
        << (r != nullptr ? csv_field(sanitize_utf8(r->protocol)) : std::string{}) << ','
        << (r != nullptr && r->cause ? std::to_string(*r->cause) : std::string{}) << ','
        << csv_field(v.contradiction.text(Lang::en)) << ',' << (v.no_ack ? "true" : "false") << ','
        << (v.frame != 0 ? std::to_string(v.frame) : std::string{}) << ',' << verdict_time(v) << ','
        << v.caller_address << ',' << v.callee_address << ',' << ms_csv(v.timing.pdd_ms) << ','
        << ms_csv(v.timing.setup_ms) << ',' << ms_csv(v.timing.ring_ms) << ','
        << ms_csv(v.timing.duration_ms) << ',' << ms_csv(v.timing.disconnect_ms) << ','
        << ms_csv(v.timing.register_ms) << '\n';
}

}  // namespace sipwhy
