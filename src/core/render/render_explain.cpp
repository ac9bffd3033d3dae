// Rendering of explanations: text, brief, table and JSON.
#include "render/json_line.hpp"
#include "render/render_util.hpp"

#include <sipwhy/render/render.hpp>
#include <sipwhy/sip/status_line.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sipwhy {
namespace {

using namespace detail;
using Json = nlohmann::ordered_json;

// The phrase to show in the headline: the one the user gave, else the canonical one.
std::string headline_phrase(const Explanation& x, Lang lang) {
    if (!x.reason.empty()) {
        return sanitize_utf8(x.reason);
    }
    if (x.entry != nullptr) {
        return std::string(x.entry->reason);
    }
    if (x.code != 0) {
        return fmt::format("({})", label::unknown_code.in(lang));
    }
    return {};
}

// "486 Busy Here", "499 (unregistered)", "4xx": the code and phrase a result is headed with.
std::string headline(const Explanation& x, Lang lang) {
    if (x.code == 0 && x.class_info != nullptr && x.reason.empty()) {
        return fmt::format("{}xx", x.class_info->digit);
    }
    return x.code != 0 ? fmt::format("{} {}", x.code, headline_phrase(x, lang))
                       : headline_phrase(x, lang);
}

// The main meaning of the explanation in one text.
std::string_view meaning(const Explanation& x, Lang lang) {
    if (x.entry != nullptr) {
        return x.entry->summary.in(lang);
    }
    if (x.class_info != nullptr) {
        return x.class_info->summary.in(lang);
    }
    return {};
}

// A matched variant whose category is not its code's names its own cause: its meaning. The
// code's causes are then other reasons for the code, not this phrase's.
bool variant_has_own_cause(const Explanation& x) {
    return x.variant != nullptr && x.entry != nullptr && x.variant->category != x.entry->category;
}

// The texts that name the platform that sent the response first, the others after them, each
// group in the knowledge base's order.
std::vector<LocalText> sender_first(const Explanation& x, std::vector<LocalText> texts) {
    if (!x.sender_platform.empty()) {
        std::stable_partition(texts.begin(), texts.end(), [&](const LocalText& t) {
            return names_platform(t.en, x.sender_platform);
        });
    }
    return texts;
}

std::vector<LocalText> code_causes(const Explanation& x) {
    return sender_first(x, {x.entry->causes.begin(), x.entry->causes.end()});
}

std::vector<LocalText> all_causes(const Explanation& x) {
    std::vector<LocalText> out;
    if (variant_has_own_cause(x)) {
        out.push_back(x.variant->meaning);
    }
    if (x.entry != nullptr) {
        const auto causes = code_causes(x);
        out.insert(out.end(), causes.begin(), causes.end());
    }
    return out;
}

std::vector<LocalText> all_checks(const Explanation& x) {
    std::vector<LocalText> out;
    if (x.variant != nullptr) {
        out.insert(out.end(), x.variant->checks.begin(), x.variant->checks.end());
    }
    if (x.entry != nullptr) {
        // A matched variant's own checks first; then the code's, those naming the sender first.
        const auto checks = sender_first(x, {x.entry->checks.begin(), x.entry->checks.end()});
        out.insert(out.end(), checks.begin(), checks.end());
    }
    return out;
}

std::string mapping_text(const PlatformMapping& m, Lang lang) {
    if (m.cause == nullptr) {
        return std::string(label::no_mapping.in(lang));
    }
    std::string s(m.cause->name);
    if (m.cause->value != m.cause->name && !m.cause->value.empty()) {
        s += fmt::format(" ({})", m.cause->value);
    }
    if (m.is_default) {
        s += fmt::format(" [{}]", label::by_default.in(lang));
    }
    return s;
}

class TextWriter {
public:
    TextWriter(std::ostream& out, const RenderOptions& opt) : m_out(out), m_opt(opt) {}

    // "  Label: text", wrapped under the text.
    void field(const Label& label, std::string_view text) {
        if (text.empty()) {
            return;
        }
        const std::string head = fmt::format("  {}: ", label.in(m_opt.lang));
        m_out << styled(head, Style::bold, m_opt.color);
        write_wrapped(m_out, text, display_width(head), 4, m_opt.width);
    }

    // "  Label:" then "    - item" per item, at most `limit` of them, and a line saying how many
    // more there are.
    void list(const Label& label, const std::vector<LocalText>& items, std::size_t limit) {
        if (items.empty()) {
            return;
        }
        m_out << styled(fmt::format("  {}:", label.in(m_opt.lang)), Style::bold, m_opt.color)
              << '\n';
        const std::size_t shown = m_opt.full ? items.size() : std::min(limit, items.size());
        for (std::size_t i = 0; i < shown; ++i) {
            m_out << "    - ";
            write_wrapped(m_out, items[i].in(m_opt.lang), 6, 6, m_opt.width);
        }
        if (shown < items.size()) {
            m_out << styled(fmt::format(fmt::runtime(label::more.in(m_opt.lang)),
                                        items.size() - shown),
                            Style::dim, m_opt.color)
                  << '\n';
        }
    }

    // An indented paragraph.
    void para(std::string_view text, int indent = 2) {
        write_para(m_out, text, indent, m_opt.width);
    }

private:
    std::ostream& m_out;
    const RenderOptions& m_opt;
};

}  // namespace

void render_text(std::ostream& out, const Explanation& x, const RenderOptions& opt) {
    const Lang lang = opt.lang;
    TextWriter w(out, opt);

    // Headline: "486 Busy Here - busy".
    const std::string head = headline(x, lang);
    out << styled(head, Style::bold, opt.color) << " - "
        << styled(to_string(x.category), category_style(x.category), opt.color) << '\n';

    if (x.match == Match::none) {
        w.para(fmt::format(fmt::runtime(label::nothing_known.in(lang)), sanitize_utf8(x.reason)));
    }
    if (x.variant != nullptr) {
        const std::string canonical = x.entry != nullptr
                                          ? fmt::format("{} {}", x.code, x.entry->reason)
                                          : std::to_string(x.code);
        w.field(Label{fmt::format("{} {}", label::variant_of.en, canonical),
                      fmt::format("{} {}", label::variant_of.ru, canonical)},
                x.variant->meaning.in(lang));
        // The source as a citation; who sends the phrase on a line of its own.
        std::string src(x.variant->source);
        if (x.variant->evidence != Evidence::unknown) {
            src += fmt::format(" [{}]", to_string(x.variant->evidence));
        }
        w.field(label::source, src);
        w.field(label::used_by, x.variant->vendor);
    }
    if (x.match == Match::fuzzy) {
        w.para(fmt::format(fmt::runtime(label::read_as.in(lang)), x.fuzzy_target));
    }
    if (x.match == Match::code_only && !x.reason.empty()) {
        w.para(fmt::format(fmt::runtime(label::unknown_phrase.in(lang)), x.code));
    }
    if (!x.elsewhere.empty()) {
        std::string known;
        for (const auto& e : x.elsewhere) {
            if (!known.empty()) {
                known += "; ";
            }
            if (e.variant != nullptr) {
                known += fmt::format("{} \"{}\" ({})", e.code, e.variant->phrase,
                                     to_string(e.variant->category));
            } else {
                known += fmt::format("{} ({})", e.code,
                                     fmt::format(fmt::runtime(label::canonical_of.in(lang)),
                                                 fmt::format("{} {}", e.code, e.entry->reason)));
            }
        }
        w.field(label::known_under, known);
    }
    if (x.category_hint) {
        w.field(label::hint, to_string(*x.category_hint));
    }

    if (x.treated_as != 0) {
        w.para(fmt::format(
            fmt::runtime(label::unregistered_rule.in(lang)), x.code, x.treated_as,
            x.treated_as_entry != nullptr ? x.treated_as_entry->reason : std::string_view{}));
    }
    if (x.entry != nullptr) {
        // When the headline shows another phrase, say whose meaning follows.
        const bool other_phrase = !x.reason.empty() && x.match != Match::exact;
        w.para(other_phrase ? fmt::format("{} {}: {}", x.code, x.entry->reason, meaning(x, lang))
                            : std::string(meaning(x, lang)));
        if (!x.entry->registered && opt.full) {
            w.field(label::known_use, x.entry->origin.in(lang));
        }
    } else if (x.class_info != nullptr && x.match == Match::class_only) {
        w.para(x.class_info->summary.in(lang));
    }

    if (variant_has_own_cause(x)) {
        w.list(label::likely_causes, {x.variant->meaning}, 1);
        w.list(Label{fmt::format(fmt::runtime(label::other_causes.en), x.code),
                     fmt::format(fmt::runtime(label::other_causes.ru), x.code)},
               code_causes(x), k_shown_causes);
    } else if (x.entry != nullptr) {
        w.list(label::likely_causes, code_causes(x), k_shown_causes);
    }
    w.list(label::what_to_check, all_checks(x), k_shown_checks);
    if (x.match != Match::none) {
        // The next step's id, then the advice that goes with it.
        std::string step(to_string(x.next_step));
        if (!x.advice.empty()) {
            step += fmt::format(" - {}", x.advice.in(lang));
        }
        w.field(label::next_step, step);
    }
    if (x.entry != nullptr) {
        std::string senders;
        for (const auto s : x.entry->sent_by) {
            senders += senders.empty() ? "" : ", ";
            senders += sender_name(s, lang);
        }
        w.field(label::sent_by, senders);
        w.field(label::locally, x.entry->local.in(lang));
    }
    if (x.variant != nullptr && x.variant->local) {
        w.para(label::variant_local.in(lang));
    }
    if (x.entry != nullptr && x.entry->rfc.empty()) {
        w.field(label::source, x.entry->source);  // an unregistered code's origin
    } else {
        w.field(label::reference, x.entry != nullptr        ? x.entry->rfc
                                  : x.class_info != nullptr ? x.class_info->rfc
                                                            : std::string_view{});
    }

    if (x.code != 0 && (x.mappings.q850 != nullptr || !x.mappings.q850_note.empty() ||
                        !x.mappings.platforms.empty())) {
        out << styled(fmt::format("  {}:", label::mappings.in(lang)), Style::bold, opt.color)
            << '\n';
        std::vector<std::pair<std::string, std::string>> rows;
        if (x.mappings.q850 != nullptr) {
            std::string q850 =
                fmt::format("{} {}", x.mappings.q850->cause, x.mappings.q850->name_in(lang));
            if (x.mappings.q850_is_default) {
                q850 += fmt::format(" [{}]", label::by_default.in(lang));
            }
            rows.emplace_back("Q.850 (RFC 3398)", std::move(q850));
        } else {
            rows.emplace_back("Q.850 (RFC 3398)", x.mappings.q850_note.empty()
                                                      ? std::string(label::no_mapping.in(lang))
                                                      : std::string(x.mappings.q850_note.in(lang)));
        }
        for (const auto& pm : x.mappings.platforms) {
            rows.emplace_back(std::string(pm.info->name), mapping_text(pm, lang));
        }
        write_named_rows(out, rows, opt.width);
    }
}

void render_brief(std::ostream& out, const Explanation& x, const RenderOptions& opt) {
    const Lang lang = opt.lang;
    const std::string head = headline(x, lang);
    std::string_view text = x.variant != nullptr ? x.variant->meaning.in(lang) : meaning(x, lang);
    out << head << " - " << to_string(x.category);
    if (x.category_hint) {
        out << " (" << label::hint_brief.in(lang) << ' ' << to_string(*x.category_hint) << ')';
    }
    if (x.match != Match::none) {
        out << " - " << to_string(x.next_step);
    }
    if (!text.empty()) {
        out << " - " << first_sentence(text);
    }
    out << '\n';
}

void render_table(std::ostream& out, std::span<const Explanation> rows, const RenderOptions& opt) {
    TextTable table({{label::code.in(opt.lang), 4},
                     {label::phrase.in(opt.lang)},
                     {label::category.in(opt.lang)},
                     {label::next_step.in(opt.lang)}});
    for (const auto& x : rows) {
        if (x.entry == nullptr) {
            continue;
        }
        std::string next(to_string(x.next_step));
        if (!x.entry->registered) {
            next += fmt::format("  ({})", label::unknown_code.in(opt.lang));
        }
        table.add_row({{std::to_string(x.code)},
                       {std::string(x.entry->reason)},
                       {std::string(to_string(x.category)), category_style(x.category)},
                       {std::move(next)}});
    }
    table.write(out, opt.color);
}

void render_json(std::ostream& out, const Explanation& x, Lang lang) {
    render_json(out, x, lang, Json::array());
}

void render_json(std::ostream& out, const Explanation& x, Lang lang,
                 const nlohmann::ordered_json& findings) {
    auto texts = [&](std::vector<LocalText> items) {
        Json a = Json::array();
        for (const auto& t : items) {
            a.push_back(std::string(t.in(lang)));
        }
        return a;
    };
    Json j;
    j["query"] = x.query;
    j["code"] = x.code != 0 ? Json(x.code) : Json(nullptr);
    j["reason"] = text_or_null(x.reason);
    j["canonical_reason"] = x.entry != nullptr ? Json(std::string(x.entry->reason)) : Json(nullptr);
    if (x.code != 0) {
        j["class"] = class_of(x.code);
    } else if (x.class_info != nullptr) {
        j["class"] = fmt::format("{}xx", x.class_info->digit);
    } else {
        j["class"] = nullptr;
    }
    j["registered"] = x.entry != nullptr && x.entry->registered;
    j["treated_as"] = x.treated_as != 0 ? Json(x.treated_as) : Json(nullptr);
    j["category"] = std::string(to_string(x.category));
    j["next_step"] = std::string(to_string(x.next_step));
    j["summary"] = text_or_null(meaning(x, lang));
    j["causes"] = texts(all_causes(x));
    j["checks"] = texts(all_checks(x));
    std::string_view rfc = x.entry != nullptr ? x.entry->rfc : std::string_view{};
    if (rfc.empty() && x.class_info != nullptr && x.entry == nullptr) {
        rfc = x.class_info->rfc;
    }
    j["rfc"] = text_or_null(rfc);
    j["match"] = std::string(to_string(x.match));
    if (x.variant != nullptr) {
        Json v;
        v["phrase"] = std::string(x.variant->phrase);
        v["source"] = std::string(x.variant->source);
        v["meaning"] = std::string(x.variant->meaning.in(lang));
        v["vendor"] = text_or_null(x.variant->vendor);
        v["kind"] = std::string(to_string(x.variant->kind));
        v["evidence"] = std::string(to_string(x.variant->evidence));
        v["local"] = x.variant->local;
        j["variant"] = std::move(v);
    } else {
        j["variant"] = nullptr;
    }
    Json m = Json::object();
    if (x.code != 0) {
        if (x.mappings.q850 != nullptr) {
            m["q850"] = {{"cause", x.mappings.q850->cause},
                         {"name", std::string(x.mappings.q850->name)},
                         {"default", x.mappings.q850_is_default}};
        } else {
            m["q850"] = nullptr;
        }
        m["q850_note"] = text_or_null(x.mappings.q850_note.in(lang));
        for (const auto& pm : x.mappings.platforms) {
            if (pm.cause == nullptr) {
                m[std::string(to_string(pm.platform))] = nullptr;
            } else {
                m[std::string(to_string(pm.platform))] = {{"cause", std::string(pm.cause->name)},
                                                          {"value", std::string(pm.cause->value)},
                                                          {"default", pm.is_default}};
            }
        }
    }
    j["mappings"] = std::move(m);
    j["category_hint"] =
        x.category_hint ? Json(std::string(to_string(*x.category_hint))) : Json(nullptr);
    Json elsewhere = Json::array();
    for (const auto& e : x.elsewhere) {
        Json item;
        item["code"] = e.code;
        if (e.variant != nullptr) {
            item["phrase"] = std::string(e.variant->phrase);
            item["as"] = "variant";
            item["category"] = std::string(to_string(e.variant->category));
        } else {
            item["phrase"] = std::string(e.entry->reason);
            item["as"] = "canonical";
            item["category"] = std::string(to_string(e.entry->category));
        }
        elsewhere.push_back(std::move(item));
    }
    j["elsewhere"] = std::move(elsewhere);
    j["fuzzy_target"] = text_or_null(x.fuzzy_target);
    j["retry"] = x.entry != nullptr ? text_or_null(x.advice.in(lang)) : Json(nullptr);
    Json senders = Json::array();
    if (x.entry != nullptr) {
        for (const auto s : x.entry->sent_by) {
            senders.push_back(std::string(to_string(s)));
        }
    }
    j["sent_by"] = std::move(senders);
    j["local"] = x.entry != nullptr ? text_or_null(x.entry->local.in(lang)) : Json(nullptr);
    j["origin"] = x.entry != nullptr ? text_or_null(x.entry->origin.in(lang)) : Json(nullptr);
    j["findings"] = findings;
    write_json_line(out, j);
}

}  // namespace sipwhy
