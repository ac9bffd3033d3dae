// `--summary --by`'s rows as text, JSON and CSV (intervals.hpp).
#include <sipwhy/render/intervals.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sipwhy {
namespace {

using Json = nlohmann::ordered_json;

constexpr int k_bar_width = 20;

}  // namespace

void render_intervals_text(std::ostream& out, const IntervalSummary& intervals, bool kpi) {
    const auto rows = intervals.rows();
    std::uint64_t most = 0;
    for (const auto& r : rows) {
        most = std::max(most, r.failures);
    }
    const int label_width = intervals.by() == Interval::day ? 10 : 16;
    out << fmt::format("\n{:<{}}  {:>9}  {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}  {:>8}", "Interval",
                       label_width, "Responses", "1xx", "2xx", "3xx", "4xx", "5xx", "6xx",
                       "Failures");
    if (kpi) {
        out << fmt::format("  {:>8} {:>6}", "Attempts", "SER");
    }
    out << "  Top failure\n";
    for (const auto& r : rows) {
        out << fmt::format("{:<{}}  {:>9}  {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}  {:>8}", r.start,
                           label_width, r.responses, r.by_class[0], r.by_class[1], r.by_class[2],
                           r.by_class[3], r.by_class[4], r.by_class[5], r.failures);
        if (kpi) {
            out << fmt::format("  {:>8} {:>6}", r.attempts,
                               r.ser ? fmt::format("{:.1f}%", *r.ser) : std::string("-"));
        }
        // The dominant category of the failures, and a bar as long as the failures are many
        // next to the worst interval's.
        const auto top =
            std::max_element(r.by_category->begin(), r.by_category->end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        const std::string top_text = top == r.by_category->end()
                                         ? std::string("-")
                                         : fmt::format("{} {}", to_string(top->first), top->second);
        const auto bar =
            most == 0 ? 0 : static_cast<int>((r.failures * k_bar_width + most - 1) / most);
        std::string tail =
            fmt::format("  {:<18} {}", top_text, std::string(static_cast<std::size_t>(bar), '#'));
        tail.erase(tail.find_last_not_of(' ') + 1);
        out << tail << '\n';
    }
    if (intervals.untimed() > 0) {
        out << fmt::format("({} responses without a time)\n", intervals.untimed());
    }
}

Json intervals_json(const IntervalSummary& intervals, bool kpi) {
    Json rows = Json::array();
    for (const auto& r : intervals.rows()) {
        Json classes = Json::object();
        for (std::size_t i = 0; i < r.by_class.size(); ++i) {
            classes[fmt::format("{}xx", i + 1)] = r.by_class[i];
        }
        Json failures = Json::object();
        for (const auto& [category, count] : *r.by_category) {
            failures[std::string(to_string(category))] = count;
        }
        Json row = {{"start", r.start},
                    {"responses", r.responses},
                    {"by_class", std::move(classes)},
                    {"failures", r.failures},
                    {"failures_by_category", std::move(failures)}};
        if (kpi) {
            row["attempts"] = r.attempts;
            row["ser"] = r.ser ? Json(std::round(*r.ser * 10) / 10) : Json(nullptr);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

void render_intervals_csv(std::ostream& out, const IntervalSummary& intervals, bool kpi) {
    out << "start,responses,1xx,2xx,3xx,4xx,5xx,6xx,failures" << (kpi ? ",attempts,ser" : "")
        << '\n';
    for (const auto& r : intervals.rows()) {
        out << fmt::format("{},{},{},{},{},{},{},{},{}", r.start, r.responses, r.by_class[0],
                           r.by_class[1], r.by_class[2], r.by_class[3], r.by_class[4],
                           r.by_class[5], r.failures);
        if (kpi) {
            out << ',' << r.attempts << ','
                << (r.ser ? fmt::format("{:.1f}", *r.ser) : std::string{});
        }
        out << '\n';
    }
}

}  // namespace sipwhy
