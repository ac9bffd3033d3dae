// The knowledge base as C++ constants (sipwhy_kbgen writes data/*.json so; the round-trip test
// writes the built-in tables so and compares).
#include "kb/kb_internal.hpp"
#include "kb/kb_schema.hpp"

#include <fmt/format.h>

#include <string>

namespace sipwhy {

// Each section's entries as a table of designated initialisers, each field as kb_schema.hpp
// writes it.
std::string kb_as_cpp(const KbData& d) {
    kb_detail::Emitter out;
    kb_detail::for_each_section([&](const auto& section) {
        std::string body;
        for (const auto& entry : d.*section.data) {
            std::string fields;
            for (const auto& field : section.fields) {
                const std::string one = field.emit(out, entry);
                if (!one.empty()) {
                    fields += (fields.empty() ? "" : ", ") + one;
                }
            }
            body += fmt::format("    {{{}}},\n", fields);
        }
        out.table(section.type, section.member, body);
    });
    return out.output(d.version);
}

}  // namespace sipwhy
