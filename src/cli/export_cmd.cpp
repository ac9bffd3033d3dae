// sipwhy export codes|variants|q850|platforms: the knowledge base as a lookup table (CSV, or JSON
// Lines with --json) for the engines that hold the logs (docs/integrations.md).
#include "app.hpp"
#include "output.hpp"

#include <sipwhy/exit_status.hpp>
#include <sipwhy/render/export.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

namespace sipwhy::cli {

int run_export(const Context& ctx, std::span<const std::string> operands) {
    const std::string names = "codes, variants, q850 or platforms";
    if (operands.size() != 1) {
        throw UsageError{
            trf("export: name one table: {}", "export: укажите одну таблицу: {}", names)};
    }
    const std::string_view name = trim(operands.front());
    const auto table = parse_export_table(name);
    if (!table) {
        const std::string_view best = closest_match(name, export_table_names());
        throw UsageError{trf("export: unknown table \"{}\"", "export: неизвестная таблица \"{}\"",
                             excerpt(name)) +
                         (best.empty()
                              ? trf(" (expected {})", " (ожидается {})", names)
                              : trf(" (did you mean \"{}\"?)", " (может быть, «{}»?)", best))};
    }
    if (ctx.options.quiet) {
        return to_int(ExitStatus::ok);
    }
    const ExportRows rows = export_table(ctx.kb, *table, ctx.render.lang);
    if (ctx.options.json) {
        render_export_json(out(), rows);
    } else {
        render_export_csv(out(), rows);
    }
    return to_int(ExitStatus::ok);
}

}  // namespace sipwhy::cli
