// The writers of `--summary` (analysis/summary.hpp): a table of the codes and phrases with the
// counts by class, category and finding under it; one JSON object (docs/json.md, "Summary"),
// with the KPIs as `kpi` and the rows of --by as `by_interval` when given; and CSV.
#pragma once

#include <sipwhy/analysis/intervals.hpp>
#include <sipwhy/analysis/kpi.hpp>
#include <sipwhy/analysis/summary.hpp>
#include <sipwhy/render/render.hpp>

#include <ostream>

namespace sipwhy {

void render_summary_text(std::ostream& out, const ScanSummary& s, const RenderOptions& opt);
void render_summary_json(std::ostream& out, const ScanSummary& s, Lang lang,
                         const KpiReport* kpi = nullptr,
                         const IntervalSummary* intervals = nullptr);
void render_summary_csv(std::ostream& out, const ScanSummary& s, Lang lang);

}  // namespace sipwhy
