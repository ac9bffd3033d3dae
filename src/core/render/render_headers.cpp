// Rendering of Reason and Warning header explanations.
#include "render/json_line.hpp"
#include "render/render_util.hpp"

#include <sipwhy/render/render.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sipwhy {
namespace {

using namespace detail;
using Json = nlohmann::ordered_json;

// "Q.850 cause 16: Normal call clearing" and the category it points to.
std::pair<std::string, std::optional<Category>> reason_title(const ReasonExplanation& r,
                                                             Lang lang) {
    const auto& v = r.value;
    std::string cause =
        v.cause ? fmt::format(" {} {}", lang == Lang::ru ? "причина" : "cause", *v.cause)
                : std::string{};
    std::string title = sanitize_utf8(v.protocol) + cause;
    if (r.q850 != nullptr) {
        return {fmt::format("{}: {}", title, r.q850->name_in(lang)), r.q850->category};
    }
    if (r.sip) {
        const auto* e = r.sip->entry;
        return {fmt::format("{}: {} {}", title, r.sip->code,
                            e != nullptr ? e->reason : "(unregistered)"),
                r.sip->category};
    }
    return {title, std::nullopt};
}

Json reason_json(const ReasonExplanation& r, Lang lang) {
    const auto& v = r.value;
    Json j;
    j["protocol"] = sanitize_utf8(v.protocol);
    j["cause"] = v.cause ? Json(*v.cause) : Json(nullptr);
    j["text"] = text_or_null(sanitize_utf8(v.text));
    j["location"] = text_or_null(sanitize_utf8(v.location));
    j["known"] = r.known();
    const auto [title, category] = reason_title(r, lang);
    j["name"] = r.q850 != nullptr                    ? Json(std::string(r.q850->name))
                : (r.sip && r.sip->entry != nullptr) ? Json(std::string(r.sip->entry->reason))
                                                     : Json(nullptr);
    j["category"] = category ? Json(std::string(to_string(*category))) : Json(nullptr);
    std::string_view meaning;
    if (r.q850 != nullptr) {
        meaning = r.q850->meaning.in(lang);
    } else if (r.sip && r.sip->variant != nullptr) {
        meaning = r.sip->variant->meaning.in(lang);
    } else if (r.sip && r.sip->entry != nullptr) {
        meaning = r.sip->entry->summary.in(lang);
    } else if (r.protocol_cause != nullptr) {
        meaning = r.protocol_cause->meaning.in(lang);
    }
    j["meaning"] = text_or_null(meaning);
    j["protocol_meaning"] =
        r.protocol != nullptr ? text_or_null(r.protocol->meaning.in(lang)) : Json(nullptr);
    if (r.q850 != nullptr) {
        const Rfc3398Status rfc = rfc3398_status(*r.q850);
        j["to_sip"] = rfc.status != 0 ? Json(rfc.status) : Json(nullptr);
        j["to_sip_default"] = rfc.is_default;
        j["to_sip_note"] = text_or_null(r.q850->to_sip_note.in(lang));
        Json platforms = Json::object();
        for (const PlatformCause* c : r.platform_causes) {
            platforms[std::string(to_string(c->platform))] = std::string(c->name);
        }
        j["platforms"] = std::move(platforms);
    }
    if (r.sip) {
        j["next_step"] = std::string(to_string(r.sip->next_step));
    }
    return j;
}

Json warning_json(const WarningExplanation& w, Lang lang) {
    Json j;
    j["code"] = w.value.code;
    j["agent"] = text_or_null(sanitize_utf8(w.value.agent));
    j["text"] = text_or_null(sanitize_utf8(w.value.text));
    j["known"] = w.known();
    j["name"] = w.known() ? Json(std::string(w.warn_code->text)) : Json(nullptr);
    j["rfc"] = w.known() ? Json(std::string(w.warn_code->rfc)) : Json(nullptr);
    j["meaning"] = w.known() ? text_or_null(w.warn_code->meaning.in(lang)) : Json(nullptr);
    return j;
}

// One JSON line for a header query: the query, the header's name, and each value explained.
template <class Values, class ToJson>
void write_values_json(std::ostream& out, std::string_view query, std::string_view header,
                       const Values& values, ToJson to_json) {
    Json j;
    j["query"] = sanitize_utf8(query);
    j["header"] = std::string(header);
    Json items = Json::array();
    for (const auto& v : values) {
        items.push_back(to_json(v));
    }
    j["values"] = std::move(items);
    write_json_line(out, j);
}

}  // namespace

void render_reason(std::ostream& out, std::string_view query,
                   const std::vector<ReasonExplanation>& values, Format format,
                   const RenderOptions& opt) {
    const Lang lang = opt.lang;
    if (format == Format::json) {
        write_values_json(out, query, "Reason", values,
                          [&](const ReasonExplanation& r) { return reason_json(r, lang); });
        return;
    }
    if (format == Format::brief) {
        for (const auto& r : values) {
            const auto [title, category] = reason_title(r, lang);
            out << "Reason " << title << " - "
                << (category ? to_string(*category) : std::string_view{"unknown"});
            if (!r.value.text.empty()) {
                out << " - \"" << sanitize_utf8(r.value.text) << '"';
            }
            out << '\n';
        }
        return;
    }
    out << styled(fmt::format("Reason: {}",
                              sanitize_utf8(query.substr(query.find(':') + 1).empty()
                                                ? query
                                                : trim(query.substr(query.find(':') + 1)))),
                  detail::Style::bold, opt.color)
        << '\n';
    for (const auto& r : values) {
        const auto [title, category] = reason_title(r, lang);
        out << "  " << styled(title, detail::Style::bold, opt.color);
        if (category) {
            out << " - " << styled(to_string(*category), category_style(*category), opt.color);
        }
        out << '\n';
        auto para = [&](std::string_view text) { write_para(out, text, 4, opt.width); };
        if (r.q850 != nullptr) {
            para(r.q850->meaning.in(lang));
            const Rfc3398Status rfc = rfc3398_status(*r.q850);
            if (rfc.is_default) {
                para(fmt::format(fmt::runtime(label::q850_to_sip_default.in(lang)), rfc.status));
            } else if (rfc.status != 0) {
                para(fmt::format(fmt::runtime(label::q850_to_sip.in(lang)), rfc.status));
            }
            para(r.q850->to_sip_note.in(lang));
            std::string names;
            for (const PlatformCause* c : r.platform_causes) {
                names += names.empty() ? "" : ", ";
                names += fmt::format(
                    "{} {}", c->platform == Platform::freeswitch ? "FreeSWITCH" : "Asterisk",
                    c->name);
            }
            para(names);
        } else if (r.sip) {
            if (r.sip->variant != nullptr) {
                para(r.sip->variant->meaning.in(lang));
            } else if (r.sip->entry != nullptr) {
                para(r.sip->entry->summary.in(lang));
            }
        } else if (r.protocol_cause != nullptr) {
            para(r.protocol_cause->meaning.in(lang));
        } else if (r.value.cause && iequals(r.value.protocol, "Q.850")) {
            para(fmt::format(fmt::runtime(label::unknown_q850.in(lang)), *r.value.cause));
        } else if (r.protocol == nullptr) {
            para(fmt::format(fmt::runtime(label::unknown_protocol.in(lang)),
                             sanitize_utf8(r.value.protocol)));
        }
        if (r.protocol != nullptr && r.q850 == nullptr && !r.sip) {
            para(fmt::format("{} ({})", r.protocol->meaning.in(lang), r.protocol->reference));
        }
        if (!r.value.text.empty()) {
            para(fmt::format("{}: \"{}\"", label::text.in(lang), sanitize_utf8(r.value.text)));
        }
        if (!r.value.location.empty()) {
            para(fmt::format("{}: {}", label::location.in(lang), sanitize_utf8(r.value.location)));
        }
    }
}

void render_warning(std::ostream& out, std::string_view query,
                    const std::vector<WarningExplanation>& values, Format format,
                    const RenderOptions& opt) {
    const Lang lang = opt.lang;
    if (format == Format::json) {
        write_values_json(out, query, "Warning", values,
                          [&](const WarningExplanation& w) { return warning_json(w, lang); });
        return;
    }
    for (const auto& w : values) {
        const std::string title =
            w.known() ? fmt::format("Warning {} {}", w.value.code, w.warn_code->text)
                      : fmt::format("Warning {}", w.value.code);
        if (format == Format::brief) {
            out << title;
            if (!w.value.text.empty()) {
                out << " - \"" << sanitize_utf8(w.value.text) << '"';
            }
            out << '\n';
            continue;
        }
        out << styled(title, detail::Style::bold, opt.color);
        if (w.known()) {
            out << " (" << w.warn_code->rfc << ')';
        }
        out << '\n';
        auto para = [&](std::string_view text) { write_para(out, text, 2, opt.width); };
        para(w.known() ? w.warn_code->meaning.in(lang)
                       : std::string_view{label::unknown_warn_code.in(lang)});
        if (!w.value.agent.empty()) {
            para(fmt::format("{}: {}", label::agent.in(lang), sanitize_utf8(w.value.agent)));
        }
        if (!w.value.text.empty()) {
            para(fmt::format("{}: \"{}\"", label::text.in(lang), sanitize_utf8(w.value.text)));
        }
    }
}

}  // namespace sipwhy
