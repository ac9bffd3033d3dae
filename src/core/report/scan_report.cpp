// The explanation cache and the response filter of a scan (scan_report.hpp).
#include <sipwhy/report/scan_report.hpp>

#include <algorithm>

namespace sipwhy {

ExplanationCache::ExplanationCache(const KnowledgeBase& kb, std::size_t capacity)
    : m_kb(kb), m_capacity(capacity) {}

const Explanation& ExplanationCache::get(int code, std::string_view reason) {
    const auto index = static_cast<std::size_t>(code - 100);
    const Map::value_type*& last = m_last.at(index);
    if (last != nullptr && last->first == reason) {
        return *last->second;
    }
    Map& map = m_by_code[index];
    if (const auto it = map.find(reason); it != map.end()) {
        last = &*it;
        return *it->second;
    }
    if (m_size >= m_capacity) {
        for (auto& m : m_by_code) {
            m.clear();
        }
        m_last.fill(nullptr);
        m_size = 0;
    }
    ++m_size;
    auto x = std::make_unique<Explanation>(explain_status(m_kb, code, reason));
    last = &*map.emplace(std::string(reason), std::move(x)).first;
    return *last->second;
}

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
