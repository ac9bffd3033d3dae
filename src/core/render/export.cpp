// The knowledge base's export tables (kb_export.hpp) as CSV and JSON Lines.
#include "render/json_line.hpp"

#include <sipwhy/render/export.hpp>
#include <sipwhy/render/render.hpp>

#include <nlohmann/json.hpp>

namespace sipwhy {

void render_export_csv(std::ostream& out, const ExportRows& t) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        out << (i > 0 ? "," : "") << t.columns[i];
    }
    out << '\n';
    for (const auto& row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) {
                out << ',';
            }
            if (const auto* n = std::get_if<std::int64_t>(&row[i])) {
                out << *n;
            } else if (const auto* b = std::get_if<bool>(&row[i])) {
                out << (*b ? "true" : "false");
            } else if (const auto* s = std::get_if<std::string>(&row[i])) {
                out << csv_field(*s);
            }
        }
        out << '\n';
    }
}

void render_export_json(std::ostream& out, const ExportRows& t) {
    for (const auto& row : t.rows) {
        nlohmann::ordered_json j;
        for (std::size_t i = 0; i < row.size(); ++i) {
            const std::string key(t.columns[i]);
            if (const auto* n = std::get_if<std::int64_t>(&row[i])) {
                j[key] = *n;
            } else if (const auto* b = std::get_if<bool>(&row[i])) {
                j[key] = *b;
            } else if (const auto* s = std::get_if<std::string>(&row[i])) {
                j[key] = *s;
            } else {
                j[key] = nullptr;
            }
        }
        detail::write_json_line(out, j);
    }
}

}  // namespace sipwhy
