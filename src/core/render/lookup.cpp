// The renderers of the lookups (lookup.hpp): search hits, Q.850 causes and platform causes, in
// text, brief and JSON, from the reports the lookups resolve.
#include "render/json_line.hpp"
#include "render/render_util.hpp"

#include <sipwhy/render/lookup.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace sipwhy {
namespace {

using namespace detail;
using Json = nlohmann::ordered_json;

Json codes_json(const std::vector<CodeName>& codes) {
    Json a = Json::array();
    for (const CodeName& c : codes) {
        a.push_back(c.code);
    }
    return a;
}

// "486 Busy Here", or "486" for a code the knowledge base does not know.
std::string code_text(const CodeName& c) {
    return c.reason.empty() ? std::to_string(c.code) : fmt::format("{} {}", c.code, c.reason);
}

std::string codes_text(const std::vector<CodeName>& codes) {
    std::string out;
    for (const CodeName& c : codes) {
        out += out.empty() ? "" : ", ";
        out += code_text(c);
    }
    return out;
}

// "sends 486 Busy Here (default)": the SIP status a platform or the RFC sends for a cause.
std::string sends_text(const CodeName& sent, bool by_default, Lang lang) {
    std::string s = fmt::format(fmt::runtime(label::sends.in(lang)), code_text(sent));
    if (by_default) {
        s += fmt::format(" ({})", label::by_default.in(lang));
    }
    return s;
}

Json cause_json(const CauseReport& r, Lang lang) {
    const PlatformCause& c = *r.cause;
    Json j;
    j["platform"] = std::string(to_string(c.platform));
    j["name"] = std::string(c.name);
    j["value"] = std::string(c.value);
    j["meaning"] = text_or_null(c.meaning.in(lang));
    j["note"] = text_or_null(c.note.in(lang));
    j["to_sip"] = r.sends ? Json(r.sends->code) : Json(nullptr);
    j["to_sip_default"] = r.sends && r.sends_by_default;
    j["from_sip"] = codes_json(r.from_sip);
    return j;
}

}  // namespace

void render_search(std::ostream& out, const std::vector<SearchHit>& hits, Format format,
                   const RenderOptions& opt) {
    const Lang lang = opt.lang;
    if (format == Format::json) {
        int rank = 0;
        for (const auto& h : hits) {
            Json j;
            j["rank"] = ++rank;
            j["score"] = h.score;
            j["code"] = h.code;
            j["kind"] = h.variant != nullptr ? "variant" : "code";
            j["phrase"] = std::string(h.variant != nullptr ? h.variant->phrase : h.entry->reason);
            j["canonical_reason"] =
                h.entry != nullptr ? Json(std::string(h.entry->reason)) : Json(nullptr);
            const Category category =
                h.variant != nullptr ? h.variant->category : h.entry->category;
            j["category"] = std::string(to_string(category));
            j["vendor"] = h.variant != nullptr ? text_or_null(h.variant->vendor) : Json(nullptr);
            const LocalText meaning = h.variant != nullptr ? h.variant->meaning : h.entry->summary;
            j["meaning"] = text_or_null(first_sentence(meaning.in(lang)));
            Json fields = Json::array();
            for (const auto f : h.fields) {
                fields.push_back(std::string(f));
            }
            j["matched"] = std::move(fields);
            write_json_line(out, j);
        }
        return;
    }
    for (const auto& h : hits) {
        const Category category = h.variant != nullptr ? h.variant->category : h.entry->category;
        const std::string phrase = h.variant != nullptr ? fmt::format("\"{}\"", h.variant->phrase)
                                                        : std::string(h.entry->reason);
        std::string who;
        if (h.variant != nullptr) {
            who = h.variant->vendor.empty()
                      ? std::string(label::variant_word.in(lang))
                      : fmt::format("{}, {}", label::variant_word.in(lang), h.variant->vendor);
        }
        const std::string head = fmt::format("{} {}", h.code, phrase);
        if (format == Format::brief) {
            out << head << " - " << to_string(category) << '\n';
            continue;
        }
        out << styled(head, Style::bold, opt.color) << " - "
            << styled(to_string(category), category_style(category), opt.color);
        if (!who.empty()) {
            out << " (" << who << ')';
        }
        out << '\n';
        const LocalText meaning = h.variant != nullptr ? h.variant->meaning : h.entry->summary;
        out << "  ";
        write_wrapped(out, first_sentence(meaning.in(lang)), 2, 2, opt.width);
    }
}

void render_q850(std::ostream& out, const Q850Report& r, Format format, const RenderOptions& opt) {
    const Lang lang = opt.lang;
    const Q850Cause& q = *r.cause;
    if (format == Format::json) {
        Json j;
        j["cause"] = q.cause;
        j["name"] = std::string(q.name);
        j["class"] = std::string(to_string(q.q850_class));
        j["itu"] = q.itu;
        j["category"] = q.category ? Json(std::string(to_string(*q.category))) : Json(nullptr);
        j["meaning"] = text_or_null(q.meaning.in(lang));
        j["rfc3398"] = {{"to_sip", r.sends ? Json(r.sends->code) : Json(nullptr)},
                        {"to_sip_default", r.sends_by_default},
                        {"to_sip_note", text_or_null(q.to_sip_note.in(lang))},
                        {"from_sip", codes_json(r.from_sip)}};
        j["freeswitch"] = r.freeswitch ? cause_json(*r.freeswitch, lang) : Json(nullptr);
        j["asterisk"] = r.asterisk ? cause_json(*r.asterisk, lang) : Json(nullptr);
        write_json_line(out, j);
        return;
    }
    const std::string head = fmt::format("Q.850 {}: {}", q.cause, q.name_in(lang));
    const std::string_view category = q.category ? to_string(*q.category) : "unknown";
    if (format == Format::brief) {
        out << head << " - " << category;
        if (r.sends) {
            out << " - SIP " << r.sends->code;
        }
        out << '\n';
        return;
    }
    out << styled(head, Style::bold, opt.color) << " - "
        << styled(category, category_style(q.category.value_or(Category::unknown)), opt.color)
        << '\n';
    auto para = [&](std::string_view text) { write_para(out, text, 2, opt.width); };
    para(q.meaning.in(lang));
    if (!q.itu) {
        para(label::not_itu.in(lang));
    }
    out << styled(fmt::format("  {}:", label::to_and_from_sip.in(lang)), Style::bold, opt.color)
        << '\n';
    std::vector<std::pair<std::string, std::string>> rows;
    auto row_text = [&](const std::optional<CodeName>& sent, bool by_default,
                        const std::vector<CodeName>& from) {
        std::string s =
            sent ? sends_text(*sent, by_default, lang) : std::string(label::sends_nothing.in(lang));
        if (!from.empty()) {
            s += fmt::format(
                "; {}", fmt::format(fmt::runtime(label::from_codes.in(lang)), codes_text(from)));
        }
        return s;
    };
    rows.emplace_back("RFC 3398", row_text(r.sends, r.sends_by_default, r.from_sip));
    for (const auto* c : {&r.freeswitch, &r.asterisk}) {
        if (*c) {
            rows.emplace_back(
                std::string((*c)->platform),
                fmt::format("{}: {}", (*c)->cause->name,
                            row_text((*c)->sends, (*c)->sends_by_default, (*c)->from_sip)));
        }
    }
    write_named_rows(out, rows, opt.width);
    para(q.to_sip_note.in(lang));
}

void render_cause(std::ostream& out, std::string_view query, const std::vector<CauseReport>& causes,
                  Format format, const RenderOptions& opt) {
    const Lang lang = opt.lang;
    if (format == Format::json) {
        Json j;
        j["query"] = sanitize_utf8(query);
        Json items = Json::array();
        for (const CauseReport& r : causes) {
            Json item = cause_json(r, lang);
            item["q850"] =
                r.q850 != nullptr
                    ? Json({{"cause", r.q850->cause}, {"name", std::string(r.q850->name)}})
                    : Json(nullptr);
            items.push_back(std::move(item));
        }
        j["causes"] = std::move(items);
        write_json_line(out, j);
        return;
    }
    for (const CauseReport& r : causes) {
        const PlatformCause& c = *r.cause;
        const std::string head = fmt::format("{} {}", r.platform, c.name);
        std::string value = c.value == c.name ? std::string{} : fmt::format(" = {}", c.value);
        if (format == Format::brief) {
            out << head << value;
            if (r.sends) {
                out << " - SIP " << r.sends->code;
            }
            out << '\n';
            continue;
        }
        out << styled(head, Style::bold, opt.color) << value << '\n';
        auto para = [&](std::string_view text) { write_para(out, text, 2, opt.width); };
        para(c.meaning.in(lang));
        para(c.note.in(lang));
        if (r.sends) {
            para(sends_text(*r.sends, r.sends_by_default, lang));
        }
        if (!r.from_sip.empty()) {
            para(fmt::format(fmt::runtime(label::from_codes.in(lang)), codes_text(r.from_sip)));
        }
        if (!c.aliases.empty()) {
            std::string aliases;
            for (const auto a : c.aliases) {
                aliases += aliases.empty() ? "" : ", ";
                aliases += a;
            }
            para(fmt::format("{}: {}", label::aliases.in(lang), aliases));
        }
    }
}

}  // namespace sipwhy
