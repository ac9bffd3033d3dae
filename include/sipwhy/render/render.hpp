// Formatters: one report model, several renderings, each writing to a std::ostream. Text is for
// people (colour only when asked), brief is one grep-friendly line, JSON is one object per line
// with the stable schema of docs/json.md.
#pragma once

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/header_explain.hpp>
#include <sipwhy/kb/knowledge_base.hpp>

#include <nlohmann/json.hpp>

#include <ostream>
#include <span>

namespace sipwhy {

struct RenderOptions {
    Lang lang = Lang::en;
    bool color = false;   // ANSI colours and bold
    int width = 80;       // wrap text at this many columns
    int table_width = 0;  // cut table rows at this many columns; 0 when not on a terminal
    bool full = false;    // every cause and check, not only the first few
};

// How many causes and checks the text shows unless asked for all of them.
inline constexpr std::size_t k_shown_causes = 3;
inline constexpr std::size_t k_shown_checks = 4;

// The full explanation: headline, meaning, causes, checks, retry, references, mappings.
void render_text(std::ostream& out, const Explanation& x,
                 const RenderOptions& opt);

// One line: "486 Busy Here - busy - retry_later - <first sentence of the meaning>".
void render_brief(std::ostream& out, const Explanation& x, const RenderOptions& opt);

// An aligned table of codes (class patterns, `list`): code, phrase, category, next step.
void render_table(std::ostream& out, std::span<const Explanation> rows, const RenderOptions& opt);

// One JSON object and a newline (docs/json.md, "explanation"). Its `findings` array is empty, or
// `findings` (rule_findings_json) for a pasted message.
void render_json(std::ostream& out, const Explanation& x, Lang lang);
void render_json(std::ostream& out, const Explanation& x, Lang lang,
                 const nlohmann::ordered_json& findings);

// A Reason or Warning header query: every value with its meaning. `format` picks text, brief or
// JSON (docs/json.md, "Reason and Warning headers").
enum class Format { text, brief, json };
void render_reason(std::ostream& out, std::string_view query,
                   const std::vector<ReasonExplanation>& values, Format format,
                   const RenderOptions& opt);
void render_warning(std::ostream& out, std::string_view query,
                    const std::vector<WarningExplanation>& values, Format format,
                    const RenderOptions& opt);

// A text as a CSV field: with a leading apostrophe when it starts with =, +, -, @, tab or CR and is
// not a number (so that a spreadsheet does not run it as a formula), quoted when it needs it
// (RFC 4180).
std::string csv_field(std::string_view s);

}  // namespace sipwhy
