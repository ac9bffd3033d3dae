// What every report of a scan shares (reports.hpp): each (code, phrase) explained once, and the
// filter of the responses to keep. Pure.
#pragma once

#include <sipwhy/analysis/explain.hpp>
#include <sipwhy/analysis/findings.hpp>
#include <sipwhy/analysis/intervals.hpp>
#include <sipwhy/analysis/kpi.hpp>
#include <sipwhy/analysis/summary.hpp>
#include <sipwhy/category.hpp>
#include <sipwhy/kb/knowledge_base.hpp>
#include <sipwhy/logs/log_scanner.hpp>
#include <sipwhy/render/render.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

namespace sipwhy {

// The responses to keep, like grep's pattern: every condition given must hold.
struct ResponseFilter {
    bool failures_only = false;        // codes 300 and above
    std::vector<int> classes;          // first digits, 1-6
    std::vector<Category> categories;  // the explanation's category
    std::vector<NextStep> next_steps;  // the explanation's next step
    std::vector<int> codes;

    bool accepts(int code, Category category, NextStep next_step) const;
    // For a call that never got a final answer: it counts as a failure and matches nothing else.
    bool accepts_unanswered() const {
        return classes.empty() && categories.empty() && next_steps.empty() && codes.empty();
    }
    bool empty() const {
        return !failures_only && classes.empty() && categories.empty() && next_steps.empty() &&
               codes.empty();
    }
};

}  // namespace sipwhy
