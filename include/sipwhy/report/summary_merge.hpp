// Sums the summaries of `sipwhy --summary --json` over parts of an input into the summary one run
// over the whole input prints: sipwhy as the reducer of a map-reduce job (docs/integrations.md).
// Counts add exactly. The KPIs of `--kpi --json` summaries merge too: their counts add, their
// delays' histograms add bucket by bucket, and the ratios and percentiles are read again from the
// sums (never averaged). The top failing parties are summed from each part's top five, so a party
// outside a part's five is not counted for that part.
#pragma once

#include <sipwhy/category.hpp>
#include <sipwhy/analysis/kpi.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipwhy {

class SummaryMerge {
public:
    // Adds one summary object (one line of `--summary --json` output). Returns what is wrong with
    // it when it is not one; nothing is added then.
    std::optional<std::string> add(std::string_view json_text);

    std::uint64_t total() const { return m_total; }
    std::size_t parts() const { return m_parts; }

    // As ScanSummary renders them: by_code sorted by count, then code, then phrase.
    void render_json(std::ostream& out) const;
    void render_csv(std::ostream& out) const;

private:
    struct Row {
        std::uint64_t count = 0;
        std::string category;
        std::string next_step;
        std::optional<std::string> meaning;
    };
    std::vector<std::pair<const std::pair<int, std::string>*, const Row*>> sorted() const;

    std::map<std::pair<int, std::string>, Row> m_rows;
    std::array<std::uint64_t, 6> m_by_class{};
    std::map<Category, std::uint64_t> m_by_category;
    std::map<std::string, std::uint64_t> m_by_finding;
    std::uint64_t m_total = 0;
    std::uint64_t m_malformed = 0;  // malformed status lines, and files a directory scan skipped
    std::uint64_t m_skipped = 0;
    std::size_t m_parts = 0;
    // The parts' KPIs, when they carry them (all of them, or none).
    std::optional<KpiReport> m_kpi;
    PartyCodes m_destinations, m_sources;
};

}  // namespace sipwhy
