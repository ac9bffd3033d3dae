// The KPIs written out as text, in the output's language (docs/kpi.md); JSON has them as the
// summary's `kpi` object.
#pragma once

#include <sipwhy/analysis/kpi.hpp>

#include <ostream>

namespace sipwhy {

// "KPIs (RFC 6076) over 4 INVITE calls:" and a line for each metric.
void render_kpi_text(std::ostream& out, const KpiReport& k, Lang lang);

}  // namespace sipwhy
