// The outputs of one response that a scan found, explained (docs/json.md): a text line followed by
// its findings, a JSON object, a CSV row; and of a malformed status line.
#pragma once

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/render/render.hpp>
#include <sipwhy/sip/scan_sink.hpp>

#include <nlohmann/json.hpp>

#include <ostream>
#include <string_view>
#include <vector>

namespace sipwhy {

// One response found, as the outputs see it. The renderers pass every text that came from outside,
// the source's name included, through sanitize_utf8: nothing reaches a terminal raw.
struct Finding {
    std::string_view source;  // the file name, or "(standard input)"
    const ScannedResponse& response;
    const Explanation& explanation;
    const std::vector<RuleFinding>* findings = nullptr;  // what the rules read in its headers
};

// "file:line: 486 Busy Here - busy (INVITE, call a84b4c76e66710)"; "line: ..." when `source`
// is empty (the file name is not to be shown). Each rule finding follows on its own line,
// "  ! text [RFC]".
void render_finding_text(std::ostream& out, const Finding& f, const RenderOptions& opt);

// One CSV row per response, after render_finding_csv_header's (docs/json.md, "CSV").
void render_finding_csv_header(std::ostream& out);
void render_finding_csv(std::ostream& out, const Finding& f);

// One JSON object per response (docs/json.md, "Responses in logs").
void render_finding_json(std::ostream& out, const Finding& f, Lang lang);

// The rule findings as text lines ("  ! text [RFC]") and as a JSON array (docs/json.md,
// "Findings"); `where` names the response the evidence was read in ("line 12", "frame 3");
// evidence read in its request says "request".
void render_rule_findings_text(std::ostream& out, const std::vector<RuleFinding>& findings,
                               const RenderOptions& opt);
nlohmann::ordered_json rule_findings_json(const std::vector<RuleFinding>& findings, Lang lang,
                                          std::string_view where);

// "file:line: malformed status line "SIP/2.0 4294967301 Foo" (problem)"; without "file:" when
// `source` is empty; in Russian with `lang`. (JSON keeps the English problem: docs/json.md.)
void render_malformed_text(std::ostream& out, std::string_view source, const MalformedStatus& m,
                           Lang lang = Lang::en);

// One JSON object per malformed status line (docs/json.md).
void render_malformed_json(std::ostream& out, std::string_view source, const MalformedStatus& m);

}  // namespace sipwhy
