// The rows of `--summary --by` (analysis/intervals.hpp) as a text table with a bar per row, as a
// JSON array (the summary's "by_interval") and as CSV; with `kpi`, the attempts and SER too.
#pragma once

#include <sipwhy/analysis/intervals.hpp>

#include <nlohmann/json.hpp>

#include <ostream>

namespace sipwhy {

void render_intervals_text(std::ostream& out, const IntervalSummary& intervals, bool kpi);
nlohmann::ordered_json intervals_json(const IntervalSummary& intervals, bool kpi);
void render_intervals_csv(std::ostream& out, const IntervalSummary& intervals, bool kpi);

}  // namespace sipwhy
