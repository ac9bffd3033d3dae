// The `kpi` object of --summary --json (docs/json.md).
#pragma once

#include <sipwhy/analysis/kpi.hpp>

#include <nlohmann/json.hpp>

namespace sipwhy::detail {

nlohmann::ordered_json kpi_json(const KpiReport& k);

}  // namespace sipwhy::detail
