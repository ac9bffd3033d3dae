// The response filter of a scan (scan_report.hpp).
#include <sipwhy/report/scan_report.hpp>

#include <algorithm>

namespace sipwhy {

bool ResponseFilter::accepts(int code, Category category, NextStep next_step) const {
    if (failures_only && code < 300) {
        return false;
    }
    if (!classes.empty() &&
        std::find(classes.begin(), classes.end(), code / 100) == classes.end()) {
        return false;
    }
    if (!codes.empty() && std::find(codes.begin(), codes.end(), code) == codes.end()) {
        return false;
    }
    if (!categories.empty() &&
        std::find(categories.begin(), categories.end(), category) == categories.end()) {
        return false;
    }
    if (!next_steps.empty() &&
        std::find(next_steps.begin(), next_steps.end(), next_step) == next_steps.end()) {
        return false;
    }
    return true;
}

}  // namespace sipwhy
