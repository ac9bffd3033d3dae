// The knowledge base as flat tables with stable columns, for the engines that already hold the
// logs (a Splunk lookup, a Vector enrichment table, a ClickHouse dictionary, a Logstash translate
// filter, an Elasticsearch enrich index; docs/integrations.md). Columns are only ever added at the
// end, never renamed, removed or reordered.
#pragma once

#include <sipwhy/category.hpp>
#include <sipwhy/kb/knowledge_base.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sipwhy {

enum class ExportTable { codes, variants, q850, platforms };

// "codes", "variants", "q850", "platforms".
std::string_view to_string(ExportTable t);
std::optional<ExportTable> parse_export_table(std::string_view name);
// Every table's name, for "did you mean" and --help.
std::vector<std::string_view> export_table_names();

// A cell: empty (null in JSON, an empty field in CSV), an integer, a boolean or a text.
using ExportCell = std::variant<std::monostate, std::int64_t, bool, std::string>;

struct ExportRows {
    std::vector<std::string_view> columns;
    std::vector<std::vector<ExportCell>> rows;  // each as many cells as there are columns
};

// The table, in the knowledge base's order; texts (summary, meaning) in `lang`.
//   codes:     code, reason, class, registered, category, next_step, summary, rfc
//   variants:  code, phrase, normalized_phrase, category, next_step, meaning, vendor, kind
//   q850:      cause, name, category, rfc3398_sip, freeswitch_cause, freeswitch_sip,
//              asterisk_cause, asterisk_sip
//   platforms: platform, cause, value, sip_status, sip_status_default
ExportRows export_table(const KnowledgeBase& kb, ExportTable table, Lang lang);

}  // namespace sipwhy
