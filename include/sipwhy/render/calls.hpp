// The call verdicts written out: text (in the output's language), JSON Lines and CSV
// (docs/json.md, "Calls"; docs/calls.md).
#pragma once

#include <sipwhy/analysis/calls.hpp>
#include <sipwhy/render/render.hpp>

#include <ostream>

namespace sipwhy {

void render_call_text(std::ostream& out, const CallVerdict& v, const RenderOptions& opt);
void render_call_json(std::ostream& out, const CallVerdict& v, Lang lang);
void render_call_csv_header(std::ostream& out);
void render_call_csv(std::ostream& out, const CallVerdict& v);

}  // namespace sipwhy
