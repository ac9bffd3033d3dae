// sipwhy merge SUMMARY.json...: sums the `--summary --json` outputs of runs over parts of an input
// into the summary of one run over all of them, for map-reduce engines (docs/integrations.md).
#include "app.hpp"
#include "input.hpp"
#include "output.hpp"

#include <sipwhy/exit_status.hpp>
#include <sipwhy/report/summary_merge.hpp>
#include <sipwhy/text.hpp>

#include <fmt/format.h>

namespace sipwhy::cli {
namespace {

// A summary is one line; anything longer than this is not one sipwhy printed.
constexpr std::size_t k_max_line = std::size_t{256} << 20;

}  // namespace

int run_merge(const Context& ctx, std::span<const std::string> operands) {
    const std::vector<std::string> inputs =
        operands_or_stdin(operands,
                          "merge: give the summaries (sipwhy --summary --json output) as "
                          "files, or pipe them in",
                          "merge: укажите сводки (вывод sipwhy --summary --json) файлами "
                          "или подайте их на вход");
    SummaryMerge merge;
    bool failed = false;
    std::vector<char> chunk(std::size_t{1} << 16);
    for (const auto& path : inputs) {
        const std::string name = display_name(path);
        try {
            ByteSource source(path);
            std::string line;
            std::uint64_t number = 0;
            const auto take = [&] {
                ++number;
                if (trim(line).empty()) {
                    return;
                }
                if (const auto problem = merge.add(line)) {
                    print_error(fmt::format("{}:{}: {}", shown_path(name), number, *problem));
                    failed = true;
                }
            };
            for (std::size_t n; (n = source.read(chunk.data(), chunk.size())) > 0;) {
                for (std::size_t i = 0; i < n; ++i) {
                    if (chunk[i] == '\n') {
                        take();
                        line.clear();
                    } else {
                        line += chunk[i];
                    }
                }
                if (line.size() > k_max_line) {
                    throw InputError{fmt::format("{}:{}: a line longer than a summary",
                                                 shown_path(name), number + 1)};
                }
            }
            take();
        } catch (const InputError& e) {
            print_error(e.message);
            failed = true;
        }
    }
    if (failed) {
        return to_int(ExitStatus::error);
    }
    if (!ctx.options.quiet) {
        if (ctx.options.csv) {
            merge.render_csv(out());
        } else {
            merge.render_json(out());
        }
    }
    return to_int(merge.total() > 0 ? ExitStatus::ok : ExitStatus::not_found);
}

}  // namespace sipwhy::cli
