// The renderers of the knowledge base's export tables (kb/kb_export.hpp).
#pragma once

#include <sipwhy/kb/kb_export.hpp>

#include <ostream>

namespace sipwhy {

// RFC 4180 CSV with a header line; texts through csv_field (no formula injection).
void render_export_csv(std::ostream& out, const ExportRows& t);
// JSON Lines: one object per row, keyed by column.
void render_export_json(std::ostream& out, const ExportRows& t);

}  // namespace sipwhy
