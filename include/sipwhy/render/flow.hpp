// The ladder of a call written out: text for a terminal, Mermaid for a ticket, SVG for a
// browser (docs/flow.md).
#pragma once

#include <sipwhy/analysis/flow.hpp>

#include <ostream>
#include <vector>

namespace sipwhy {

struct FlowStyle {
    int width = 80;  // columns of the terminal
    bool color = false;
};

// The ladder as text: a heading, a row of host names, one line per message with its time and
// its delta from the call's first message.
void render_flow_text(std::ostream& out, const FlowCall& call, const FlowStyle& style);

// A Mermaid sequenceDiagram of the call.
void render_flow_mermaid(std::ostream& out, const FlowCall& call);

// One self-contained SVG document with every call, one below the other.
void render_flow_svg(std::ostream& out, const std::vector<FlowCall>& calls);

}  // namespace sipwhy
