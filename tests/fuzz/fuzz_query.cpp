// libFuzzer: queries and status lines, parsed, explained and rendered in every format.
#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/header_explain.hpp>
#include <sipwhy/sip/query.hpp>
#include <sipwhy/render/render.hpp>
#include <sipwhy/sip/status_line.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <sstream>

using namespace sipwhy;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const KnowledgeBase kb = KnowledgeBase::builtin();
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    if (const auto line = StatusLine::parse(text)) {
        // What parses must print and parse back to the same value.
        const auto again = StatusLine::parse(line->to_string());
        if (!again || !(*again == *line)) {
            std::abort();
        }
    }
    const auto q = parse_query(text);
    if (!q) {
        return 0;
    }
    std::ostringstream out;
    RenderOptions opt;
    for (const Lang lang : {Lang::en, Lang::ru}) {
        opt.lang = lang;
        if (q->kind == Query::Kind::reason) {
            if (const auto values = parse_reason(q->value)) {
                render_reason(out, q->text, explain_reason(kb, *values), Format::text, opt);
                std::ostringstream json;
                render_reason(json, q->text, explain_reason(kb, *values), Format::json, opt);
                if (!nlohmann::json::accept(json.str())) {
                    std::abort();  // not JSON
                }
            }
            continue;
        }
        if (q->kind == Query::Kind::warning) {
            if (const auto values = parse_warning(q->value)) {
                std::ostringstream json;
                render_warning(json, q->text, explain_warning(kb, *values), Format::json, opt);
                if (!nlohmann::json::accept(json.str())) {
                    std::abort();  // not JSON
                }
            }
            continue;
        }
        for (const auto& x : explain(kb, *q)) {
            render_text(out, x, opt);
            render_brief(out, x, opt);
            std::ostringstream json;
            render_json(json, x, lang);
            if (!nlohmann::json::accept(json.str())) {
                std::abort();  // not JSON
            }
        }
    }
    return 0;
}
