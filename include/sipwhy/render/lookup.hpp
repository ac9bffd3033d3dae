// The renderers of the lookups over the knowledge base (kb/lookup.hpp): search hits, a Q.850
// cause and platform causes, as text, brief lines and JSON. They read the resolved reports only.
#pragma once

#include <sipwhy/kb/lookup.hpp>
#include <sipwhy/render/render.hpp>

#include <ostream>
#include <string_view>
#include <vector>

namespace sipwhy {

void render_search(std::ostream& out, const std::vector<SearchHit>& hits, Format format,
                   const RenderOptions& opt);
void render_q850(std::ostream& out, const Q850Report& report, Format format,
                 const RenderOptions& opt);
// `query` as given, for JSON's "query"; empty when every cause is listed.
void render_cause(std::ostream& out, std::string_view query, const std::vector<CauseReport>& causes,
                  Format format, const RenderOptions& opt);

}  // namespace sipwhy
